import {
  HostDataPlane,
  IpEndpoint,
  TrafficReceiver,
  TrafficSender,
  UnknownUplinkError,
  type Delivery,
  type EndpointEvent,
  type Frame,
} from "@vdsim/dataplane";
import type { HostObservations } from "@vdsim/hostcli";
import type { PortCounters, TrafficFlowStats, VmRuntimeState } from "@vdsim/protocol";
import type { FlowStats, PortStats } from "@vdsim/dataplane";
import type { Logger } from "@vdsim/runtime";
import { EchoSender, type EchoOptions, type EchoOutcome } from "./echo.js";
import { observeEndpoints } from "./observations.js";
import type { EndpointSpec, HostTopology } from "./topology.js";
import type { PhysicalWire, WireDelivery } from "./wire.js";

/** Wall-clock milliseconds with sub-ms precision, comparable between processes on one machine. */
export const now = (): number => performance.timeOrigin + performance.now();

interface Endpoint {
  readonly spec: EndpointSpec;
  readonly stack: IpEndpoint;
}

interface Flow {
  readonly sender: TrafficSender;
  readonly vm: string;
  readonly peerIp: string;
  readonly pps: number;
  readonly length: number;
  running: boolean;
}

/** Traffic generators send what is due every tick: a flow of R frames/s leaves in bursts of R x tick. */
export const TRAFFIC_TICK_MS = 5;

/**
 * One host's network: the data plane, the IP stacks of its vNICs and vmknics, the traffic
 * generators, and the physical wire. Frames are processed to completion, breadth first.
 */
export class HostNetwork {
  readonly dataPlane = new HostDataPlane();
  readonly #endpoints = new Map<string, Endpoint>();
  readonly #receiver = new TrafficReceiver();
  readonly #receiving = new Map<string, { vm: string; peerIp: string }>();
  readonly #flows = new Map<string, Flow>();
  readonly #echo = new EchoSender((portId, frames) => this.transmit(portId, frames), now);
  /** VMs stunned for a vMotion switchover: their stacks stay down whatever the configuration says */
  readonly #stunned = new Set<string>();
  #topology: HostTopology | undefined;
  #wire: PhysicalWire | undefined;
  #tick: NodeJS.Timeout | undefined;

  constructor(
    readonly host: string,
    private readonly log: Logger,
  ) {}

  attachWire(wire: PhysicalWire): void {
    this.#wire = wire;
  }

  get topology(): HostTopology | undefined {
    return this.#topology;
  }

  /** Reconciles the data plane and the endpoints with the host's realized configuration. */
  apply(topology: HostTopology): void {
    this.dataPlane.configure(topology.dataPlane);
    this.#topology = topology;
    const wanted = new Map(topology.endpoints.map((e) => [e.portId, e]));
    for (const [id, ep] of this.#endpoints) {
      const spec = wanted.get(id);
      if (!spec || spec.ip !== ep.spec.ip || spec.mac !== ep.spec.mac || spec.netmask !== ep.spec.netmask || spec.mtu !== ep.spec.mtu) this.#endpoints.delete(id);
    }
    for (const vm of this.#stunned) if (!topology.endpoints.some((e) => e.owner === vm)) this.#stunned.delete(vm);
    for (const [id, spec] of wanted) {
      if (this.#stunned.has(spec.owner)) continue;
      if (this.#endpoints.has(id)) continue;
      this.#endpoints.set(id, { spec, stack: new IpEndpoint({ mac: spec.mac, ip: spec.ip, netmask: spec.netmask, mtu: spec.mtu }) });
    }
    for (const [name, flow] of this.#flows) {
      if (flow.running && !topology.endpoints.some((e) => e.owner === flow.vm)) {
        flow.running = false;
        this.log.info({ flow: name, vm: flow.vm }, "traffic flow stopped: its VM left this host");
      }
    }
  }

  /** The endpoint of a vmknic, or of a VM's vNIC (its first unless `nic` is given). */
  endpointOf(owner: string, nic?: number): Endpoint | undefined {
    let best: Endpoint | undefined;
    for (const ep of this.#endpoints.values()) {
      if (ep.spec.owner !== owner || (nic !== undefined && ep.spec.nic !== nic)) continue;
      if (!best || ep.spec.nic < best.spec.nic) best = ep;
    }
    return best;
  }

  /** A frame the endpoint on `portId` sends, switched to completion. */
  transmit(portId: string, frames: readonly Frame[]): void {
    const t = now();
    const out: Delivery[] = [];
    for (const f of frames) out.push(...this.dataPlane.transmit(portId, f, t));
    this.#drain(out, t);
  }

  /**
   * A frame from the physical network. One that arrives on a vmnic backing no switch yet (an
   * agent restarted and still replaying the log, while peers still send to where it was) is
   * dropped, as a NIC with no vSwitch behind it would; it must not take the wire's reader down.
   */
  receive(d: WireDelivery): void {
    const t = now();
    let out: Delivery[];
    try {
      out = d.vmnic === undefined ? this.dataPlane.receiveFromPhysical(d.frame, t) : this.dataPlane.receiveFromUplink(d.vmnic, d.frame, t);
    } catch (err) {
      if (err instanceof UnknownUplinkError) return;
      throw err;
    }
    this.#drain(out, t);
  }

  #drain(initial: Delivery[], t: number): void {
    const queue = initial;
    for (let i = 0; i < queue.length; i++) {
      const d = queue[i] as Delivery;
      if (d.kind === "uplink") {
        const back = this.#wire?.send(d.frame, d.vmnic);
        if (back) queue.push(...this.#loopback(back, d.vmnic, t));
        continue;
      }
      const ep = this.#endpoints.get(d.portId);
      if (!ep) continue;
      const { send, events } = ep.stack.handle(d.frame, t);
      this.#onEvents(ep, events, t);
      for (const f of send) queue.push(...this.dataPlane.transmit(d.portId, f, t));
    }
  }

  /** A frame that left by one of this host's vmnics and comes back in by its others. */
  #loopback(d: WireDelivery, fromVmnic: string, t: number): Delivery[] {
    if (d.vmnic !== undefined) return this.dataPlane.receiveFromUplink(d.vmnic, d.frame, t);
    const out: Delivery[] = [];
    for (const sw of this.#topology?.dataPlane.switches ?? []) {
      const vmnics = Object.values(sw.uplinks).filter((v): v is string => v !== null);
      if (vmnics.length === 0 || vmnics.includes(fromVmnic)) continue;
      out.push(...this.dataPlane.receiveFromUplink(vmnics[0] as string, d.frame, t));
    }
    return out;
  }

  #onEvents(ep: Endpoint, events: readonly EndpointEvent[], t: number): void {
    for (const e of events) {
      if (e.type === "echo-reply") this.#echo.replied(ep.spec.portId, e.id, e.seq, e.rttMs);
      else if (e.type === "traffic") {
        this.#receiver.record(e.flow, e.seq, t);
        if (!this.#receiving.has(e.flow)) this.#receiving.set(e.flow, { vm: ep.spec.owner, peerIp: e.srcIp });
      }
    }
  }

  /** ICMP echo from an endpoint (a VM's first vNIC unless `nic` is given, or a vmknic): what became of each request. */
  async ping(owner: string, targetIp: string, options: EchoOptions, nic?: number): Promise<EchoOutcome[]> {
    const ep = this.endpointOf(owner, nic);
    if (!ep) throw new Error(`${owner} has no network endpoint on host ${this.host}`);
    return this.#echo.ping(ep.spec.portId, ep.stack, targetIp, options);
  }

  /** What the data plane runs beyond the configuration, for the host commands that show it. */
  observations(t = now()): HostObservations {
    return observeEndpoints(this.#endpoints.values(), this.dataPlane, t);
  }

  /** Port counters of every port with an endpoint, with its owner. */
  portCounters(): PortCounters[] {
    return [...this.#endpoints.values()].map(({ spec }) => {
      const s = this.dataPlane.portStats(spec.portId);
      const { packetsIn, bytesIn, packetsOut, bytesOut, dropped, effectiveMac } = s;
      const owner = spec.kind === "vnic" && spec.nic > 0 ? `${spec.owner}#${spec.nic}` : spec.owner;
      return { host: this.host, portId: spec.portId, owner, switch: s.switch, portGroup: s.portGroup, effectiveMac, packetsIn, bytesIn, packetsOut, bytesOut, dropped };
    });
  }

  /** The guest sends `count` echo requests (or the ARP they need) with a forged source MAC. */
  spoof(vm: string, srcMac: string, targetIp: string, count: number): number {
    const ep = this.endpointOf(vm);
    if (!ep) throw new Error(`VM "${vm}" has no vNIC on host ${this.host}`);
    let sent = 0;
    for (let seq = 1; seq <= count; seq++) {
      const frames = ep.stack.ping(targetIp, 0xfffe, seq, now()).map((f) => ({ ...f, src: srcMac }));
      sent += frames.length;
      this.transmit(ep.spec.portId, frames);
    }
    return sent;
  }

  /** The guest changes its vNIC's MAC: the stack uses it, and the port's effective MAC follows. */
  changeGuestMac(vm: string, mac: string): void {
    const ep = this.endpointOf(vm);
    if (!ep) throw new Error(`VM "${vm}" has no vNIC on host ${this.host}`);
    ep.stack.changeMac(mac);
    this.dataPlane.setEffectiveMac(ep.spec.portId, mac);
  }

  startFlow(flow: string, vm: string, dstIp: string, pps: number, length: number, startSeq = 0): void {
    if (this.#flows.get(flow)?.running) throw new Error(`traffic flow "${flow}" is already running`);
    const ep = this.endpointOf(vm);
    if (!ep) throw new Error(`VM "${vm}" has no vNIC on host ${this.host}`);
    const dataBytes = Math.max(18, length - 46);
    const sender = new TrafficSender({ flow, source: ep.stack, dstIp, pps, startAt: now(), dataBytes, startSeq });
    this.#flows.set(flow, { sender, vm, peerIp: dstIp, pps, length, running: true });
    this.#tick ??= setInterval(() => this.#sendDue(), TRAFFIC_TICK_MS);
  }

  /**
   * Stuns a VM for a vMotion switchover: its flows stop sending, its stack stops answering, and
   * its ports' counters and flows are handed over. The VM's frames are lost until it resumes.
   */
  stunVm(vm: string): VmRuntimeState {
    this.#stunned.add(vm);
    const ports: Array<{ nic: number; stats: PortStats }> = [];
    const receivers: Array<{ stats: FlowStats; peerIp: string }> = [];
    for (const [id, ep] of this.#endpoints) {
      if (ep.spec.owner !== vm || ep.spec.kind !== "vnic") continue;
      ports.push({ nic: ep.spec.nic, stats: this.dataPlane.portStats(id) });
      this.#endpoints.delete(id);
    }
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
    return { ports, senders, receivers };
  }

  /** Undoes a stun on the source (a switchover that did not commit): the VM's stack and flows carry on here. */
  unstunVm(vm: string, state: VmRuntimeState): void {
    this.#stunned.delete(vm);
    if (this.#topology) this.apply(this.#topology);
    for (const r of state.receivers) {
      this.#receiver.restore(r.stats);
      this.#receiving.set(r.stats.flow, { vm, peerIp: r.peerIp });
    }
    for (const snd of state.senders) if (snd.running && !this.#flows.get(snd.flow)?.running) this.startFlow(snd.flow, vm, snd.dstIp, snd.pps, snd.length, snd.seq);
  }

  /** Resumes a VM that arrived by vMotion: counters and flows carry on; "notify switches" sends a RARP per port. */
  resumeVm(vm: string, state: VmRuntimeState): { rarpSent: boolean } {
    let rarpSent = false;
    const t = now();
    for (const p of state.ports) {
      const ep = this.endpointOf(vm, p.nic);
      if (!ep) continue;
      this.dataPlane.importPortStats(ep.spec.portId, p.stats);
      const rarp = this.dataPlane.notifySwitches(ep.spec.portId);
      rarpSent ||= rarp.length > 0;
      this.#drain(rarp, t);
    }
    for (const r of state.receivers) {
      this.#receiver.restore(r.stats);
      this.#receiving.set(r.stats.flow, { vm, peerIp: r.peerIp });
    }
    for (const s of state.senders) {
      if (s.running) this.startFlow(s.flow, vm, s.dstIp, s.pps, s.length, s.seq);
    }
    return { rarpSent };
  }

  stopFlows(flow?: string): string[] {
    const stopped: string[] = [];
    for (const [name, f] of this.#flows) {
      if ((flow === undefined || flow === name) && f.running) {
        f.running = false;
        stopped.push(name);
      }
    }
    if (![...this.#flows.values()].some((f) => f.running) && this.#tick) {
      clearInterval(this.#tick);
      this.#tick = undefined;
    }
    return stopped;
  }

  #sendDue(): void {
    const t = now();
    for (const f of this.#flows.values()) {
      if (!f.running) continue;
      const ep = this.endpointOf(f.vm);
      if (!ep) continue;
      const frames = f.sender.due(t);
      if (frames.length > 0) this.transmit(ep.spec.portId, frames);
    }
  }

  flowStats(): TrafficFlowStats[] {
    const out: TrafficFlowStats[] = [];
    for (const [flow, f] of this.#flows) {
      out.push({ flow, host: this.host, role: "sender", vm: f.vm, peerIp: f.peerIp, sent: f.sender.sent, received: 0, lastSeq: f.sender.sent, longestGapMs: 0, firstAt: null, lastAt: null, running: f.running });
    }
    for (const flow of this.#receiver.flowIds()) {
      const s = this.#receiver.stats(flow);
      const who = this.#receiving.get(flow);
      out.push({ flow, host: this.host, role: "receiver", vm: who?.vm ?? "?", peerIp: who?.peerIp ?? "?", sent: 0, received: s.received, lastSeq: s.lastSeq, longestGapMs: s.longestGapMs, firstAt: s.firstAt, lastAt: s.lastAt, running: false });
    }
    return out;
  }

  close(): void {
    this.stopFlows();
    this.#wire?.close();
  }
}
