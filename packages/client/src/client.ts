import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { NatsConnection } from "@nats-io/transport-node";
import { JetStreamEventStore, SnapshotStore, type EventSubscription, type LogPlacement, type ReadOptions, type StoredEvent } from "@vdsim/eventstore";
import type { HostCommand, ManagementCommand, MigrationOutcome, MigrationResult, PortGroupPolicyPatch, VlanSpec } from "@vdsim/model";
import type { ParsedFile, Topology } from "@vdsim/topology";
import {
  RemoteError,
  RpcErrorCode,
  Subjects,
  request,
  type ClusterStatus,
  type CommandResult,
  type HostApi,
  type HostOp,
  type HostCliReply,
  type HostStateReport,
  type HostTool,
  type PingReply,
  type PingRequest,
  type PortCounters,
  type TrafficFlowSpec,
  type TrafficFlowStats,
  type ManagementApi,
  type ManagementOp,
  type ManagementSnapshot,
  type ManagementStateHash,
  type MigrationSummary,
} from "@vdsim/protocol";
import { connectNats } from "@vdsim/runtime";
import { guestIp } from "@vdsim/dataplane";
import { ConnectionMoved, ConnectionMoves } from "./connection-moves.js";
import { waitConverged, type ConvergeOptions, type Converged } from "./converge.js";
import { iterateEvents, type VdsimEvent } from "./events.js";
import { summarizeFlows, type FlowSummary } from "./traffic.js";
import { applyTopology, exportTopology, topologyHash, type ApplyOptions, type ApplyReport } from "./topology.js";
import type { ClientOptions, ClusterCalls, WaitOptions } from "./types.js";

/** How many times one management request is sent again after the connection moved nodes. */
const MAX_RESENDS = 3;

/** Talks to a running vdsim cluster: every management and host operation, and the event log. */
export class VdsimClient implements ClusterCalls, AsyncDisposable {
  #store: Promise<JetStreamEventStore> | undefined;
  readonly #moves: ConnectionMoves;

  private constructor(
    readonly nc: NatsConnection,
    private readonly timeoutMs: number,
    private readonly managementGraceMs: number,
  ) {
    this.#moves = new ConnectionMoves(nc);
  }

  static async connect(options: ClientOptions = {}): Promise<VdsimClient> {
    const nc = await connectNats({
      ...(options.servers === undefined ? {} : { servers: options.servers }),
      name: options.name ?? "vdsim-client",
      ...(options.credsFile === undefined ? {} : { credsFile: options.credsFile }),
      ...(options.caFile === undefined ? {} : { caFile: options.caFile }),
      maxReconnectAttempts: 5,
    });
    return new VdsimClient(nc, options.timeoutMs ?? 10_000, options.managementGraceMs ?? 3_000);
  }

  /** A client over a connection the caller made (a service with its own reconnect policy); closing the client closes it. */
  static over(nc: NatsConnection, options: Pick<ClientOptions, "timeoutMs"> = {}): VdsimClient {
    return new VdsimClient(nc, options.timeoutMs ?? 10_000, 3_000);
  }

  /**
   * A request to the management service. It is sent again when nobody answered at once (the
   * service resubscribing on another node) and when this connection moved to another node
   * while it was out; commands carry their id, so a repeat is recorded once.
   */
  async management<Op extends ManagementOp>(op: Op, req: ManagementApi[Op]["req"], timeoutMs = this.timeoutMs): Promise<ManagementApi[Op]["res"]> {
    const t0 = Date.now();
    for (let moves = 0; ; ) {
      try {
        return await this.#moves.untilMoved(() => request(this.nc, Subjects.management(op), req, "management service", timeoutMs));
      } catch (err) {
        if (err instanceof ConnectionMoved && ++moves <= MAX_RESENDS) continue;
        if (!(err instanceof RemoteError && err.code === RpcErrorCode.NotResponding) || Date.now() - t0 >= this.managementGraceMs) throw err;
        await sleep(100);
      }
    }
  }

  host<Op extends HostOp>(host: string, op: Op, req: HostApi[Op]["req"], timeoutMs = this.timeoutMs): Promise<HostApi[Op]["res"]> {
    return request(this.nc, Subjects.host(host, op), req, `host "${host}"`, timeoutMs);
  }

  ping(timeoutMs?: number): Promise<ManagementApi["ping"]["res"]> {
    return this.management("ping", {}, timeoutMs);
  }

  status(): Promise<ClusterStatus> {
    return this.management("status", {});
  }

  managementHash(): Promise<ManagementStateHash> {
    return this.management("hash", {});
  }

  hostState(host: string, timeoutMs = 3_000): Promise<HostStateReport> {
    return this.host(host, "state", {}, timeoutMs);
  }

  /**
   * Starts a vMotion; resolves with the migration id once the request is in the log. The request
   * carries an id, so when it is sent again (its connection moved) the reply names the same migration.
   */
  migrate(vm: string, destination: string, params: { memoryMB?: number; dirtyRateMBps?: number } = {}): Promise<{ migration: string; seq: number }> {
    return this.management("migrate", { vm, destination, ...params, requestId: randomUUID() });
  }

  /** Maintenance mode: starts a migration for every VM on the host (queued beyond the per-host limit); sent again, names the same ones. */
  evacuate(host: string): Promise<ManagementApi["evacuate"]["res"]> {
    return this.management("evacuate", { host, requestId: randomUUID() }, 120_000);
  }

  migrations(): Promise<readonly MigrationSummary[]> {
    return this.management("migrations", {});
  }

  /** Has the management service write a snapshot of its state now (the newest one when nothing changed since). */
  writeSnapshot(): Promise<ManagementSnapshot> {
    return this.management("snapshot", {}, 60_000);
  }

  /** The snapshots beside the event log, read directly from JetStream; undefined when none was ever written. */
  snapshotStore(): Promise<SnapshotStore | undefined> {
    return SnapshotStore.open(this.nc);
  }

  /** Waits for several migrations to end, with one follow of the log; `onEnded` hears each end. */
  async waitForMigrations(
    ids: readonly string[],
    fromSeq: number,
    onEnded: (id: string, result: MigrationResult, ended: number) => void = () => undefined,
    timeoutMs = 600_000,
  ): Promise<Map<string, MigrationResult>> {
    const results = new Map<string, MigrationResult>();
    const wanted = new Set(ids);
    if (wanted.size === 0) return results;
    const sub = await this.followEvents(fromSeq);
    const timer = setTimeout(() => void sub.stop(), timeoutMs);
    try {
      for await (const e of sub) {
        if (e.envelope.type !== "MigrationEnded") continue;
        const d = e.envelope.data;
        if (!wanted.has(d.migration) || results.has(d.migration)) continue;
        results.set(d.migration, d.result);
        onEnded(d.migration, d.result, results.size);
        if (results.size === wanted.size) break;
      }
    } finally {
      clearTimeout(timer);
      await sub.stop();
    }
    if (results.size < wanted.size) throw new RemoteError("TIMEOUT", `${wanted.size - results.size} of ${wanted.size} migrations did not end within ${timeoutMs} ms`);
    return results;
  }

  /** Waits for a migration to end, calling `onProgress` with each phase change; resolves with its record as it ended. */
  async waitForMigration(migration: string, fromSeq: number, onProgress: (phase: string, percent: number) => void = () => undefined, timeoutMs = 120_000): Promise<MigrationSummary> {
    const sub = await this.followEvents(fromSeq);
    const timer = setTimeout(() => void sub.stop(), timeoutMs);
    let ended: { result: MigrationResult; outcome: MigrationOutcome } | undefined;
    try {
      for await (const { envelope: e } of sub) {
        if (e.type === "MigrationProgressed" && e.data.migration === migration) onProgress(e.data.phase, e.data.progress);
        if (e.type === "MigrationEnded" && e.data.migration === migration) {
          ended = e.data;
          break;
        }
      }
    } finally {
      clearTimeout(timer);
      await sub.stop();
    }
    const found = (await this.migrations()).find((m) => m.id === migration);
    if (!found || !ended) throw new RemoteError("TIMEOUT", `migration ${migration} did not end within ${timeoutMs} ms`);
    // the log has the end; the management service's listing may not have folded it yet
    return { ...found, result: ended.result, outcome: ended.outcome, phase: ended.result, progress: ended.result === "completed" ? 100 : found.progress };
  }

  /**
   * A host's own configuration (standard switches, port groups, vmknics, proxy switch uplinks),
   * typed: the host agent decides it as it decides what esxcli and vicfg-* parse to. Resolves
   * once the agent applied it, with its sequence (null: already so); a refusal is a RemoteError.
   */
  hostCommand(host: string, command: HostCommand, options: Pick<WaitOptions, "commandId"> = {}): Promise<{ seq: number | null }> {
    return this.host(host, "command", { commandId: options.commandId ?? randomUUID(), command }, 15_000);
  }

  /** Runs esxcli, vicfg-vswitch, vicfg-vmknic or vmkping on a host, as `--server HOST` would. */
  hostCli(host: string, tool: HostTool, argv: readonly string[], timeoutMs = 15_000): Promise<HostCliReply> {
    return this.host(host, "cli", { tool, argv }, timeoutMs);
  }

  /** Pings from a VM's guest stack; the VM's host answers. */
  async pingFromVm(req: PingRequest): Promise<PingReply> {
    const host = await this.vmHost(req.vm);
    req = { ...req, target: await this.#resolveTarget(req.target) };
    const budget = req.count * ((req.intervalMs ?? 200) + (req.timeoutMs ?? 1_000)) + 5_000;
    return this.host(host, "ping", req, budget);
  }

  async startTraffic(spec: TrafficFlowSpec): Promise<{ flow: string }> {
    const host = await this.vmHost(spec.fromVm);
    return this.host(host, "traffic.start", { ...spec, to: await this.#resolveTarget(spec.to) });
  }

  /** A VM name becomes its first vNIC's address as the management side knows it (a host may not have caught up yet). */
  async #resolveTarget(target: string): Promise<string> {
    if (/^\d{1,3}(\.\d{1,3}){3}$/.test(target)) return target;
    const vm = (await this.status()).vms.find((v) => v.name === target);
    const nic = vm?.nics[0];
    if (!nic) throw new RemoteError("NOT_FOUND", `"${target}" is neither an IPv4 address nor a virtual machine`);
    return guestIp(nic.mac);
  }

  /** Stops a flow (or every flow) on every responding host. */
  async stopTraffic(flow?: string): Promise<string[]> {
    const stopped = await this.#everyHost((h) => this.host(h, "traffic.stop", flow === undefined ? {} : { flow }, 3_000));
    return [...new Set(stopped.flatMap((r) => r.stopped))].sort();
  }

  /** Sender and receiver figures of every flow, from every responding host. */
  async trafficStats(): Promise<TrafficFlowStats[]> {
    return (await this.#everyHost((h) => this.host(h, "traffic.stats", {}, 3_000))).flat();
  }

  /** Every flow with its sender's and receiver's figures joined: sent, received, lost, longest gap. */
  async flows(): Promise<FlowSummary[]> {
    return summarizeFlows(await this.trafficStats());
  }

  /** Port counters of every VM and vmknic port, from every responding host. */
  async portCounters(): Promise<PortCounters[]> {
    return (await this.#everyHost((h) => this.host(h, "ports", {}, 3_000))).flat();
  }

  /** Makes a VM's guest send frames with a forged source MAC (to exercise the forged-transmits policy). */
  async spoofFromVm(vm: string, srcMac: string, target: string, count = 1): Promise<{ sent: number }> {
    return this.host(await this.vmHost(vm), "guest.spoof", { vm, srcMac, target, count });
  }

  /** The guest changes its MAC address (to exercise the MAC-address-changes policy). */
  async setGuestMac(vm: string, mac: string): Promise<{ mac: string }> {
    return this.host(await this.vmHost(vm), "guest.mac", { vm, mac });
  }

  async vmHost(vm: string): Promise<string> {
    const found = (await this.status()).vms.find((v) => v.name === vm);
    if (!found) throw new RemoteError("NOT_FOUND", `Virtual machine "${vm}" not found`);
    return found.host;
  }

  async #everyHost<T>(call: (host: string) => Promise<T>): Promise<T[]> {
    const hosts = (await this.status()).hosts.filter((h) => h.status === "connected").map((h) => h.name);
    const results = await Promise.allSettled(hosts.map(call));
    return results.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
  }

  /** Sends a command; with waitMs, the reply comes once the concerned hosts applied it. */
  command(command: ManagementCommand, options: WaitOptions = {}): Promise<CommandResult> {
    const req = {
      commandId: options.commandId ?? randomUUID(),
      command,
      ...(options.waitMs === undefined ? {} : { waitMs: options.waitMs }),
    };
    return this.management("command", req, this.timeoutMs + (options.waitMs ?? 0));
  }

  createSwitch(vds: string, opts: { uplinks?: number; mtu?: number; maxPorts?: number } = {}, wait?: WaitOptions): Promise<CommandResult> {
    return this.command({ type: "CreateDistributedSwitch", vds, ...opts }, wait);
  }

  /** A new MTU for the distributed switch, realized on every member host's proxy switch. */
  reconfigureSwitch(vds: string, opts: { mtu: number }, wait?: WaitOptions): Promise<CommandResult> {
    return this.command({ type: "ReconfigureDistributedSwitch", vds, mtu: opts.mtu }, wait);
  }

  removeSwitch(vds: string, wait?: WaitOptions): Promise<CommandResult> {
    return this.command({ type: "RemoveDistributedSwitch", vds }, wait);
  }

  addHostToSwitch(vds: string, host: string, pnics?: readonly string[], wait?: WaitOptions): Promise<CommandResult> {
    return this.command({ type: "AddHostToDistributedSwitch", vds, host, ...(pnics ? { pnics } : {}) }, wait);
  }

  removeHostFromSwitch(vds: string, host: string, wait?: WaitOptions): Promise<CommandResult> {
    return this.command({ type: "RemoveHostFromDistributedSwitch", vds, host }, wait);
  }

  addPortGroup(vds: string, portgroup: string, opts: { vlan?: VlanSpec; ports?: number } = {}, wait?: WaitOptions): Promise<CommandResult> {
    return this.command({ type: "AddDistributedPortGroup", vds, portgroup, ...opts }, wait);
  }

  setPortGroupPolicy(vds: string, portgroup: string, patch: PortGroupPolicyPatch, wait?: WaitOptions): Promise<CommandResult> {
    return this.command({ type: "SetDistributedPortGroupPolicy", vds, portgroup, patch }, wait);
  }

  removePortGroup(vds: string, portgroup: string, wait?: WaitOptions): Promise<CommandResult> {
    return this.command({ type: "RemoveDistributedPortGroup", vds, portgroup }, wait);
  }

  createVm(vm: string, host: string, networks: readonly string[], wait?: WaitOptions): Promise<CommandResult> {
    return this.command({ type: "CreateVm", vm, host, networks }, wait);
  }

  removeVm(vm: string, wait?: WaitOptions): Promise<CommandResult> {
    return this.command({ type: "RemoveVm", vm }, wait);
  }

  /** The event log, read directly from JetStream. */
  eventStore(): Promise<JetStreamEventStore> {
    this.#store ??= JetStreamEventStore.open(this.nc, { create: false });
    return this.#store;
  }

  /** The event log's replicas and stream leader on the NATS cluster. */
  async logPlacement(): Promise<LogPlacement> {
    return (await this.eventStore()).placement();
  }

  async *events(options: ReadOptions = {}): AsyncIterable<StoredEvent> {
    yield* (await this.eventStore()).read(options);
  }

  async followEvents(fromSeq: number): Promise<EventSubscription> {
    return (await this.eventStore()).follow(fromSeq);
  }

  /**
   * The live event stream, typed: once this resolves it is subscribed, and iterating it yields
   * every event from `fromSeq` (default: the first one appended after the call), then each one
   * as it is appended, until the loop ends or `signal` aborts.
   *
   *     for await (const e of await client.watch()) {
   *       if (e.type === "VmMigrated") console.log(e.data.vm, e.data.destination);
   *     }
   */
  async watch(options: { readonly fromSeq?: number; readonly signal?: AbortSignal } = {}): Promise<AsyncGenerator<VdsimEvent, void, undefined>> {
    const from = options.fromSeq ?? (await (await this.eventStore()).lastSeq()) + 1;
    return iterateEvents(await this.followEvents(from), options.signal);
  }

  /** Waits until the management service and every responding host applied the whole log. */
  waitConverged(options?: ConvergeOptions): Promise<Converged> {
    return waitConverged(this, options);
  }

  /** Converges the cluster to a topology (see `applyTopology`). */
  apply(topology: Topology | ParsedFile<Topology>, options?: ApplyOptions): Promise<ApplyReport> {
    return applyTopology(this, topology, options);
  }

  /** The cluster's configuration as a topology. */
  exportTopology(): Promise<Topology> {
    return exportTopology(this);
  }

  /** The hash of the cluster's topology: equal on two clusters whose exports are equal. */
  topologyHash(): Promise<string> {
    return topologyHash(this);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.nc.close();
  }

  close(): Promise<void> {
    return this[Symbol.asyncDispose]();
  }
}
