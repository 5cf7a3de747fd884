import { standardClients } from "../host/guards.js";
import type { ClusterState, VNic } from "../state.js";
import type { ReservedPort } from "./state.js";

export interface DestinationPlan {
  readonly ports: readonly ReservedPort[];
  /** why the VM cannot move; empty when it can */
  readonly reasons: readonly string[];
}

/**
 * What the log alone says about moving a VM: a vMotion-enabled vmknic on both hosts, and a
 * destination network with a free port for every vNIC (the same VDS, of which the destination
 * is a member, or a same-named standard port group). Runtime checks (both hosts connected,
 * the vMotion vmknics reach each other) are the orchestrator's.
 */
export function planDestination(state: ClusterState, vmName: string, destination: string): DestinationPlan {
  const vm = state.vms[vmName];
  const dest = state.hosts[destination];
  if (!vm || !dest) return { ports: [], reasons: [!vm ? `Virtual machine "${vmName}" not found` : `Host "${destination}" not found`] };
  const reasons: string[] = [];
  for (const host of [vm.host, destination]) {
    const h = state.hosts[host];
    if (!h || !Object.values(h.vmknics).some((k) => k.enabled && k.services.vmotion && k.ipv4 !== null)) {
      reasons.push(`Host "${host}" has no vMotion-enabled VMkernel interface (enable one with vicfg-vmknic --enable-vmotion)`);
    }
  }
  const ports: ReservedPort[] = [];
  const taken = new Map<string, number>();
  for (const nic of vm.nics) {
    const port = nic.vds !== undefined ? distributedTarget(state, nic, destination, reasons) : standardTarget(state, nic, destination, taken, reasons);
    if (port) ports.push(port);
  }
  return { ports, reasons };
}

const adapter = (nic: VNic): string => `Network adapter ${nic.index + 1}`;

function distributedTarget(state: ClusterState, nic: VNic, destination: string, reasons: string[]): ReservedPort | undefined {
  const vds = nic.vds as string;
  if (!state.switches[vds]?.members[destination]) {
    reasons.push(`Host "${destination}" is not a member of distributed switch "${vds}" (${adapter(nic)}, port group "${nic.portgroup}")`);
    return undefined;
  }
  return { nic: nic.index, portgroup: nic.portgroup, vds, ...(nic.portKey === undefined ? {} : { portKey: nic.portKey }) };
}

function standardTarget(state: ClusterState, nic: VNic, destination: string, taken: Map<string, number>, reasons: string[]): ReservedPort | undefined {
  const h = state.hosts[destination];
  const pg = h?.standardPortGroups[nic.portgroup];
  const sw = pg && h?.standardSwitches[pg.vswitch];
  if (!h || !pg || !sw) {
    reasons.push(`Host "${destination}" has no standard port group named "${nic.portgroup}" (${adapter(nic)})`);
    return undefined;
  }
  const used = standardClients(state, h, { vswitch: sw.name }).length + (taken.get(sw.name) ?? 0);
  if (used >= sw.numPorts) {
    reasons.push(`Standard switch "${sw.name}" on host "${destination}" has no free port (${adapter(nic)})`);
    return undefined;
  }
  taken.set(sw.name, (taken.get(sw.name) ?? 0) + 1);
  return { nic: nic.index, portgroup: nic.portgroup, vswitch: sw.name };
}
