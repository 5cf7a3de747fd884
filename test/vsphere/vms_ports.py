"""Reads a VM's dvPorts with DistributedVirtualSwitch.FetchDVPorts.

usage: vms_ports.py PORT USER PASSWORD SWITCH VM
"""
from vdsim_api import args, connect, emit, find, vim

switch_name, vm_name = args()
si = connect()
content = si.RetrieveContent()
dvs = find(content, vim.DistributedVirtualSwitch, switch_name)
vm = find(content, vim.VirtualMachine, vm_name)
keys = [d.backing.port.portKey for d in vm.config.hardware.device if isinstance(d.backing, vim.vm.device.VirtualEthernetCard.DistributedVirtualPortBackingInfo)]


def port(p):
    s = p.state.stats
    setting = p.config.setting
    return {
        "key": p.key,
        "portgroupKey": p.portgroupKey,
        "dvsUuid": p.dvsUuid,
        "proxyHost": p.proxyHost.name if p.proxyHost else None,
        "connectee": p.connectee and {"entity": p.connectee.connectedEntity.name, "nicKey": p.connectee.nicKey, "type": p.connectee.type},
        "vlan": setting.vlan.vlanId,
        "blocked": setting.blocked.value,
        "linkUp": p.state.runtimeInfo.linkUp,
        "runtimeBlocked": p.state.runtimeInfo.blocked,
        "packetsInUnicast": s.packetsInUnicast,
        "packetsOutUnicast": s.packetsOutUnicast,
        "bytesOutUnicast": s.bytesOutUnicast,
        "packetsInDropped": s.packetsInDropped,
    }


mine = dvs.FetchDVPorts(vim.dvs.PortCriteria(portKey=keys))
port_keys = list(dvs.FetchDVPortKeys(vim.dvs.PortCriteria(portKey=keys)))
emit({
    "ports": [port(p) for p in mine],
    "all": len(dvs.FetchDVPorts()),
    "keys": port_keys,
    "allKeys": len(dvs.FetchDVPortKeys()),
    "connected": sorted(p.key for p in dvs.FetchDVPorts(vim.dvs.PortCriteria(connected=True))),
    "uplinks": len(dvs.FetchDVPorts(vim.dvs.PortCriteria(uplinkPort=True))),
    "inPortgroup": len(dvs.FetchDVPorts(vim.dvs.PortCriteria(portgroupKey=[mine[0].portgroupKey], inside=True))) if mine else 0,
    "outsidePortgroup": len(dvs.FetchDVPorts(vim.dvs.PortCriteria(portgroupKey=[mine[0].portgroupKey], inside=False))) if mine else 0,
})
