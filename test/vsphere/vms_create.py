"""Creates a VM through Folder.CreateVM_Task and reads it back.

usage: vms_create.py PORT USER PASSWORD VM PORTGROUP [STANDARD_NETWORK] [HOST] [MEMORY_MB]
  a VirtualVmxnet3 on the distributed port group PORTGROUP, and a VirtualE1000 on the standard
  network when one is named ("-" for none); HOST "-" lets vCenter place it.
"""
from vdsim_api import args, connect, emit, find, vim, wait
from vms_common import dvs_backing, network_backing, nic_spec, nics_of

a = args()
name, portgroup = a[0], a[1]
standard = a[2] if len(a) > 2 and a[2] != "-" else None
host_name = a[3] if len(a) > 3 and a[3] != "-" else None
memory = int(a[4]) if len(a) > 4 else 512
si = connect()
content = si.RetrieveContent()
dc = content.rootFolder.childEntity[0]
cluster = dc.hostFolder.childEntity[0]
devices = [nic_spec("VirtualVmxnet3", dvs_backing(content, portgroup))]
if standard:
    devices.append(nic_spec("VirtualE1000", network_backing(standard)))
config = vim.vm.ConfigSpec(name=name, memoryMB=memory, numCPUs=2, guestId="debian10_64Guest", deviceChange=devices)
host = find(content, vim.HostSystem, host_name) if host_name else None
task = dc.vmFolder.CreateVM_Task(config=config, pool=cluster.resourcePool, host=host)
vm = wait(task)
emit({
    "task": task.info.descriptionId,
    "result": vm._moId,
    "name": vm.name,
    "host": vm.runtime.host.name,
    "powerState": vm.runtime.powerState,
    "memoryMB": vm.config.hardware.memoryMB,
    "numCPU": vm.config.hardware.numCPU,
    "guestId": vm.config.guestId,
    "networks": sorted(n.name for n in vm.network),
    "nics": nics_of(vm),
    "inFolder": vm in dc.vmFolder.childEntity,
})
