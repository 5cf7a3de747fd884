import { HostDataPlane, UnknownUplinkError, type Delivery, type EndpointEvent, type Frame } from "@vdsim/dataplane";
import type { HostObservations } from "@vdsim/hostcli";
import type { PortCounters, TrafficFlowStats, VmRuntimeState } from "./reports.js";
import type { Clock } from "./clock.js";
import { EchoSender, type EchoOptions, type EchoOutcome } from "./echo.js";
import { EndpointTable, type Endpoint } from "./endpoints.js";
import { changeGuestMac, spoof } from "./guest.js";
import { resumeVm, stunVm, unstunVm, type HandoverHost } from "./handover.js";
import { observeEndpoints, portCounters } from "./observations.js";
import type { HostTopology } from "./topology.js";
import { TrafficFlows } from "./traffic.js";
import type { Wire, WireDelivery } from "./wire.js";

/** Where the host's network says what it did on its own (a flow stopped because its VM left). */
export interface NetworkLog {
  info(fields: Record<string, unknown>, message: string): void;
}

export interface HostNetworkOptions {
  readonly clock: Clock;
  readonly log: NetworkLog;
}

/**
 * One host's network: the data plane, the IP stacks of its vNICs and vmknics, the traffic
 * generators, and the wire to the other hosts. Frames are processed to completion, breadth first.
 */
export class HostNetwork {
  readonly dataPlane = new HostDataPlane();
  readonly clock: Clock;
  readonly #log: NetworkLog;
  readonly #endpoints = new EndpointTable();
  readonly #traffic: TrafficFlows;
  readonly #echo: EchoSender;
  readonly #handover: HandoverHost;
  #topology: HostTopology | undefined;
  #wire: Wire | undefined;

  constructor(
    readonly host: string,
    options: HostNetworkOptions,
  ) {
    this.clock = options.clock;
    this.#log = options.log;
    this.#echo = new EchoSender((portId, frames) => this.transmit(portId, frames), this.clock);
    this.#traffic = new TrafficFlows({ host, clock: this.clock, endpointOf: (vm) => this.endpointOf(vm), transmit: (portId, frames) => this.transmit(portId, frames) });
    this.#handover = {
      dataPlane: this.dataPlane,
      endpoints: this.#endpoints,
      traffic: this.#traffic,
      reconcile: () => {
        if (this.#topology) this.apply(this.#topology);
      },
      drain: (deliveries) => this.#drain(deliveries, this.clock.now()),
    };
  }

  attachWire(wire: Wire): void {
    this.#wire = wire;
  }

  get topology(): HostTopology | undefined {
    return this.#topology;
  }

  /** Reconciles the data plane and the endpoints with the host's realized configuration. */
  apply(topology: HostTopology): void {
    this.dataPlane.configure(topology.dataPlane);
    this.#topology = topology;
    this.#endpoints.reconcile(topology);
    for (const { flow, vm } of this.#traffic.stopWhereGone((vm) => topology.endpoints.some((e) => e.owner === vm))) {
      this.#log.info({ flow, vm }, "traffic flow stopped: its VM left this host");
    }
  }

  /** The endpoint of a vmknic, or of a VM's vNIC (its first unless `nic` is given). */
  endpointOf(owner: string, nic?: number): Endpoint | undefined {
    return this.#endpoints.of(owner, nic);
  }

  /** A frame the endpoint on `portId` sends, switched to completion. */
  transmit(portId: string, frames: readonly Frame[]): void {
    const t = this.clock.now();
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
    const t = this.clock.now();
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
      else if (e.type === "traffic") this.#traffic.received(ep.spec.owner, e.flow, e.seq, e.srcIp, t);
    }
  }

  /** ICMP echo from an endpoint (a VM's first vNIC unless `nic` is given, or a vmknic): what became of each request. */
  async ping(owner: string, targetIp: string, options: EchoOptions, nic?: number): Promise<EchoOutcome[]> {
    const ep = this.endpointOf(owner, nic);
    if (!ep) throw new Error(`${owner} has no network endpoint on host ${this.host}`);
    return this.#echo.ping(ep.spec.portId, ep.stack, targetIp, options);
  }

  /** What the data plane runs beyond the configuration, for the host commands that show it. */
  observations(t = this.clock.now()): HostObservations {
    return observeEndpoints(this.#endpoints.values(), this.dataPlane, t);
  }

  /** Port counters of every port with an endpoint, with its owner. */
  portCounters(): PortCounters[] {
    return portCounters(this.host, this.#endpoints.values(), this.dataPlane);
  }

  /** The guest sends `count` echo requests (or the ARP they need) with a forged source MAC. */
  spoof(vm: string, srcMac: string, targetIp: string, count: number): number {
    return spoof(this, this.#vnicOf(vm), srcMac, targetIp, count);
  }

  /** The guest changes its vNIC's MAC: the stack uses it, and the port's effective MAC follows. */
  changeGuestMac(vm: string, mac: string): void {
    changeGuestMac(this, this.#vnicOf(vm), mac);
  }

  startFlow(flow: string, vm: string, dstIp: string, pps: number, length: number, startSeq = 0): void {
    this.#traffic.start(flow, vm, dstIp, pps, length, startSeq);
  }

  stopFlows(flow?: string): string[] {
    return this.#traffic.stop(flow);
  }

  flowStats(): TrafficFlowStats[] {
    return this.#traffic.stats();
  }

  /** See handover.ts: the source's side of a vMotion switchover. */
  stunVm(vm: string): VmRuntimeState {
    return stunVm(this.#handover, vm);
  }

  unstunVm(vm: string, state: VmRuntimeState): void {
    unstunVm(this.#handover, vm, state);
  }

  resumeVm(vm: string, state: VmRuntimeState): { rarpSent: boolean } {
    return resumeVm(this.#handover, vm, state);
  }

  close(): void {
    this.stopFlows();
    this.#wire?.close();
  }

  #vnicOf(vm: string): Endpoint {
    const ep = this.endpointOf(vm);
    if (!ep) throw new Error(`VM "${vm}" has no vNIC on host ${this.host}`);
    return ep;
  }
}
