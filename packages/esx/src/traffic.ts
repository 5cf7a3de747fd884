import { TrafficReceiver, TrafficSender, type FlowStats, type Frame } from "@vdsim/dataplane";
import type { TrafficFlowStats, VmRuntimeState } from "./reports.js";
import type { Clock, Timer } from "./clock.js";
import type { Endpoint } from "./endpoints.js";

/** Traffic generators send what is due every tick: a flow of R frames/s leaves in bursts of R x tick. */
export const TRAFFIC_TICK_MS = 5;

interface Flow {
  readonly sender: TrafficSender;
  readonly vm: string;
  readonly peerIp: string;
  readonly pps: number;
  readonly length: number;
  running: boolean;
}

export interface TrafficHost {
  readonly host: string;
  readonly clock: Clock;
  /** the endpoint a VM's flows leave from: its first vNIC */
  endpointOf(vm: string): Endpoint | undefined;
  transmit(portId: string, frames: readonly Frame[]): void;
}

/** What a VM's flows hand over at a vMotion switchover. */
export type FlowHandover = Pick<VmRuntimeState, "senders" | "receivers">;

/** The host's traffic generators (constant-rate flows from its VMs) and what its VMs receive of any flow. */
export class TrafficFlows {
  readonly #flows = new Map<string, Flow>();
  readonly #receiver = new TrafficReceiver();
  readonly #receiving = new Map<string, { vm: string; peerIp: string }>();
  #tick: Timer | undefined;

  constructor(private readonly host: TrafficHost) {}

  start(flow: string, vm: string, dstIp: string, pps: number, length: number, startSeq = 0): void {
    if (this.#flows.get(flow)?.running) throw new Error(`traffic flow "${flow}" is already running`);
    const ep = this.host.endpointOf(vm);
    if (!ep) throw new Error(`VM "${vm}" has no vNIC on host ${this.host.host}`);
    const dataBytes = Math.max(18, length - 46);
    const sender = new TrafficSender({ flow, source: ep.stack, dstIp, pps, startAt: this.host.clock.now(), dataBytes, startSeq });
    this.#flows.set(flow, { sender, vm, peerIp: dstIp, pps, length, running: true });
    this.#tick ??= this.host.clock.setInterval(() => this.#sendDue(), TRAFFIC_TICK_MS);
  }

  /** Stops one flow, or every flow: returns the ones that were running. */
  stop(flow?: string): string[] {
    const stopped: string[] = [];
    for (const [name, f] of this.#flows) {
      if ((flow === undefined || flow === name) && f.running) {
        f.running = false;
        stopped.push(name);
      }
    }
    if (![...this.#flows.values()].some((f) => f.running) && this.#tick) {
      this.#tick.cancel();
      this.#tick = undefined;
    }
    return stopped;
  }

  /** Stops the running flows of VMs `here` says are gone: returns them with their VM. */
  stopWhereGone(here: (vm: string) => boolean): Array<{ flow: string; vm: string }> {
    const stopped: Array<{ flow: string; vm: string }> = [];
    for (const [flow, f] of this.#flows) {
      if (f.running && !here(f.vm)) {
        f.running = false;
        stopped.push({ flow, vm: f.vm });
      }
    }
    return stopped;
  }

  /** A traffic datagram reached `vm`. */
  received(vm: string, flow: string, seq: number, srcIp: string, t: number): void {
    this.#receiver.record(flow, seq, t);
    if (!this.#receiving.has(flow)) this.#receiving.set(flow, { vm, peerIp: srcIp });
  }

  /** Takes a VM's flows off this host: its senders with the seq they reached, its receivers' figures. */
  handOver(vm: string): FlowHandover {
    const receivers: Array<{ stats: FlowStats; peerIp: string }> = [];
    for (const [flow, who] of this.#receiving) {
      if (who.vm !== vm) continue;
      receivers.push({ stats: this.#receiver.stats(flow), peerIp: who.peerIp });
      this.#receiver.forget(flow);
      this.#receiving.delete(flow);
    }
    const senders = [...this.#flows].filter(([, f]) => f.vm === vm).map(([flow, f]) => {
      this.#flows.delete(flow);
      return { flow, dstIp: f.peerIp, pps: f.pps, length: f.length, seq: f.sender.sent, running: f.running };
    });
    return { senders, receivers };
  }

  /** Carries on a VM's receivers' figures here. */
  takeOverReceivers(vm: string, receivers: FlowHandover["receivers"]): void {
    for (const r of receivers) {
      this.#receiver.restore(r.stats);
      this.#receiving.set(r.stats.flow, { vm, peerIp: r.peerIp });
    }
  }

  stats(): TrafficFlowStats[] {
    const host = this.host.host;
    const out: TrafficFlowStats[] = [];
    for (const [flow, f] of this.#flows) {
      out.push({ flow, host, role: "sender", vm: f.vm, peerIp: f.peerIp, sent: f.sender.sent, received: 0, lastSeq: f.sender.sent, longestGapMs: 0, firstAt: null, lastAt: null, running: f.running });
    }
    for (const flow of this.#receiver.flowIds()) {
      const s = this.#receiver.stats(flow);
      const who = this.#receiving.get(flow);
      out.push({ flow, host, role: "receiver", vm: who?.vm ?? "?", peerIp: who?.peerIp ?? "?", sent: 0, received: s.received, lastSeq: s.lastSeq, longestGapMs: s.longestGapMs, firstAt: s.firstAt, lastAt: s.lastAt, running: false });
    }
    return out;
  }

  running(flow: string): boolean {
    return this.#flows.get(flow)?.running ?? false;
  }

  #sendDue(): void {
    const t = this.host.clock.now();
    for (const f of this.#flows.values()) {
      if (!f.running) continue;
      const ep = this.host.endpointOf(f.vm);
      if (!ep) continue;
      const frames = f.sender.due(t);
      if (frames.length > 0) this.host.transmit(ep.spec.portId, frames);
    }
  }
}
