import type { NatsConnection, Subscription } from "@nats-io/transport-node";
import { HostNetwork, dataPlanePorts, hostTopology, type HostTopology } from "@vdsim/esx";
import { JetStreamEventStore, LogFollower, type CatchUpOptions, type EventStore, type QuarantinedEvent, type StoredEvent } from "@vdsim/eventstore";
import { canonicalHash, evolve, hostRealizedConfig, hostsConcernedBy, toDomainEvent, type ClusterState, type DomainEvent, type HostRealizedConfig } from "@vdsim/model";
import { HEARTBEAT_INTERVAL_MS, Subjects, encodeBody, type Heartbeat, type HostStateReport } from "@vdsim/protocol";
import { waitFor, type Logger } from "@vdsim/runtime";
import { registerWithManagement } from "./registration.js";
import { serveHostApi } from "./host-api.js";
import { systemClock } from "./clock.js";
import { PhysicalWire } from "./network/wire.js";
import { loadSnapshot, saveSnapshot, type HostSnapshot } from "./snapshot.js";
import type { AgentSurface } from "./surface.js";

export interface HostAgentOptions {
  readonly host: string;
  readonly pnics: readonly string[];
  /** where the agent keeps its snapshot; none means replay from sequence 1 on every start */
  readonly snapshotFile?: string;
  /**
   * in a rack: the file of the rack's first host, whose state this agent's own snapshot points
   * to instead of holding a copy (every host of a rack folds the same log into the same state)
   */
  readonly stateIn?: string;
  /**
   * a snapshot of the cluster to start from when the agent's own is older (a new host, or one
   * whose data dir was lost): the management service's, nearest the log's end; called once
   */
  readonly seed?: () => HostSnapshot | undefined;
  readonly stream?: string;
  /** the event log, already open (a test harness wraps it); default the stream, opened by openHostLog */
  readonly store?: EventStore;
  /** what the data plane realizes of the configuration (a test harness wraps it); default hostTopology */
  readonly topologyOf?: (config: HostRealizedConfig) => HostTopology;
}

/** Opens the event stream a host agent follows; it waits for the management service to create it. */
export function openHostLog(nc: NatsConnection, options: Pick<HostAgentOptions, "stream"> = {}): Promise<EventStore> {
  return waitFor(
    "the event stream (the management service creates it)",
    () => JetStreamEventStore.open(nc, { create: false, ...(options.stream ? { stream: options.stream } : {}) }),
    60_000,
    250,
  );
}

/** A snapshot is written once the log has been quiet this long (a burst costs one write). */
const SNAPSHOT_DEBOUNCE_MS = 1_000;

/**
 * One simulated ESXi host: follows the event log from the sequence it last applied, realizes
 * what concerns it in its data plane, answers the host command surface, and reports
 * heartbeats with its applied sequence and state hash.
 */
export class HostAgent implements AgentSurface, AsyncDisposable {
  readonly #startedAt = new Date().toISOString();
  readonly #subs: Subscription[] = [];
  readonly #timers: NodeJS.Timeout[] = [];
  readonly network: HostNetwork;
  readonly state: ClusterState;
  readonly #subjectSeqs: Map<string, number>;
  readonly #follower: LogFollower;
  #afterApplyScheduled = false;
  /** an event of the current burst concerns this host: the management service waits for its heartbeat */
  #reportDue = false;
  #snapshotTimer: NodeJS.Timeout | undefined;
  /** hash of the realized configuration (= hostStateHash), computed once per burst of events */
  #realizedHash = "";
  #stopRegistering: (() => void) | undefined;
  readonly #topologyOf: (config: HostRealizedConfig) => HostTopology;

  private constructor(
    readonly nc: NatsConnection,
    readonly store: EventStore,
    readonly options: HostAgentOptions,
    readonly log: Logger,
  ) {
    const own = loadSnapshot(options.snapshotFile);
    const seed = options.seed?.();
    const snap = seed && seed.seq > own.seq ? seed : own;
    if (snap === seed) log.info({ host: options.host, seq: seed.seq, ownSeq: own.seq }, "starts from the cluster's snapshot, newer than its own");
    this.state = snap.state;
    this.#subjectSeqs = new Map(Object.entries(snap.subjectSeqs));
    this.#follower = new LogFollower({
      appliedSeq: snap.seq,
      apply: (e) => this.#apply(e),
      onError: (err) => {
        log.error({ err, host: options.host }, "event log follow failed");
        this.#beat();
      },
      onQuarantine: (event) => this.#skip(event),
    });
    this.network = new HostNetwork(options.host, { clock: systemClock, log: log.child({ component: "network" }) });
    this.#topologyOf = options.topologyOf ?? hostTopology;
  }

  static async start(nc: NatsConnection, options: HostAgentOptions, log: Logger): Promise<HostAgent> {
    const store = options.store ?? (await openHostLog(nc, options));
    const agent = new HostAgent(nc, store, options, log);
    agent.#start();
    return agent;
  }

  get host(): string {
    return this.options.host;
  }

  get appliedSeq(): number {
    return this.#follower.appliedSeq;
  }

  /** The last sequence of a subject as this agent has seen it (0: none). */
  subjectSeq(subject: string): number {
    return this.#subjectSeqs.get(subject) ?? 0;
  }

  /** Resolves once the agent has applied `seq`. */
  caughtUp(seq: number, options?: CatchUpOptions): Promise<void> {
    return this.#follower.caughtUp(seq, options);
  }

  #start(): void {
    const { host } = this.options;
    this.log.info({ host, fromSeq: this.appliedSeq + 1 }, "following the event log");
    this.network.attachWire(new PhysicalWire(this.nc, host, (d) => this.network.receive(d)));
    this.#realize();
    this.#subs.push(...serveHostApi(this));
    void this.#follower.start(this.store, { catchUp: false });
    this.#beat();
    this.#timers.push(setInterval(() => this.#beat(), HEARTBEAT_INTERVAL_MS));
    this.#stopRegistering = registerWithManagement(this.nc, host, this.options.pnics, this.log);
  }

  #apply(e: StoredEvent): void {
    const event = toDomainEvent(e.envelope);
    // asked before the fold: a removal names its host only while the state still holds it
    if (!this.#reportDue) this.#reportDue = concerns(event, this.state, this.host);
    evolve(this.state, event);
    this.#subjectSeqs.set(e.subject, e.seq);
    this.#scheduleAfterApply();
    this.#scheduleSnapshot();
  }

  /** An event that does not decode still moves its subject on: this host's next append there expects it. */
  #skip(event: QuarantinedEvent): void {
    this.log.warn({ ...event, host: this.host }, "skipped a message in the log that is not a valid event (quarantined)");
    this.#reportDue = true;
    this.#subjectSeqs.set(event.subject, event.seq);
    this.#scheduleAfterApply();
    this.#scheduleSnapshot();
  }

  /**
   * A burst of events is realized once, and reported at once when it changed this host or
   * concerned it (what the management service waits for); a burst that only moved the log on
   * (another host registering, say) is reported by the next periodic heartbeat. A thousand hosts
   * each beating after each of a thousand registrations would be a million heartbeats.
   */
  #scheduleAfterApply(): void {
    if (this.#afterApplyScheduled) return;
    this.#afterApplyScheduled = true;
    setImmediate(() => {
      this.#afterApplyScheduled = false;
      const changed = this.#realize();
      if (changed || this.#reportDue) this.#beat();
      this.#reportDue = false;
    });
  }

  /** Brings the data plane in line with what the log says this host realizes; true when that changed. */
  #realize(): boolean {
    const config = hostRealizedConfig(this.state, this.host);
    const hash = canonicalHash(config);
    if (hash === this.#realizedHash) return false;
    this.#realizedHash = hash;
    try {
      this.network.apply(this.#topologyOf(config));
    } catch (err) {
      this.log.error({ err, host: this.host, seq: this.appliedSeq }, "could not realize the configuration in the data plane");
    }
    return true;
  }

  report(): HostStateReport {
    const { host } = this.options;
    const config = hostRealizedConfig(this.state, host);
    const topology = this.network.topology;
    return { host, appliedSeq: this.appliedSeq, hash: canonicalHash(config), config, dataPlane: topology ? dataPlanePorts(topology) : [] };
  }

  #beat(): void {
    if (this.nc.isClosed()) return;
    const { host, pnics } = this.options;
    const beat: Heartbeat = {
      host,
      pid: process.pid,
      startedAt: this.#startedAt,
      appliedSeq: this.appliedSeq,
      hash: this.#realizedHash,
      pnics,
      follower: this.#follower.report(),
    };
    this.nc.publish(Subjects.heartbeat(host), encodeBody(beat));
  }

  #scheduleSnapshot(): void {
    const file = this.options.snapshotFile;
    if (!file) return;
    if (this.#snapshotTimer) clearTimeout(this.#snapshotTimer);
    this.#snapshotTimer = setTimeout(() => {
      this.#snapshotTimer = undefined;
      this.#saveSnapshot(file);
    }, SNAPSHOT_DEBOUNCE_MS);
  }

  #saveSnapshot(file: string): void {
    const { stateIn } = this.options;
    if (stateIn) saveSnapshot(file, { seq: this.appliedSeq, hash: this.#realizedHash, stateIn });
    else saveSnapshot(file, { seq: this.appliedSeq, state: this.state, subjectSeqs: Object.fromEntries(this.#subjectSeqs) });
  }

  async [Symbol.asyncDispose](): Promise<void> {
    this.#stopRegistering?.();
    for (const t of this.#timers) clearInterval(t);
    for (const s of this.#subs) s.unsubscribe();
    this.network.close();
    await this.#follower.stop();
    if (this.#snapshotTimer) clearTimeout(this.#snapshotTimer);
    if (this.options.snapshotFile) this.#saveSnapshot(this.options.snapshotFile);
  }
}

/** Whether the management service waits for `host` to apply `event`; when that cannot be told, it may. */
function concerns(event: DomainEvent, state: ClusterState, host: string): boolean {
  try {
    return hostsConcernedBy(event, state).includes(host);
  } catch {
    return true;
  }
}
