"""Reads a host's config.network, configManager and datastores through pyVmomi: args HOST."""
from vdsim_api import connect_to_host, emit, vmodl


def ip_of(vnic):
    ip = vnic.spec.ip
    return {"dhcp": ip.dhcp, "address": ip.ipAddress, "netmask": ip.subnetMask}


def every_property(content, objs):
    """Every property of the objects, all=True, through pyVmomi's strict deserializer: how many it read."""
    pc = vmodl.query.PropertyCollector
    spec = pc.FilterSpec(
        objectSet=[pc.ObjectSpec(obj=o) for o in objs],
        propSet=[pc.PropertySpec(type=type(o), all=True) for o in objs],
    )
    return len(content.propertyCollector.RetrieveContents([spec]))


def main():
    content, host, _ = connect_to_host()
    net = host.config.network
    pnic_of = {p.key: p.device for p in net.pnic}
    pg_of = {pg.key: pg.spec.name for pg in net.portgroup}
    ns = host.configManager.networkSystem
    vnm = host.configManager.virtualNicManager
    emit({
        "vswitches": [{
            "name": s.name, "key": s.key, "numPorts": s.numPorts, "numPortsAvailable": s.numPortsAvailable, "mtu": s.mtu,
            "uplinks": [pnic_of[k] for k in (s.pnic or [])],
            "portgroups": [pg_of[k] for k in (s.portgroup or [])],
            "bridge": list(s.spec.bridge.nicDevice) if s.spec.bridge else None,
            "allowPromiscuous": s.spec.policy.security.allowPromiscuous,
            "loadBalancing": s.spec.policy.nicTeaming.policy,
            "activeNic": list(s.spec.policy.nicTeaming.nicOrder.activeNic or []),
        } for s in net.vswitch],
        "portgroups": [{
            "name": pg.spec.name, "key": pg.key, "vlanId": pg.spec.vlanId, "vswitchName": pg.spec.vswitchName, "vswitch": pg.vswitch,
            "ports": [p.type for p in (pg.port or [])],
            "ownSecurity": pg.spec.policy.security.allowPromiscuous,
            "computedPromiscuous": pg.computedPolicy.security.allowPromiscuous,
        } for pg in net.portgroup],
        "vnics": [{
            "device": v.device, "key": v.key, "portgroup": v.portgroup, "mac": v.spec.mac, "mtu": v.spec.mtu, "ip": ip_of(v),
            "dvPort": None if v.spec.distributedVirtualPort is None else {
                "switchUuid": v.spec.distributedVirtualPort.switchUuid,
                "portgroupKey": v.spec.distributedVirtualPort.portgroupKey,
                "portKey": v.spec.distributedVirtualPort.portKey},
        } for v in net.vnic],
        "pnics": [{"device": p.device, "key": p.key, "mac": p.mac, "driver": p.driver, "speedMb": p.linkSpeed.speedMb} for p in net.pnic],
        "proxySwitches": [{
            "dvsName": p.dvsName, "dvsUuid": p.dvsUuid, "mtu": p.mtu, "pnics": [pnic_of[k] for k in (p.pnic or [])],
            "backing": [s.pnicDevice for s in p.spec.backing.pnicSpec],
        } for p in (net.proxySwitch or [])],
        "product": host.config.product.fullName,
        "networkSystem": ns._moId,
        "virtualNicManager": vnm._moId,
        "sameNetworkInfo": [s.name for s in ns.networkInfo.vswitch] == [s.name for s in net.vswitch]
            and [v.device for v in ns.networkInfo.vnic] == [v.device for v in net.vnic],
        "vmotionSelected": list(vnm.QueryNetConfig("vmotion").selectedVnic or []),
        "managementSelected": list(vnm.QueryNetConfig("management").selectedVnic or []),
        "infoNicTypes": [c.nicType for c in vnm.info.netConfig],
        "vmotionEnabled": host.summary.config.vmotionEnabled,
        "datastores": [{"name": d.name, "id": d._moId, "type": d.summary.type, "hosts": [m.key._moId for m in d.host],
                        "inFolder": d._moId in [x._moId for x in content.rootFolder.childEntity[0].datastoreFolder.childEntity]}
                       for d in host.datastore],
        "hostId": host._moId,
        "everyProperty": every_property(content, [host, ns, vnm] + list(host.datastore)),
        "hardware": {"cpus": host.summary.hardware.numCpuCores, "nics": host.summary.hardware.numNics,
                     "memory": host.hardware.memorySize, "packages": len(host.hardware.cpuPkg)},
    })


main()
