"""Adds a vmknic on a free dvPort of a distributed port group through HostNetworkSystem: args HOST
PORTGROUP IP. Prints the new device and its dvPort as read back."""
from vdsim_api import connect_to_host, emit, find, vim


def main():
    content, host, (pg_name, address) = connect_to_host()
    pg = find(content, vim.dvs.DistributedVirtualPortgroup, pg_name)
    uuid = pg.config.distributedVirtualSwitch.uuid
    ns = host.configManager.networkSystem
    device = ns.AddVirtualNic(portgroup="", nic=vim.host.VirtualNic.Specification(
        ip=vim.host.IpConfig(dhcp=False, ipAddress=address, subnetMask="255.255.255.0"),
        distributedVirtualPort=vim.dvs.PortConnection(switchUuid=uuid, portgroupKey=pg.key)))
    vnic = [v for v in host.config.network.vnic if v.device == device][0]
    port = vnic.spec.distributedVirtualPort
    emit({"device": device, "portgroup": vnic.portgroup, "switchUuid": port.switchUuid == uuid, "portgroupKey": port.portgroupKey == pg.key,
          "portKey": port.portKey, "address": vnic.spec.ip.ipAddress})


main()
