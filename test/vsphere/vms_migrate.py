"""Migrates a VM with MigrateVM_Task or RelocateVM_Task and follows the task's progress.

usage: vms_migrate.py PORT USER PASSWORD VM HOST migrate|relocate
prints the progress values seen, the task's end, eventChainId, and runtime.host after.
"""
from pyVim.task import WaitForTask

from vdsim_api import args, connect, emit, find, vim, vmodl
from vms_common import fault_info

vm_name, host_name, how = args()
si = connect()
content = si.RetrieveContent()
vm = find(content, vim.VirtualMachine, vm_name)
host = find(content, vim.HostSystem, host_name)
if how == "migrate":
    task = vm.MigrateVM_Task(host=host, priority=vim.VirtualMachine.MovePriority.highPriority)
else:
    task = vm.RelocateVM_Task(spec=vim.vm.RelocateSpec(host=host, pool=vm.resourcePool), priority="defaultPriority")
progress = []


def on_progress(_task, value):
    """pyVmomi's WaitForTask calls this as the task's info moves ("created", then each progress)."""
    if isinstance(value, int) and (not progress or progress[-1] != value):
        progress.append(value)


# watched with the property collector, as a user's script waits for it
try:
    WaitForTask(task, onProgressUpdate=on_progress)
except vmodl.MethodFault:
    pass  # the task's error, read from its info below
info = task.info
states = [info.state]
emit({
    "task": info.descriptionId,
    "name": info.name,
    "states": states,
    "progress": progress,
    "result": None if info.result is None else str(info.result),
    "error": fault_info(info.error) if info.error else None,
    "eventChainId": info.eventChainId,
    "entity": info.entity.name,
    "host": vm.runtime.host.name,
})
