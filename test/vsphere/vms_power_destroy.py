"""PowerOnVM_Task / PowerOffVM_Task of a running VM, then Destroy_Task.

usage: vms_power_destroy.py PORT USER PASSWORD VM
"""
from vdsim_api import args, connect, emit, find, objects, vim, vmodl, wait
from vms_common import fault_info

(vm_name,) = args()
si = connect()
content = si.RetrieveContent()
vm = find(content, vim.VirtualMachine, vm_name)


def outcome(call):
    try:
        wait(call())
        return None
    except vmodl.MethodFault as err:
        return fault_info(err)


out = {"powerState": vm.runtime.powerState, "powerOn": outcome(vm.PowerOnVM_Task), "powerOff": outcome(vm.PowerOffVM_Task)}
out["powerStateAfter"] = vm.runtime.powerState
destroy = vm.Destroy_Task()
out["destroy"] = wait(destroy)
out["destroyTask"] = destroy.info.descriptionId
out["vms"] = sorted(v.name for v in objects(content, vim.VirtualMachine))
out["again"] = outcome(vm.Destroy_Task)
emit(out)
