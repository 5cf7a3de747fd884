import type { HostDataPlane } from "@vdsim/dataplane";
import type { HostObservations, VmkNeighbor, VnicPortObservation } from "@vdsim/hostcli";
import type { PortCounters } from "./reports.js";
import type { Endpoint } from "./endpoints.js";

/** How long ESXi keeps an ARP entry of the VMkernel stack; the simulated stacks keep theirs, so it shows the countdown from the last refresh. */
const ARP_EXPIRY_SECONDS = 1200;

/** The ARP table of each vmknic, and each vNIC's address and the vmnic its frames leave by. */
export function observeEndpoints(endpoints: Iterable<Endpoint>, dataPlane: HostDataPlane, t: number): HostObservations {
  const neighbors: VmkNeighbor[] = [];
  const vnicPorts: VnicPortObservation[] = [];
  for (const { spec, stack } of endpoints) {
    if (spec.kind === "vmknic") {
      for (const e of stack.arpEntries()) {
        const expirySeconds = Math.max(0, ARP_EXPIRY_SECONDS - Math.floor((t - e.learnedAt) / 1000));
        neighbors.push({ ip: e.ip, mac: e.mac, vmknic: spec.owner, expirySeconds });
      }
    } else {
      vnicPorts.push({ vm: spec.owner, nic: spec.nic, ip: stack.ip, teamUplink: dataPlane.teamUplink(spec.portId) });
    }
  }
  neighbors.sort((a, b) => Number(a.vmknic.slice(3)) - Number(b.vmknic.slice(3)));
  return { neighbors, vnicPorts };
}

/** Port counters of every port with an endpoint, with its owner (`vm#N` for a VM's vNIC N > 0). */
export function portCounters(host: string, endpoints: Iterable<Endpoint>, dataPlane: HostDataPlane): PortCounters[] {
  return [...endpoints].map(({ spec }) => {
    const s = dataPlane.portStats(spec.portId);
    const { packetsIn, bytesIn, packetsOut, bytesOut, dropped, effectiveMac } = s;
    const owner = spec.kind === "vnic" && spec.nic > 0 ? `${spec.owner}#${spec.nic}` : spec.owner;
    return { host, portId: spec.portId, owner, switch: s.switch, portGroup: s.portGroup, effectiveMac, packetsIn, bytesIn, packetsOut, bytesOut, dropped };
  });
}
