import { randomUUID } from "node:crypto";
import type { NatsConnection, Subscription } from "@nats-io/transport-node";
import { JetStreamEventStore, type EventStore, type EventSubscription } from "@vdsim/eventstore";
import { evolve, hostRealizedConfig, hostStateHash, toDomainEvent, type ClusterState } from "@vdsim/model";
import {
  HEARTBEAT_INTERVAL_MS,
  RpcErrorCode,
  Subjects,
  encodeBody,
  request,
  serve,
  type CommandResult,
  type Heartbeat,
  type HostStateReport,
} from "@vdsim/protocol";
import { waitFor, type Logger } from "@vdsim/runtime";
import { loadSnapshot, saveSnapshot } from "./snapshot.js";

export interface HostAgentOptions {
  readonly host: string;
  readonly pnics: readonly string[];
  /** where the agent keeps its snapshot; none means replay from sequence 1 on every start */
  readonly snapshotFile?: string;
  readonly stream?: string;
}

const SNAPSHOT_DEBOUNCE_MS = 200;

/**
 * One simulated ESXi host: follows the event log from the sequence it last applied,
 * realizes what concerns it, and reports heartbeats with its applied sequence and state hash.
 */
export class HostAgent implements AsyncDisposable {
  readonly #startedAt = new Date().toISOString();
  readonly #subs: Subscription[] = [];
  readonly #timers: NodeJS.Timeout[] = [];
  #state: ClusterState;
  #seq: number;
  #follow: EventSubscription | undefined;
  #beatScheduled = false;
  #snapshotTimer: NodeJS.Timeout | undefined;
  #registered = false;

  private constructor(
    private readonly nc: NatsConnection,
    private readonly store: EventStore,
    private readonly options: HostAgentOptions,
    private readonly log: Logger,
  ) {
    const snap = options.snapshotFile ? loadSnapshot(options.snapshotFile) : loadSnapshot("");
    this.#state = snap.state;
    this.#seq = snap.seq;
  }

  static async start(nc: NatsConnection, options: HostAgentOptions, log: Logger): Promise<HostAgent> {
    const store = await waitFor(
      "the event stream (the management service creates it)",
      () => JetStreamEventStore.open(nc, { create: false, ...(options.stream ? { stream: options.stream } : {}) }),
      60_000,
      250,
    );
    const agent = new HostAgent(nc, store, options, log);
    agent.#start();
    return agent;
  }

  get appliedSeq(): number {
    return this.#seq;
  }

  #start(): void {
    const { host } = this.options;
    this.log.info({ host, fromSeq: this.#seq + 1 }, "following the event log");
    this.#subs.push(
      serve(this.nc, Subjects.host(host, "state"), async (): Promise<HostStateReport> => this.report(), (err) => ({
        code: RpcErrorCode.Internal,
        message: `host ${host}: ${String(err)}`,
      })),
    );
    const follow = this.store.follow(this.#seq + 1);
    this.#follow = follow;
    void (async () => {
      try {
        for await (const e of follow) this.#apply(e.seq, e.envelope);
      } catch (err) {
        this.log.error({ err, host }, "event log follow failed");
      }
    })();
    this.#beat();
    this.#timers.push(setInterval(() => this.#beat(), HEARTBEAT_INTERVAL_MS));
    void this.#register();
  }

  #apply(seq: number, env: Parameters<typeof toDomainEvent>[0]): void {
    if (seq <= this.#seq) return;
    evolve(this.#state, toDomainEvent(env));
    this.#seq = seq;
    this.#scheduleBeat();
    this.#scheduleSnapshot();
  }

  report(): HostStateReport {
    const { host } = this.options;
    return { host, appliedSeq: this.#seq, hash: hostStateHash(this.#state, host), config: hostRealizedConfig(this.#state, host) };
  }

  // Several events applied in one burst are reported in one heartbeat.
  #scheduleBeat(): void {
    if (this.#beatScheduled) return;
    this.#beatScheduled = true;
    setImmediate(() => {
      this.#beatScheduled = false;
      this.#beat();
    });
  }

  #beat(): void {
    if (this.nc.isClosed()) return;
    const { host, pnics } = this.options;
    const beat: Heartbeat = {
      host,
      pid: process.pid,
      startedAt: this.#startedAt,
      appliedSeq: this.#seq,
      hash: hostStateHash(this.#state, host),
      pnics,
    };
    this.nc.publish(Subjects.heartbeat(host), encodeBody(beat));
  }

  #scheduleSnapshot(): void {
    const file = this.options.snapshotFile;
    if (!file || this.#snapshotTimer) return;
    this.#snapshotTimer = setTimeout(() => {
      this.#snapshotTimer = undefined;
      saveSnapshot(file, { seq: this.#seq, state: this.#state });
    }, SNAPSHOT_DEBOUNCE_MS);
  }

  /** Announces the host to the management side until it answers; a known host records nothing new. */
  async #register(): Promise<void> {
    const { host, pnics } = this.options;
    while (!this.#registered && !this.nc.isClosed()) {
      try {
        await request<CommandResult>(
          this.nc,
          Subjects.management("command"),
          { commandId: `register-${host}-${randomUUID()}`, command: { type: "RegisterHost", host, pnics } },
          "management service",
        );
        this.#registered = true;
      } catch (err) {
        this.log.debug({ err, host }, "registration not accepted yet; retrying");
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  }

  async [Symbol.asyncDispose](): Promise<void> {
    this.#registered = true;
    for (const t of this.#timers) clearInterval(t);
    for (const s of this.#subs) s.unsubscribe();
    await this.#follow?.stop();
    if (this.#snapshotTimer) clearTimeout(this.#snapshotTimer);
    if (this.options.snapshotFile) saveSnapshot(this.options.snapshotFile, { seq: this.#seq, state: this.#state });
  }
}
