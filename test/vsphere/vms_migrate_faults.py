"""The refusals of a migration that a client catches by type, each before anything is recorded.

usage: vms_migrate_faults.py PORT USER PASSWORD VM HOST [concurrent]
  tries VM to HOST with MigrateVM_Task and RelocateVM_Task; with "concurrent", starts a migration
  and asks for a second while the first runs. Prints each fault.
"""
from vdsim_api import args, connect, emit, find, vim, vmodl, wait
from vms_common import fault_info

a = args()
vm_name, host_name = a[0], a[1]
si = connect()
content = si.RetrieveContent()
vm = find(content, vim.VirtualMachine, vm_name)
host = find(content, vim.HostSystem, host_name)


def outcome(call):
    try:
        wait(call(), timeout=120)
        return None
    except vmodl.MethodFault as err:
        return fault_info(err)


out = {}
if len(a) > 2 and a[2] == "concurrent":
    first = vm.MigrateVM_Task(host=host, priority="defaultPriority")
    out["second"] = outcome(lambda: vm.RelocateVM_Task(spec=vim.vm.RelocateSpec(host=host)))
    out["first"] = outcome(lambda: first)
else:
    out["migrate"] = outcome(lambda: vm.MigrateVM_Task(host=host, priority="defaultPriority"))
    out["relocate"] = outcome(lambda: vm.RelocateVM_Task(spec=vim.vm.RelocateSpec(host=host)))
    out["noHost"] = outcome(lambda: vm.MigrateVM_Task(priority="defaultPriority"))
    out["datastore"] = outcome(lambda: vm.RelocateVM_Task(spec=vim.vm.RelocateSpec(host=host, datastore=vim.Datastore("datastore-1"))))
    out["poweredOff"] = outcome(lambda: vm.MigrateVM_Task(host=host, priority="defaultPriority", state="poweredOff"))
    here = vm.runtime.host
    out["sameHost"] = outcome(lambda: vm.MigrateVM_Task(host=here, priority="defaultPriority"))
    out["sameHostRelocate"] = outcome(lambda: vm.RelocateVM_Task(spec=vim.vm.RelocateSpec(host=here)))
out["host"] = vm.runtime.host.name
emit(out)
