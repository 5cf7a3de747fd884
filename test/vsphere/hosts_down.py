"""A change on a host whose agent is down: args HOST. Prints the fault."""
from vdsim_api import args, connect, emit, fault_of, find, vim


def main():
    (host_name,) = args()
    si = connect()
    content = si.RetrieveContent()
    host = find(content, vim.HostSystem, host_name)
    ns = host.configManager.networkSystem
    emit({"addSwitch": fault_of(ns.AddVirtualSwitch, vswitchName="vSwitchDown", spec=vim.host.VirtualSwitch.Specification(numPorts=64))})


main()
