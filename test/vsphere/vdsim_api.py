"""What every pyVmomi script of the e2e tests shares: connecting to vdsim's vSphere API, finding objects.

A script takes PORT USER PASSWORD first, prints one JSON object on stdout and exits 0; a failure is
a Python traceback on stderr and a non-zero exit (the test shows it).
"""
import json
import ssl
import sys

from pyVim.connect import SmartConnect
from pyVim.task import WaitForTask
from pyVmomi import vim, vmodl  # noqa: F401 (re-exported for the scripts)


def connect(password=None):
    """Logs in with the script's PORT USER PASSWORD (another password when given: to be refused)."""
    port, user = int(sys.argv[1]), sys.argv[2]
    context = ssl._create_unverified_context()
    return SmartConnect(host="127.0.0.1", port=port, user=user, pwd=sys.argv[3] if password is None else password, sslContext=context)


def args():
    """The script's own arguments, after PORT USER PASSWORD."""
    return sys.argv[4:]


def connect_to_host():
    """Connects and finds the HostSystem the script's first argument names: (content, host, the other arguments)."""
    name, *rest = args()
    content = connect().RetrieveContent()
    return content, find(content, vim.HostSystem, name), rest


def objects(content, kind):
    view = content.viewManager.CreateContainerView(content.rootFolder, [kind], True)
    try:
        return list(view.view)
    finally:
        view.Destroy()


def find(content, kind, name):
    for o in objects(content, kind):
        if o.name == name:
            return o
    raise LookupError("no %s named %r" % (kind.__name__, name))


def fault_name(err):
    """The vim25 fault type a client catches: InvalidArgument, DuplicateName, ..."""
    return type(err).__name__.split(".")[-1]


def wait(task, timeout=120):
    """Waits for a task with pyVmomi's WaitForTask (CreateFilter + WaitForUpdates on its info) and
    returns its result; raises the task's fault when it failed, TimeoutError after `timeout` s."""
    import threading
    outcome = {}

    def run():
        try:
            WaitForTask(task)
        except BaseException as err:  # the task's fault, raised again below
            outcome["error"] = err

    waiter = threading.Thread(target=run, daemon=True)
    waiter.start()
    waiter.join(timeout)
    if waiter.is_alive():
        raise TimeoutError("task %s did not end in %ss" % (task._moId, timeout))
    if "error" in outcome:
        raise outcome["error"]
    return task.info.result


def fault_of(call, *a, **kw):
    """Calls and returns the fault's type name, or None when it did not raise a vim fault."""
    try:
        result = call(*a, **kw)
        if isinstance(result, vim.Task):
            wait(result)
        return None
    except vmodl.MethodFault as err:
        return fault_name(err)


def emit(out):
    print(json.dumps(out, sort_keys=True, default=str))
