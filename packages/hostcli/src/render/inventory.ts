import { hostRealizedConfig, type ClusterState } from "@vdsim/model";
import { worldId } from "./format.js";
import { list, structure, type EsxcliAnswer } from "./structured.js";

const NIC_FIELDS = ["Name", "PCI Device", "Driver", "Link", "Speed", "Duplex", "MAC Address", "MTU", "Description"];

/** esxcli network nic list: every vmnic up at 1000 Mb/s full duplex, with the MTU of the switch it uplinks. */
export function renderPhysicalNicList(state: ClusterState, host: string): EsxcliAnswer {
  const view = hostRealizedConfig(state, host);
  const mtuOf = (pnic: string): number =>
    view.standardSwitches.find((s) => s.uplinks.includes(pnic))?.mtu ??
    view.proxySwitches.find((p) => Object.values(p.uplinks).includes(pnic))?.mtu ??
    1500;
  const nics = view.pnics.map((p, i) =>
    structure("Nic", [
      ["Name", p.name],
      ["PCI Device", `0000:${(2 + i).toString(16).padStart(2, "0")}:00.0`],
      ["Driver", "e1000"],
      ["Link", "Up"],
      ["Speed", 1000],
      ["Duplex", "Full"],
      ["MAC Address", p.mac],
      ["MTU", mtuOf(p.name)],
      ["Description", "Intel Corporation 82545EM Gigabit Ethernet Controller (Copper)"],
    ]),
  );
  return list("Nic", "table", NIC_FIELDS, nics);
}

/** esxcli network vm list: the host's VMs with their port count and networks. */
export function renderVmNetworkList(state: ClusterState, host: string): EsxcliAnswer {
  const vms = Object.values(state.vms)
    .filter((vm) => vm.host === host)
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .map((vm) =>
      structure("VM", [
        ["World ID", worldId(vm.name)],
        ["Name", vm.name],
        ["Num Ports", vm.nics.length],
        ["Networks", vm.nics.map((n) => n.portgroup)],
      ]),
    );
  return list("VM", "table", ["World ID", "Name", "Num Ports", "Networks"], vms);
}
