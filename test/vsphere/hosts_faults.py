"""Each bad HostNetworkSystem / HostVirtualNicManager call and the fault it gets: args HOST."""
from vdsim_api import connect_to_host, emit, fault_of, vim, vmodl


def invalid_property(call, *a, **kw):
    try:
        call(*a, **kw)
        return None
    except vmodl.fault.InvalidArgument as err:
        return err.invalidProperty


def main():
    content, host, _ = connect_to_host()
    ns = host.configManager.networkSystem
    vnm = host.configManager.virtualNicManager
    Spec = vim.host.VirtualSwitch.Specification
    Pg = vim.host.PortGroup.Specification
    emit({
        "switchExists": fault_of(ns.AddVirtualSwitch, vswitchName="vSwitch0", spec=Spec(numPorts=128)),
        "portgroupExists": fault_of(ns.AddPortGroup, portgrp=Pg(name="VM Network", vlanId=0, vswitchName="vSwitch0", policy=vim.host.NetworkPolicy())),
        "noSuchSwitch": fault_of(ns.RemoveVirtualSwitch, vswitchName="vSwitch9"),
        "noSuchSwitchForPortgroup": fault_of(ns.AddPortGroup, portgrp=Pg(name="x", vlanId=0, vswitchName="vSwitch9", policy=vim.host.NetworkPolicy())),
        "noSuchPortgroup": fault_of(ns.RemovePortGroup, pgName="nope"),
        "noSuchDevice": fault_of(ns.RemoveVirtualNic, device="vmk9"),
        "noSuchDeviceSelect": fault_of(vnm.SelectVnicForNicType, nicType="vmotion", device="vmk9"),
        "switchInUse": fault_of(ns.RemoveVirtualSwitch, vswitchName="vSwitch0"),
        "portgroupInUse": fault_of(ns.RemovePortGroup, pgName="Management Network"),
        "mtu": fault_of(ns.AddVirtualSwitch, vswitchName="vSwitchBig", spec=Spec(numPorts=128, mtu=10000)),
        "mtuProperty": invalid_property(ns.AddVirtualSwitch, vswitchName="vSwitchBig", spec=Spec(numPorts=128, mtu=10000)),
        "vlan": fault_of(ns.AddPortGroup, portgrp=Pg(name="v5000", vlanId=5000, vswitchName="vSwitch0", policy=vim.host.NetworkPolicy())),
        "vlanProperty": invalid_property(ns.AddPortGroup, portgrp=Pg(name="v5000", vlanId=5000, vswitchName="vSwitch0", policy=vim.host.NetworkPolicy())),
        "badIpProperty": invalid_property(ns.AddVirtualNic, portgroup="VM Network",
                                          nic=vim.host.VirtualNic.Specification(ip=vim.host.IpConfig(dhcp=False, ipAddress="10.0.0.500", subnetMask="255.255.255.0"))),
        "nicTypeProperty": invalid_property(vnm.QueryNetConfig, nicType="bogus"),
    })


main()
