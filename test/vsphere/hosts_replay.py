"""Sets every standard switch, port group and vmknic of a host to what it reads back (what a
configuration tool's second run does): args HOST. Each call must change nothing."""
from vdsim_api import connect_to_host, emit


def main():
    content, host, _ = connect_to_host()
    ns = host.configManager.networkSystem
    net = host.config.network
    calls = 0
    for s in net.vswitch:
        ns.UpdateVirtualSwitch(vswitchName=s.name, spec=s.spec)
        calls += 1
    for pg in net.portgroup:
        ns.UpdatePortGroup(pgName=pg.spec.name, portgrp=pg.spec)
        calls += 1
    for v in net.vnic:
        ns.UpdateVirtualNic(device=v.device, nic=v.spec)
        calls += 1
    ns.RefreshNetworkSystem()
    after = host.config.network
    emit({"calls": calls,
          "same": [(s.name, s.mtu, s.numPorts) for s in after.vswitch] == [(s.name, s.mtu, s.numPorts) for s in net.vswitch]})


main()
