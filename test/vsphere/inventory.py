"""Lists a vdsim cluster through the vSphere API with pyVmomi, as an inventory script would; prints JSON.

usage: /usr/bin/python3 inventory.py PORT USER PASSWORD
"""
import json
import sys

from pyVim.connect import Disconnect
from vdsim_api import connect, objects, vim, vmodl


def nic_backing(device):
    backing = device.backing
    if isinstance(backing, vim.vm.device.VirtualEthernetCard.DistributedVirtualPortBackingInfo):
        return {"switchUuid": backing.port.switchUuid, "portgroupKey": backing.port.portgroupKey, "portKey": backing.port.portKey}
    return {"network": backing.deviceName}


si = connect()
content = si.RetrieveContent()
out = {
    "fullName": content.about.fullName,
    "apiType": content.about.apiType,
    "apiVersion": content.about.apiVersion,
    "userName": content.sessionManager.currentSession.userName,
    "datacenters": [dc.name for dc in content.rootFolder.childEntity],
    "hosts": [{"name": h.name, "connectionState": h.runtime.connectionState, "parent": h.parent.name} for h in sorted(objects(content, vim.HostSystem), key=lambda h: h.name)],
    "switches": [
        {
            "name": s.name,
            "uuid": s.uuid,
            "maxMtu": s.config.maxMtu,
            "uplinks": list(s.config.uplinkPortPolicy.uplinkPortName),
            "portgroups": [
                {"name": pg.name, "key": pg.key, "vlan": getattr(pg.config.defaultPortConfig.vlan, "vlanId", None) if not pg.config.uplink else "trunk"}
                for pg in s.portgroup
            ],
        }
        for s in objects(content, vim.DistributedVirtualSwitch)
    ],
    "vms": [
        {
            "name": v.name,
            "host": v.runtime.host.name,
            "powerState": v.runtime.powerState,
            "nics": [
                {"mac": d.macAddress, **nic_backing(d)}
                for d in v.config.hardware.device
                if isinstance(d, vim.vm.device.VirtualEthernetCard)
            ],
        }
        for v in objects(content, vim.VirtualMachine)
    ],
}


def every_property(content):
    """Every property of every entity vdsim serves, through pyVmomi's strict deserializer: how many objects it read."""
    pc = vmodl.query.PropertyCollector
    view = content.viewManager.CreateContainerView(content.rootFolder, [], True)
    kinds = [vim.Folder, vim.Datacenter, vim.ClusterComputeResource, vim.ResourcePool, vim.HostSystem, vim.VirtualMachine, vim.Network, vim.DistributedVirtualSwitch]
    spec = pc.FilterSpec(
        objectSet=[pc.ObjectSpec(obj=view, skip=True, selectSet=[pc.TraversalSpec(name="v", type=vim.view.ContainerView, path="view", skip=False)])],
        propSet=[pc.PropertySpec(type=k, all=True) for k in kinds],
    )
    try:
        return len(content.propertyCollector.RetrieveContents([spec]))
    finally:
        view.Destroy()


out["everyProperty"] = every_property(content)
Disconnect(si)

try:
    connect(sys.argv[3] + "-wrong")
    out["wrongPassword"] = "accepted"
except vim.fault.InvalidLogin as e:
    out["wrongPassword"] = "InvalidLogin"

print(json.dumps(out))
