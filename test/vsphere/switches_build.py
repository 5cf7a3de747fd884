"""Builds a VDS through the vSphere API as a pyVmomi tool would: ask the DVS manager, create the switch,
add both hosts with vmnic1, add a port group on VLAN 10, reconfigure it; prints what reads back.

usage: /usr/bin/python3 switches_build.py PORT USER PASSWORD SWITCH PORTGROUP
"""
from vdsim_api import args, connect, emit, find, vim, vmodl, wait
from switches_common import read_portgroup, read_setting, reconfigured_setting

name, pg_name = args()
si = connect()
content = si.RetrieveContent()
manager = content.dvSwitchManager
specs = manager.QueryAvailableDvsSpec()
host_specs = manager.QueryDvsCompatibleHostSpec()
dc = content.rootFolder.childEntity[0]

config = vim.dvs.VmwareDistributedVirtualSwitch.ConfigSpec(
    name=name, maxMtu=9000,
    uplinkPortPolicy=vim.DistributedVirtualSwitch.NameArrayUplinkPortPolicy(uplinkPortName=["uplink1", "uplink2"]))
create = vim.DistributedVirtualSwitch.CreateSpec(configSpec=config, productInfo=specs[0])
dvs = wait(dc.networkFolder.CreateDVS_Task(create))
created_version = dvs.config.configVersion

hosts = [find(content, vim.HostSystem, h) for h in ("esx-01", "esx-02")]
members = [
    vim.dvs.HostMember.ConfigSpec(
        operation="add", host=h,
        backing=vim.dvs.HostMember.PnicBacking(pnicSpec=[vim.dvs.HostMember.PnicSpec(pnicDevice="vmnic1")]))
    for h in hosts
]
wait(dvs.ReconfigureDvs_Task(vim.dvs.VmwareDistributedVirtualSwitch.ConfigSpec(configVersion=dvs.config.configVersion, host=members)))

pg_spec = vim.dvs.DistributedVirtualPortgroup.ConfigSpec(
    name=pg_name, numPorts=16, type="earlyBinding",
    defaultPortConfig=vim.dvs.VmwareDistributedVirtualSwitch.VmwarePortConfigPolicy(
        vlan=vim.dvs.VmwareDistributedVirtualSwitch.VlanIdSpec(inherited=False, vlanId=10)))
wait(dvs.AddDVPortgroup_Task([pg_spec]))
pg = find(content, vim.dvs.DistributedVirtualPortgroup, pg_name)
added = read_portgroup(pg)

spec = vim.dvs.DistributedVirtualPortgroup.ConfigSpec(configVersion=pg.config.configVersion, defaultPortConfig=reconfigured_setting())
wait(pg.ReconfigureDVPortgroup_Task(spec))
reconfigured = read_portgroup(pg)
# the same play again: reads back the same, with the configVersion it now has
again = vim.dvs.DistributedVirtualPortgroup.ConfigSpec(configVersion=pg.config.configVersion, defaultPortConfig=reconfigured_setting())
wait(pg.ReconfigureDVPortgroup_Task(again))



def every_property(obj):
    """Every property of the object through the property collector: pyVmomi's strict deserializer reads each."""
    pc = content.propertyCollector
    spec = vmodl.query.PropertyCollector.FilterSpec(
        objectSet=[vmodl.query.PropertyCollector.ObjectSpec(obj=obj)],
        propSet=[vmodl.query.PropertyCollector.PropertySpec(type=type(obj), all=True)])
    return sorted(p.name for o in pc.RetrieveContents([spec]) for p in o.propSet)


# a switch made whole in one spec, hosts and all (as Terraform's provider creates one)
whole = vim.dvs.VmwareDistributedVirtualSwitch.ConfigSpec(name=name + "-whole", host=[
    vim.dvs.HostMember.ConfigSpec(operation="add", host=h, backing=vim.dvs.HostMember.PnicBacking(pnicSpec=[
        vim.dvs.HostMember.PnicSpec(pnicDevice="vmnic2"), vim.dvs.HostMember.PnicSpec(pnicDevice="vmnic3")]))
    for h in hosts])
whole_task = dc.networkFolder.CreateDVS_Task(vim.DistributedVirtualSwitch.CreateSpec(configSpec=whole))
whole_dvs = wait(whole_task)
whole_out = {
    "taskEntity": whole_task.info.entity._moId, "moId": whole_dvs._moId, "configVersion": whole_dvs.config.configVersion,
    "hosts": sorted([m.config.host.name, [p.pnicDevice for p in m.config.backing.pnicSpec]] for m in whole_dvs.config.host),
}
wait(whole_dvs.Destroy_Task())

c = dvs.config
emit({
    "whole": whole_out,
    "switchProperties": every_property(dvs),
    "portgroupProperties": every_property(pg),
    "managerProperties": every_property(manager),
    "productSpecs": [[s.name, s.vendor, s.version] for s in specs],
    "hostSpecs": [[s.productLineId, s.version] for s in host_specs],
    "switch": {
        "moId": dvs._moId, "name": c.name, "uuid": dvs.uuid, "maxMtu": c.maxMtu, "configVersion": c.configVersion,
        "createdVersion": created_version, "uplinks": list(c.uplinkPortPolicy.uplinkPortName),
        "product": [c.productInfo.name, c.productInfo.vendor, c.productInfo.version],
        "hosts": sorted([m.config.host.name, [(p.pnicDevice, p.uplinkPortgroupKey is not None, p.uplinkPortKey is not None) for p in m.config.backing.pnicSpec]] for m in c.host),
        "portgroups": sorted(p.name for p in dvs.portgroup),
        "summaryHosts": sorted(h.name for h in dvs.summary.hostMember),
        "defaultPortConfig": read_setting(c.defaultPortConfig),
    },
    "byUuid": manager.QueryDvsByUuid(dvs.uuid)._moId,
    "lookup": manager.LookupPortgroup(dvs.uuid, pg.key).name,
    "switchLookup": dvs.LookupPortgroup(pg.key).name,
    "added": added,
    "reconfigured": reconfigured,
    "again": read_portgroup(pg),
})
