import type { NatsConnection, Subscription } from "@nats-io/transport-node";
import { JetStreamEventStore, SNAPSHOT_LOAD_MS, SnapshotStore, type EventStore, type LoadedSnapshot } from "@vdsim/eventstore";
import {
  clusterStateHash,
  hostStateHash,
  isDomainError,
  summarizePortGroups,
  summarizeSwitches,
  summarizeVms,
} from "@vdsim/model";
import {
  HEARTBEAT_INTERVAL_MS,
  RemoteError,
  RpcErrorCode,
  Subjects,
  checkBody,
  heartbeatSchema,
  managementRequestSchemas,
  serve,
  type ClusterStatus,
  type CommandResult,
  type ManagementApi,
  type ManagementOp,
  type RemoteErrorBody,
} from "@vdsim/protocol";
import { waitFor, withDeadline, type Logger } from "@vdsim/runtime";
import { CommandHandler } from "./command-handler.js";
import { HostLiveness } from "./liveness.js";
import { Projection } from "./projection.js";
import { SnapshotWriter } from "./snapshot-writer.js";
import { DEFAULT_SNAPSHOT_EVERY } from "./config.js";
import { hostRpc } from "./migrations/host-rpc.js";
import { MigrationOrchestrator } from "./migrations/orchestrator.js";

export interface ManagementOptions {
  readonly stream?: string;
  readonly replicas?: number;
  /** the event log, already open (a test harness wraps it); default the JetStream stream, opened by openEventLog */
  readonly store?: EventStore;
  /** a snapshot every this many events, 0 for only when asked (default DEFAULT_SNAPSHOT_EVERY) */
  readonly snapshotEvery?: number;
}

/** Opens the event stream the management service writes, creating it (with `replicas`) when missing. */
export function openEventLog(nc: NatsConnection, options: Pick<ManagementOptions, "stream" | "replicas"> = {}): Promise<EventStore> {
  return waitFor("JetStream to accept the event stream", () => JetStreamEventStore.open(nc, options), 30_000, 250);
}

type Handlers = { [Op in ManagementOp]: (req: ManagementApi[Op]["req"]) => Promise<ManagementApi[Op]["res"]> };

/** The vCenter analogue: folds the log, decides commands, tracks host agents, answers queries. */
export class ManagementService implements AsyncDisposable {
  readonly #startedAt = new Date().toISOString();
  readonly #subs: Subscription[] = [];
  readonly #liveness = new HostLiveness();
  readonly #projection: Projection;
  readonly #handler: CommandHandler;
  #migrations: MigrationOrchestrator | undefined;
  #resumeTimer: NodeJS.Timeout | undefined;
  #snapshots: SnapshotWriter | undefined;

  private constructor(
    private readonly nc: NatsConnection,
    private readonly store: EventStore,
    private readonly log: Logger,
    private readonly options: ManagementOptions,
  ) {
    this.#projection = new Projection({
      onQuarantine: (event) => log.warn(event, "skipped a message in the log that is not a valid event (quarantined)"),
      onFolded: (seq) => this.#snapshots?.folded(seq),
    });
    const ctx = { isHostResponding: (host: string) => this.#liveness.isResponding(host) };
    this.#handler = new CommandHandler(store, this.#projection, ctx);
  }

  static async start(nc: NatsConnection, log: Logger, options: ManagementOptions = {}): Promise<ManagementService> {
    const { store: given, ...stream } = options;
    const store = given ?? (await openEventLog(nc, stream));
    const service = new ManagementService(nc, store, log, options);
    await service.#start();
    return service;
  }

  async #start(): Promise<void> {
    const t0 = Date.now();
    const snapshots = await this.#openSnapshots();
    const loaded = snapshots ? await this.#nearestSnapshot(snapshots) : undefined;
    const from = loaded?.content;
    await this.#projection.start(this.store, (err) => this.log.error({ err }, "event log follow failed"), from);
    if (snapshots) {
      const every = this.options.snapshotEvery ?? DEFAULT_SNAPSHOT_EVERY;
      this.#snapshots = new SnapshotWriter(snapshots, () => this.#projection.snapshotContent(), every, this.log.child({ component: "snapshots" }), loaded?.info);
      this.#snapshots.folded(this.#projection.seq);
    }
    this.log.info({ seq: this.#projection.seq, fromSnapshot: from?.seq ?? null, ms: Date.now() - t0 }, from ? "state rebuilt from a snapshot and the event log after it" : "state rebuilt from the event log");
    this.#subs.push(
      this.nc.subscribe(Subjects.heartbeatAll, {
        callback: (err, msg) => {
          if (err) return;
          const hb = checkBody("heartbeat", heartbeatSchema, msg.data);
          if (hb.ok) this.#liveness.record(hb.value);
          else this.log.warn({ subject: msg.subject, reason: hb.error.message }, "dropped a heartbeat that is not one");
        },
      }),
    );
    const handlers: Handlers = {
      ping: async () => ({ seq: this.#projection.seq, pid: process.pid, startedAt: this.#startedAt }),
      command: (req) => this.#command(req),
      status: () => this.#status(),
      hash: async () => ({ seq: this.#projection.seq, hash: clusterStateHash(this.#projection.state) }),
      migrate: async (req) => {
        const { requestId, ...migrate } = req;
        const migration = await this.#orchestrator().migrate(migrate, requestId);
        return { migration, seq: this.#projection.seq };
      },
      evacuate: async (req) => {
        const seq = this.#projection.seq;
        return { seq, migrations: await this.#orchestrator().evacuate(req.host, req.requestId) };
      },
      migrations: async () =>
        Object.values(this.#projection.state.migrations).map(({ snapshot: _snapshot, ...rest }) => rest),
      snapshot: async () => {
        if (!this.#snapshots) throw new RemoteError(RpcErrorCode.BadRequest, "the management service keeps no snapshots: its event log is not a JetStream stream it can snapshot beside");
        const { logCreated: _logCreated, ...info } = await this.#snapshots.write();
        return info;
      },
    };
    // in-flight migrations resume once the hosts have had time to report in (their prechecks need it)
    this.#resumeTimer = setTimeout(() => this.#orchestrator().resumeOpen(), 2 * HEARTBEAT_INTERVAL_MS);
    const serveOp = <Op extends ManagementOp>(op: Op): Subscription =>
      serve(this.nc, Subjects.management(op), {
        op,
        schema: managementRequestSchemas[op],
        handler: handlers[op],
        onError: (err) => this.#toRemote(op, err),
        queue: Subjects.managementQueue,
      });
    for (const op of Object.keys(handlers) as ManagementOp[]) this.#subs.push(serveOp(op));
  }

  /** The snapshots' stream, made when missing; none (and the log folded from sequence 1) when NATS cannot hold it. */
  async #openSnapshots(): Promise<SnapshotStore | undefined> {
    const stream = this.options.stream ?? (this.store instanceof JetStreamEventStore ? this.store.stream : undefined);
    try {
      return await withDeadline("the snapshots' stream", SNAPSHOT_LOAD_MS, SnapshotStore.open(this.nc, { create: true, ...(stream ? { eventStream: stream } : {}), ...(this.options.replicas ? { replicas: this.options.replicas } : {}) }));
    } catch (err) {
      this.log.info({ err }, "no snapshots: the snapshots' stream cannot be opened beside this event log");
      return undefined;
    }
  }

  /** The newest snapshot at or before the log's end that checks out; each one that does not is reported and skipped. */
  async #nearestSnapshot(snapshots: SnapshotStore): Promise<LoadedSnapshot | undefined> {
    try {
      const lastSeq = await this.store.lastSeq();
      return await withDeadline(
        "the newest snapshot",
        SNAPSHOT_LOAD_MS,
        snapshots.nearest(lastSeq, (err) => this.log.warn({ seq: err.seq, reason: err.reason }, err.message)),
      );
    } catch (err) {
      this.log.warn({ err }, "snapshots could not be read: the state is folded from sequence 1");
      return undefined;
    }
  }

  async #command(req: ManagementApi["command"]["req"]): Promise<CommandResult> {
    const { command } = req;
    const decided = await this.#handler.handle(req.commandId, command);
    this.log.debug({ command: command.type, commandId: req.commandId, seq: decided.seq }, "command decided");
    if (req.waitMs === undefined || decided.seq === null) return { seq: decided.seq, events: decided.events };
    const { applied, pending } = await this.#liveness.waitApplied(decided.seq, decided.concerned, decided.appendedAt, req.waitMs);
    return {
      seq: decided.seq,
      events: decided.events,
      applied,
      pending: pending.map((host) => ({ host, status: this.#liveness.isResponding(host) ? "connected" : "notResponding" })),
    };
  }

  async #status(): Promise<ClusterStatus> {
    const logSeq = await this.#logSeq();
    const { state, seq, follower } = this.#projection;
    return {
      seq,
      logSeq,
      management: {
        pid: process.pid,
        startedAt: this.#startedAt,
        follower: follower.report(),
        snapshot: this.#snapshots?.last ? { seq: this.#snapshots.last.seq, writtenAt: this.#snapshots.last.writtenAt } : null,
      },
      quarantined: [...follower.quarantined],
      hosts: Object.keys(state.hosts)
        .sort()
        .map((h) => this.#liveness.status(h, state.hosts[h]?.pnics ?? [], seq, () => hostStateHash(state, h))),
      switches: summarizeSwitches(state),
      portGroups: summarizePortGroups(state),
      vms: summarizeVms(state),
    };
  }

  /** The stream's own last sequence (what the log holds, whatever this service applied); null when it does not answer in time. */
  async #logSeq(): Promise<number | null> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), 2_000)));
    try {
      return await Promise.race([this.store.lastSeq().catch(() => null), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  #toRemote(op: string, err: unknown): RemoteErrorBody {
    if (isDomainError(err) || err instanceof RemoteError) return { code: err.code, message: err.message };
    this.log.error({ err, op }, "request failed");
    return { code: RpcErrorCode.Internal, message: `management service failed on ${op}: ${String(err)}` };
  }

  #orchestrator(): MigrationOrchestrator {
    this.#migrations ??= new MigrationOrchestrator({
      state: () => this.#projection.state,
      seq: () => this.#projection.seq,
      decide: (id, command) => this.#handler.handle(id, command),
      liveness: this.#liveness,
      host: hostRpc(this.nc),
      log: this.log.child({ component: "vmotion" }),
      traffic: new Map(),
    });
    return this.#migrations;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    clearTimeout(this.#resumeTimer);
    this.#migrations?.stop();
    for (const s of this.#subs) s.unsubscribe();
    await this.#projection.stop();
    await this.store[Symbol.asyncDispose]();
  }
}
