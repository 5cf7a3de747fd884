import type { HostDataPlane, IpEndpoint } from "@vdsim/dataplane";
import type { HostObservations, VmkNeighbor, VnicPortObservation } from "@vdsim/hostcli";
import type { EndpointSpec } from "./topology.js";

/** How long ESXi keeps an ARP entry of the VMkernel stack; the simulated stacks keep theirs, so it shows the countdown from the last refresh. */
const ARP_EXPIRY_SECONDS = 1200;

/** The ARP table of each vmknic, and each vNIC's address and the vmnic its frames leave by. */
export function observeEndpoints(
  endpoints: Iterable<{ readonly spec: EndpointSpec; readonly stack: IpEndpoint }>,
  dataPlane: HostDataPlane,
  t: number,
): HostObservations {
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
