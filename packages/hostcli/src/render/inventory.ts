import { hostRealizedConfig, type ClusterState } from "@vdsim/model";
import type { HostCliOutput } from "../request.js";
import { esxcliTable, ok, worldId, type Cell } from "./format.js";

/** esxcli network nic list: every vmnic up at 1000 Mb/s full duplex, with the MTU of the switch it uplinks. */
export function renderPhysicalNicList(state: ClusterState, host: string): HostCliOutput {
  const view = hostRealizedConfig(state, host);
  const mtuOf = (pnic: string): number =>
    view.standardSwitches.find((s) => s.uplinks.includes(pnic))?.mtu ??
    view.proxySwitches.find((p) => Object.values(p.uplinks).includes(pnic))?.mtu ??
    1500;
  const rows = view.pnics.map((p, i): Cell[] => [
    p.name,
    `0000:${(2 + i).toString(16).padStart(2, "0")}:00.0`,
    "e1000",
    "Up",
    1000,
    "Full",
    p.mac,
    mtuOf(p.name),
    "Intel Corporation 82545EM Gigabit Ethernet Controller (Copper)",
  ]);
  return ok(esxcliTable(["Name", "PCI Device", "Driver", "Link", "Speed", "Duplex", "MAC Address", "MTU", "Description"], rows));
}

/** esxcli network vm list: the host's VMs with their port count and networks. */
export function renderVmNetworkList(state: ClusterState, host: string): HostCliOutput {
  const rows = Object.values(state.vms)
    .filter((vm) => vm.host === host)
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .map((vm): Cell[] => [worldId(vm.name), vm.name, vm.nics.length, [...new Set(vm.nics.map((n) => n.portgroup))].join(", ")]);
  return ok(esxcliTable(["World ID", "Name", "Num Ports", "Networks"], rows));
}
