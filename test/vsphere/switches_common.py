"""The port group settings the switches scripts set and read back (shared so they compare like with like)."""
from vdsim_api import vim


def bool_policy(value):
    return vim.BoolPolicy(inherited=False, value=value)


def long_policy(value):
    return vim.LongPolicy(inherited=False, value=value)


def shaping(enabled, average, peak, burst):
    return vim.dvs.DistributedVirtualPort.TrafficShapingPolicy(
        inherited=False, enabled=bool_policy(enabled), averageBandwidth=long_policy(average),
        peakBandwidth=long_policy(peak), burstSize=long_policy(burst))


def reconfigured_setting():
    """VLAN 20, security accept/accept/reject, shaping in and out apart, explicit failover, blocked."""
    teaming = vim.dvs.VmwareDistributedVirtualSwitch.UplinkPortTeamingPolicy(
        inherited=False,
        policy=vim.StringPolicy(inherited=False, value="failover_explicit"),
        notifySwitches=bool_policy(False),
        rollingOrder=bool_policy(True),
        uplinkPortOrder=vim.dvs.VmwareDistributedVirtualSwitch.UplinkPortOrderPolicy(
            inherited=False, activeUplinkPort=["uplink2"], standbyUplinkPort=["uplink1"]))
    security = vim.dvs.VmwareDistributedVirtualSwitch.SecurityPolicy(
        inherited=False, allowPromiscuous=bool_policy(True), macChanges=bool_policy(True), forgedTransmits=bool_policy(False))
    return vim.dvs.VmwareDistributedVirtualSwitch.VmwarePortConfigPolicy(
        vlan=vim.dvs.VmwareDistributedVirtualSwitch.VlanIdSpec(inherited=False, vlanId=20),
        securityPolicy=security,
        inShapingPolicy=shaping(True, 100000000, 200000000, 104857600),
        outShapingPolicy=shaping(True, 50000000, 60000000, 1048576),
        uplinkTeamingPolicy=teaming,
        blocked=bool_policy(True))


def read_setting(s):
    """A VMwareDVSPortSetting as plain JSON."""
    vlan = s.vlan
    if isinstance(vlan, vim.dvs.VmwareDistributedVirtualSwitch.TrunkVlanSpec):
        vlan_out = [[r.start, r.end] for r in vlan.vlanId]
    else:
        vlan_out = vlan.vlanId
    t = s.uplinkTeamingPolicy

    def shape(p):
        return {"enabled": p.enabled.value, "average": p.averageBandwidth.value, "peak": p.peakBandwidth.value, "burst": p.burstSize.value}

    return {
        "vlan": vlan_out,
        "security": [s.securityPolicy.allowPromiscuous.value, s.securityPolicy.macChanges.value, s.securityPolicy.forgedTransmits.value],
        "in": shape(s.inShapingPolicy),
        "out": shape(s.outShapingPolicy),
        "teaming": {
            "policy": t.policy.value, "notifySwitches": t.notifySwitches.value, "rollingOrder": t.rollingOrder.value,
            "active": list(t.uplinkPortOrder.activeUplinkPort), "standby": list(t.uplinkPortOrder.standbyUplinkPort),
        },
        "blocked": s.blocked.value,
        "mac": [s.macManagementPolicy.allowPromiscuous, s.macManagementPolicy.macChanges, s.macManagementPolicy.forgedTransmits],
    }


def read_portgroup(pg):
    c = pg.config
    return {
        "key": pg.key, "name": c.name, "numPorts": c.numPorts, "type": c.type, "configVersion": c.configVersion,
        "switch": c.distributedVirtualSwitch._moId, "portKeys": len(pg.portKeys), "setting": read_setting(c.defaultPortConfig),
    }
