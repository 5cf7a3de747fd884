import type { Delivery, HostDataPlane, PortStats } from "@vdsim/dataplane";
import type { VmRuntimeState } from "./reports.js";
import type { EndpointTable } from "./endpoints.js";
import type { TrafficFlows } from "./traffic.js";

export interface HandoverHost {
  readonly dataPlane: HostDataPlane;
  readonly endpoints: EndpointTable;
  readonly traffic: TrafficFlows;
  /** reconciles again with the configuration last applied */
  reconcile(): void;
  /** switches deliveries (a RARP) to completion */
  drain(deliveries: Delivery[]): void;
}

/**
 * Stuns a VM for a vMotion switchover: its flows stop sending, its stack stops answering, and
 * its ports' counters and flows are handed over. The VM's frames are lost until it resumes.
 */
export function stunVm(host: HandoverHost, vm: string): VmRuntimeState {
  const ports: Array<{ nic: number; stats: PortStats }> = [];
  for (const ep of host.endpoints.stun(vm)) ports.push({ nic: ep.spec.nic, stats: host.dataPlane.portStats(ep.spec.portId) });
  const { senders, receivers } = host.traffic.handOver(vm);
  return { ports, senders, receivers };
}

/** Undoes a stun on the source (a switchover that did not commit): the VM's stack and flows carry on here. */
export function unstunVm(host: HandoverHost, vm: string, state: VmRuntimeState): void {
  host.endpoints.unstun(vm);
  host.reconcile();
  host.traffic.takeOverReceivers(vm, state.receivers);
  for (const s of state.senders) if (s.running && !host.traffic.running(s.flow)) host.traffic.start(s.flow, vm, s.dstIp, s.pps, s.length, s.seq);
}

/** Resumes a VM that arrived by vMotion: counters and flows carry on; "notify switches" sends a RARP per port. */
export function resumeVm(host: HandoverHost, vm: string, state: VmRuntimeState): { rarpSent: boolean } {
  let rarpSent = false;
  for (const p of state.ports) {
    const ep = host.endpoints.of(vm, p.nic);
    if (!ep) continue;
    host.dataPlane.importPortStats(ep.spec.portId, p.stats);
    const rarp = host.dataPlane.notifySwitches(ep.spec.portId);
    rarpSent ||= rarp.length > 0;
    host.drain(rarp);
  }
  host.traffic.takeOverReceivers(vm, state.receivers);
  for (const s of state.senders) if (s.running) host.traffic.start(s.flow, vm, s.dstIp, s.pps, s.length, s.seq);
  return { rarpSent };
}
