import { hostRealizedConfig, type ClusterState, type HostRealizedConfig } from "@vdsim/model";
import type { HostObservations } from "../request.js";
import { portId, worldId } from "./format.js";
import { get, list, structure, unable, type EsxcliAnswer } from "./structured.js";

/** esxcli network nic get -n vmnicN: an e1000 (82545EM) with its link up at 1000 Mb/s, as ESXi 5.5/6.0 shows one. */
export function renderPhysicalNic(state: ClusterState, host: string, pnic: string): EsxcliAnswer {
  const i = hostRealizedConfig(state, host).pnics.findIndex((p) => p.name === pnic);
  if (i < 0) return unable(`Unable to find NIC ${pnic}`);
  const driver = structure("NICDriverInfo", [
    ["Bus Info", `0000:${(2 + i).toString(16).padStart(2, "0")}:00.0`],
    ["Driver", "e1000"],
    ["Firmware Version", "N/A"],
    ["Version", "8.0.3.1-NAPI"],
  ]);
  return get(
    structure("NICInfo", [
      ["Advertised Auto Negotiation", true],
      ["Advertised Link Modes", ["10baseT/Half", "10baseT/Full", "100baseT/Half", "100baseT/Full", "1000baseT/Full"]],
      ["Auto Negotiation", true],
      ["Cable Type", "Twisted Pair"],
      ["Current Message Level", 7],
      ["Driver Info", driver],
      ["Link Detected", true],
      ["Link Status", "Up"],
      ["Name", pnic],
      ["PHYAddress", 0],
      ["Pause Autonegotiate", true],
      ["Pause RX", false],
      ["Pause TX", false],
      ["Supported Ports", ["TP"]],
      ["Supports Auto Negotiation", true],
      ["Supports Pause", true],
      ["Supports Wakeon", true],
      ["Transceiver", "internal"],
      ["Wakeon", ["MagicPacket(tm)"]],
    ]),
  );
}

interface VmPort {
  readonly nic: number;
  readonly mac: string;
  readonly portgroup: string;
  readonly portset: string;
  readonly set: number;
  readonly dvPort: string;
  /** the portset's uplinks, in port order: vmnic names (null: an uplink no vmnic backs) */
  readonly uplinks: ReadonlyArray<string | null>;
  /** the VM ports of the portset, sorted: the port's number is its place among them */
  readonly number: number;
}

function vmPorts(view: HostRealizedConfig, vm: string): VmPort[] {
  const out: VmPort[] = [];
  view.standardSwitches.forEach((sw, set) => {
    const here = view.standardPorts.filter((p) => p.vswitch === sw.name && p.reservedFor === undefined);
    here.forEach((p, n) => {
      if (p.vm === vm) out.push({ nic: p.nic, mac: p.mac, portgroup: p.portgroup, portset: sw.name, set, dvPort: "", uplinks: sw.uplinks, number: n });
    });
  });
  view.proxySwitches.forEach((ps, n) => {
    const uplinks = Object.keys(ps.uplinks).sort().map((u) => ps.uplinks[u] ?? null);
    const here = view.dvPorts.filter((p) => p.vds === ps.vds && p.reservedFor === undefined);
    here.forEach((p, k) => {
      if (p.vm !== vm) return;
      const set = view.standardSwitches.length + n;
      out.push({ nic: p.nic, mac: p.mac, portgroup: p.portgroup, portset: `DvsPortset-${n}`, set, dvPort: p.key, uplinks, number: k });
    });
  });
  return out.sort((a, b) => a.nic - b.nic);
}

const VM_PORT_FIELDS = ["Port ID", "vSwitch", "Portgroup", "DVPort ID", "MAC Address", "IP Address", "Team Uplink", "Uplink Port ID", "Active Filters"];

/** esxcli network vm port list -w WORLDID: the VM's ports, with what the data plane runs on them. */
export function renderVmPorts(state: ClusterState, host: string, world: number, observed: HostObservations | undefined): EsxcliAnswer {
  const vm = Object.values(state.vms).find((v) => v.host === host && worldId(v.name) === world)?.name;
  const ports = vm === undefined ? [] : vmPorts(hostRealizedConfig(state, host), vm);
  const structures = ports.map((p) => {
    const seen = observed?.vnicPorts.find((o) => o.vm === vm && o.nic === p.nic);
    const uplink = seen?.teamUplink ?? null;
    const slot = uplink === null ? -1 : p.uplinks.indexOf(uplink);
    return structure("VMPort", [
      ["Port ID", portId(p.set, 16 + p.number)],
      ["vSwitch", p.portset],
      ["Portgroup", p.portgroup],
      ["DVPort ID", p.dvPort],
      ["MAC Address", p.mac],
      ["IP Address", seen?.ip ?? "0.0.0.0"],
      ["Team Uplink", slot < 0 ? "void" : (uplink as string)],
      ["Uplink Port ID", slot < 0 ? 0 : portId(p.set, 2 + slot)],
      ["Active Filters", ""],
    ]);
  });
  return list("VMPort", "untitled", VM_PORT_FIELDS, structures);
}
