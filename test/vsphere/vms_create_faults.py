"""Each refusal of CreateVM_Task, as a client catches it by type.

usage: vms_create_faults.py PORT USER PASSWORD EXISTING_VM PORTGROUP OUTSIDER_HOST
"""
from vdsim_api import args, connect, emit, find, vim, vmodl, wait
from vms_common import dvs_backing, fault_info, network_backing, nic_spec

existing, portgroup, outsider = args()
si = connect()
content = si.RetrieveContent()
dc = content.rootFolder.childEntity[0]
pool = dc.hostFolder.childEntity[0].resourcePool


def attempt(name, devices, host=None, memory=256):
    try:
        config = vim.vm.ConfigSpec(name=name, memoryMB=memory, deviceChange=devices)
        wait(dc.vmFolder.CreateVM_Task(config=config, pool=pool, host=host))
        return None
    except vmodl.MethodFault as err:
        return fault_info(err)


disk = vim.vm.device.VirtualDeviceSpec(operation="add", device=vim.vm.device.VirtualDisk(key=-2, capacityInKB=1024))
emit({
    "duplicate": attempt(existing, [nic_spec("VirtualVmxnet3", dvs_backing(content, portgroup))]),
    "badSwitchUuid": attempt("x1", [nic_spec("VirtualVmxnet3", dvs_backing(content, portgroup, switch_uuid="00 11 22 33 44 55 66 77-88 99 aa bb cc dd ee ff"))]),
    "badPortgroupKey": attempt("x2", [nic_spec("VirtualVmxnet3", dvs_backing(content, portgroup, portgroup_key="dvportgroup-999"))]),
    "badNetwork": attempt("x3", [nic_spec("VirtualE1000", network_backing("No Such Network"))]),
    "noNic": attempt("x4", []),
    "disk": attempt("x5", [disk]),
    "badMemory": attempt("x6", [nic_spec("VirtualVmxnet3", dvs_backing(content, portgroup))], memory=-4),
    "hostNotOnSwitch": attempt("x7", [nic_spec("VirtualVmxnet3", dvs_backing(content, portgroup))], host=find(content, vim.HostSystem, outsider)),
    "vmsAfter": sorted(v.name for v in dc.vmFolder.childEntity),
})
