"""Adds a vSwitch, a port group and a vMotion vmknic on a host through HostNetworkSystem and
HostVirtualNicManager: args HOST IP. Prints what it read back."""
from vdsim_api import connect_to_host, emit, vim


def main():
    content, host, (address,) = connect_to_host()
    ns = host.configManager.networkSystem
    vnm = host.configManager.virtualNicManager

    ns.AddVirtualSwitch(vswitchName="vSwitch1", spec=vim.host.VirtualSwitch.Specification(
        numPorts=64, mtu=9000, bridge=vim.host.VirtualSwitch.BondBridge(nicDevice=["vmnic2"])))
    ns.AddPortGroup(portgrp=vim.host.PortGroup.Specification(
        name="Storage", vlanId=30, vswitchName="vSwitch1",
        policy=vim.host.NetworkPolicy(security=vim.host.NetworkPolicy.SecurityPolicy(allowPromiscuous=True))))
    # the vMotion network on vSwitch0, whose vmnic0 reaches the other host
    ns.AddPortGroup(portgrp=vim.host.PortGroup.Specification(name="vMotion", vlanId=0, vswitchName="vSwitch0", policy=vim.host.NetworkPolicy()))
    device = ns.AddVirtualNic(portgroup="vMotion", nic=vim.host.VirtualNic.Specification(
        ip=vim.host.IpConfig(dhcp=False, ipAddress=address, subnetMask="255.255.255.0"), mtu=1500))
    vnm.SelectVnicForNicType(nicType="vmotion", device=device)

    net = host.config.network
    sw = [s for s in net.vswitch if s.name == "vSwitch1"][0]
    storage = [p for p in net.portgroup if p.spec.name == "Storage"][0]
    vnic = [v for v in net.vnic if v.device == device][0]
    emit({
        "device": device,
        "vswitch": {"numPorts": sw.numPorts, "mtu": sw.mtu, "bridge": list(sw.spec.bridge.nicDevice), "activeNic": list(sw.spec.policy.nicTeaming.nicOrder.activeNic)},
        "storage": {"vlanId": storage.spec.vlanId, "vswitchName": storage.spec.vswitchName, "ownPromiscuous": storage.spec.policy.security.allowPromiscuous,
                    "computedPromiscuous": storage.computedPolicy.security.allowPromiscuous},
        "vnic": {"portgroup": vnic.portgroup, "address": vnic.spec.ip.ipAddress, "netmask": vnic.spec.ip.subnetMask, "mtu": vnic.spec.mtu},
        "selected": list(vnm.QueryNetConfig("vmotion").selectedVnic or []),
        "vmotionEnabled": host.summary.config.vmotionEnabled,
        "configVmotion": [host.config.vmotion.netConfig.selectedVnic, host.config.vmotion.ipConfig.ipAddress],
    })


main()
