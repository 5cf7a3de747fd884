"""Every fault a switch or port group method raises for bad input, by type name.

usage: /usr/bin/python3 switches_faults.py PORT USER PASSWORD SWITCH PORTGROUP_IN_USE
"""
from vdsim_api import args, connect, emit, fault_of, find, vim, vmodl
from switches_common import reconfigured_setting

name, pg_name = args()
content = connect().RetrieveContent()
dc = content.rootFolder.childEntity[0]
dvs = find(content, vim.DistributedVirtualSwitch, name)
pg = find(content, vim.dvs.DistributedVirtualPortgroup, pg_name)
VS = vim.dvs.VmwareDistributedVirtualSwitch


def create(config):
    return dc.networkFolder.CreateDVS_Task(vim.DistributedVirtualSwitch.CreateSpec(configSpec=config))


stale = str(int(pg.config.configVersion) + 7)
ghost = vim.HostSystem("host-999", stub=content.rootFolder._stub)
out = {
    "duplicateSwitch": fault_of(create, VS.ConfigSpec(name=name)),
    "duplicatePortgroup": fault_of(dvs.AddDVPortgroup_Task, [vim.dvs.DistributedVirtualPortgroup.ConfigSpec(name=pg_name, type="earlyBinding")]),
    "stalePortgroup": fault_of(pg.ReconfigureDVPortgroup_Task, vim.dvs.DistributedVirtualPortgroup.ConfigSpec(configVersion=stale, defaultPortConfig=reconfigured_setting())),
    "staleSwitch": fault_of(dvs.ReconfigureDvs_Task, VS.ConfigSpec(configVersion=str(int(dvs.config.configVersion) + 7), maxMtu=1600)),
    "unknownHost": fault_of(dvs.ReconfigureDvs_Task, VS.ConfigSpec(configVersion=dvs.config.configVersion, host=[vim.dvs.HostMember.ConfigSpec(operation="add", host=ghost)])),
    "unknownHostAtCreate": fault_of(create, VS.ConfigSpec(name="vds-ghost", host=[vim.dvs.HostMember.ConfigSpec(operation="add", host=ghost)])),
    "vlan5000": fault_of(dvs.AddDVPortgroup_Task, [vim.dvs.DistributedVirtualPortgroup.ConfigSpec(
        name="pg-5000", type="earlyBinding", defaultPortConfig=VS.VmwarePortConfigPolicy(vlan=VS.VlanIdSpec(inherited=False, vlanId=5000)))]),
    "reconfigureVlan5000": fault_of(pg.ReconfigureDVPortgroup_Task, vim.dvs.DistributedVirtualPortgroup.ConfigSpec(
        configVersion=pg.config.configVersion, defaultPortConfig=VS.VmwarePortConfigPolicy(vlan=VS.VlanIdSpec(inherited=False, vlanId=5000)))),
    "renamedUplinks": fault_of(create, VS.ConfigSpec(name="vds-renamed", uplinkPortPolicy=vim.DistributedVirtualSwitch.NameArrayUplinkPortPolicy(uplinkPortName=["up-a", "up-b"]))),
    "rename": fault_of(pg.ReconfigureDVPortgroup_Task, vim.dvs.DistributedVirtualPortgroup.ConfigSpec(configVersion=pg.config.configVersion, name="other")),
    "ephemeral": fault_of(dvs.CreateDVPortgroup_Task, vim.dvs.DistributedVirtualPortgroup.ConfigSpec(name="pg-eph", type="ephemeral")),
    "destroyInUse": fault_of(pg.Destroy_Task),
    "destroySwitchInUse": fault_of(dvs.Destroy_Task),
    "removeHostInUse": fault_of(dvs.ReconfigureDvs_Task, VS.ConfigSpec(configVersion=dvs.config.configVersion, host=[
        vim.dvs.HostMember.ConfigSpec(operation="remove", host=find(content, vim.HostSystem, "esx-01"))])),
    "addMemberAgain": fault_of(dvs.ReconfigureDvs_Task, VS.ConfigSpec(configVersion=dvs.config.configVersion, host=[
        vim.dvs.HostMember.ConfigSpec(operation="add", host=find(content, vim.HostSystem, "esx-02"))])),
    "moveUplinks": fault_of(dvs.ReconfigureDvs_Task, VS.ConfigSpec(configVersion=dvs.config.configVersion, host=[
        vim.dvs.HostMember.ConfigSpec(operation="edit", host=find(content, vim.HostSystem, "esx-02"),
                                      backing=vim.dvs.HostMember.PnicBacking(pnicSpec=[vim.dvs.HostMember.PnicSpec(pnicDevice="vmnic0")]))])),
    "badMtu": fault_of(dvs.ReconfigureDvs_Task, VS.ConfigSpec(configVersion=dvs.config.configVersion, maxMtu=20000)),
    "byUuid": fault_of(content.dvSwitchManager.QueryDvsByUuid, "00 11 22 33 44 55 66 77-88 99 aa bb cc dd ee ff"),
    "lookup": fault_of(content.dvSwitchManager.LookupPortgroup, dvs.uuid, "dvportgroup-999"),
}
try:
    dvs.ReconfigureDvs_Task(VS.ConfigSpec(configVersion="0", maxMtu=1600))
except vim.fault.ConcurrentAccess as err:
    out["staleMessage"] = err.msg
try:
    dvs.ReconfigureDvs_Task(VS.ConfigSpec(configVersion=dvs.config.configVersion, maxMtu=20000))
except vmodl.fault.InvalidArgument as err:
    out["badMtuProperty"] = err.invalidProperty
emit(out)
