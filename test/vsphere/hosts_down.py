"""A change on a host whose agent is down: args HOST. Prints the fault."""
from vdsim_api import connect_to_host, emit, fault_of, vim


def main():
    content, host, _ = connect_to_host()
    ns = host.configManager.networkSystem
    emit({"addSwitch": fault_of(ns.AddVirtualSwitch, vswitchName="vSwitchDown", spec=vim.host.VirtualSwitch.Specification(numPorts=64))})


main()
