import {
  DeliverPolicy,
  JetStreamApiCodes,
  JetStreamApiError,
  RetentionPolicy,
  StorageType,
  jetstream,
  jetstreamManager,
  type Consumer,
  type ConsumerMessages,
  type JetStreamClient,
  type JetStreamManager,
  type StreamExpectations,
  type JsMsg,
} from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import { EVENT_SUBJECT_PREFIX, checkEnvelope, encodeEnvelope } from "@vdsim/model";
import { scanOnce } from "./scan-once.js";
import { storedEvent } from "./stored.js";
import { ConcurrencyError } from "./errors.js";
import { resilientFollow, watchHeartbeats } from "./resilient-follow.js";
import { StreamLeaderless, retryWhileUnavailable } from "./unavailable.js";
import type { AppendExpectation, AppendRequest, AppendResult, EventStore, EventSubscription, LogPlacement, ReadOptions, StoredEvent } from "./types.js";

export const DEFAULT_STREAM = "VDSIM_EVENTS";

export interface JetStreamEventStoreOptions {
  /** stream name, default VDSIM_EVENTS */
  readonly stream?: string;
  /** JetStream replicas when the stream is created (3 on a NATS cluster) */
  readonly replicas?: number;
  /** create the stream when it is missing (default true) */
  readonly create?: boolean;
  /** how long appends and reads are retried while the cluster has no stream leader (default 20 s) */
  readonly unavailableRetryMs?: number;
}

const TWO_MINUTES_NS = 120_000_000_000;
/** A bounded scan pulls big batches (a replay); a live follow pulls small ones (latency). */
const READ_BATCH = 10_000;
const FOLLOW_BATCH = 1_000;
/** Consumers replaced in a row without a new event before a scan gives up. */
const MAX_SCAN_STALLS = 5;
/**
 * A scan's consumer that delivers nothing for this long is given up for a new one: an ordered
 * consumer whose reset retries for ever no longer reports missed heartbeats nor closes.
 */
const SCAN_IDLE_LOST_MS = 15_000;
/**
 * A follow's or a scan's ordered consumer lives on one NATS node. When that node dies while the
 * reader stays connected to another, only missing idle heartbeats (two in a row) tell it to
 * recreate the consumer; the client's default (half of a 30 s pull) would stall a host agent for a minute.
 */
const PULL_WITH_HEARTBEATS = { expires: 5_000, idle_heartbeat: 1_000 } as const;
/**
 * Creating a consumer can be placed on a node that just died and is not yet known to be gone:
 * such a request never gets an answer, so it is given up on sooner than other API calls.
 */
const CONSUMER_API_TIMEOUT_MS = 2_000;

/** The event log on a JetStream stream holding every subject under vdsim.evt. */
export class JetStreamEventStore implements EventStore {
  readonly #consumers: JetStreamClient;

  private constructor(
    private readonly nc: NatsConnection,
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
    readonly stream: string,
    private readonly unavailableRetryMs: number,
  ) {
    this.#consumers = jetstream(nc, { timeout: CONSUMER_API_TIMEOUT_MS });
  }

  static async open(nc: NatsConnection, options: JetStreamEventStoreOptions = {}): Promise<JetStreamEventStore> {
    const stream = options.stream ?? DEFAULT_STREAM;
    const jsm = await jetstreamManager(nc);
    try {
      await jsm.streams.info(stream);
    } catch (err) {
      if (!(err instanceof JetStreamApiError && err.code === JetStreamApiCodes.StreamNotFound) || options.create === false) {
        throw err;
      }
      await jsm.streams.add({
        name: stream,
        subjects: [`${EVENT_SUBJECT_PREFIX}.>`],
        storage: StorageType.File,
        retention: RetentionPolicy.Limits,
        num_replicas: options.replicas ?? 1,
        duplicate_window: TWO_MINUTES_NS,
      });
    }
    return new JetStreamEventStore(nc, jetstream(nc), jsm, stream, options.unavailableRetryMs ?? 20_000);
  }

  /** Appends; a retry after a lost ack or a leader election is deduplicated by the message id. */
  async append(req: AppendRequest): Promise<AppendResult> {
    // a store never appends what its readers would quarantine: a writer's bug fails its own append
    checkEnvelope(req.envelope, req.subject);
    const data = encodeEnvelope(req.envelope);
    const options = { msgID: req.msgId ?? req.envelope.id, expect: publishExpectation(req.expect) };
    try {
      const ack = await retryWhileUnavailable(() => this.js.publish(req.subject, data, options), this.unavailableRetryMs);
      return { seq: ack.seq, duplicate: ack.duplicate };
    } catch (err) {
      if (err instanceof JetStreamApiError && err.code === JetStreamApiCodes.StreamWrongLastSequence && req.expect !== "none-on-purpose") {
        const expected = "lastSeq" in req.expect ? req.expect.lastSeq : req.expect.lastSubjectSeq;
        throw new ConcurrencyError(expected, await this.#actualLastSeq(req.subject, req.expect).catch(() => undefined), { cause: err });
      }
      throw err;
    }
  }

  /** After a conflict: what the append should have expected, the log's or its subject's last sequence now. */
  async #actualLastSeq(subject: string, expect: Exclude<AppendExpectation, "none-on-purpose">): Promise<number> {
    if ("lastSeq" in expect) return this.lastSeq();
    const last = await this.jsm.streams.getMessage(this.stream, { last_by_subj: subject });
    return last?.seq ?? 0;
  }

  /** The last sequence as the stream leader knows it (a clustered stream without one is waited for). */
  async lastSeq(): Promise<number> {
    const info = await retryWhileUnavailable(async () => {
      const i = await this.jsm.streams.info(this.stream);
      if (i.cluster && !i.cluster.leader) throw new StreamLeaderless(`stream ${this.stream} has no leader`);
      return i;
    }, this.unavailableRetryMs);
    return info.state.last_seq;
  }

  /** The stream's replicas and leader, as the cluster reports them now. */
  async placement(): Promise<LogPlacement> {
    const info = await this.jsm.streams.info(this.stream);
    return {
      stream: this.stream,
      replicas: info.config.num_replicas,
      ...(info.cluster?.leader ? { leader: info.cluster.leader } : {}),
      followers: (info.cluster?.replicas ?? []).map((r) => ({ name: r.name, current: r.current, offline: r.offline ?? false })),
    };
  }

  /**
   * Reads through `to` (at most the last sequence the stream leader reports) with the same
   * resilient consumer as follow(): a consumer placed on a replica still catching up after a
   * crash delivers late, not less, and one on a node that dies is replaced.
   */
  async *read(options: ReadOptions = {}): AsyncIterable<StoredEvent> {
    const from = Math.max(1, options.from ?? 1);
    const last = await this.lastSeq();
    const to = Math.min(options.to ?? last, last);
    if (to < from) return;
    const events = this.follow(from);
    try {
      for await (const e of events) {
        if (e.seq > to) break;
        yield e;
        if (e.seq >= to) break;
      }
    } finally {
      await events.stop();
    }
  }

  /**
   * Scans with ordered consumers of big batches. Like follow(), it outlives the NATS node its
   * consumer sits on: creating the consumer is retried while the cluster elects leaders (the
   * request can be placed on a node that just died), and a consumer whose idle heartbeats stop
   * is replaced by a new one from the next unseen sequence.
   */
  async scan(options: ReadOptions, visit: (event: StoredEvent) => void): Promise<number> {
    let next = Math.max(1, options.from ?? 1);
    const to = options.to ?? (await this.lastSeq());
    let visited = 0;
    for (let stalls = 0; next <= to; ) {
      const from = next;
      const consumer = await retryWhileUnavailable(
        () => this.#consumers.consumers.get(this.stream, { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: from }),
        this.unavailableRetryMs,
      );
      const pass = await scanOnce(consumer, to, { batch: READ_BATCH, pull: PULL_WITH_HEARTBEATS, idleMs: SCAN_IDLE_LOST_MS, toStored }, (e) => {
        if (e.seq < next) return;
        visit(e);
        visited++;
        next = e.seq + 1;
      });
      if (pass === "done") break;
      // the consumer's node went away: a new consumer goes on from the next unseen sequence
      stalls = next > from ? 0 : stalls + 1;
      if (stalls >= MAX_SCAN_STALLS) throw new Error(`reading the event log ${this.stream} stalled at sequence ${next}`);
    }
    return visited;
  }

  follow(fromSeq: number): EventSubscription {
    return resilientFollow(this.nc, (from) => this.#consume(from), fromSeq, toStored);
  }

  async #consume(from: number): Promise<ConsumerMessages> {
    const consumer = await this.#consumers.consumers.get(this.stream, {
      deliver_policy: DeliverPolicy.StartSequence,
      opt_start_seq: from,
    });
    return consumer.consume({ max_messages: FOLLOW_BATCH, ...PULL_WITH_HEARTBEATS });
  }

  async [Symbol.asyncDispose](): Promise<void> {}
}

/** The publish headers (Nats-Expected-Last-Sequence, -Subject-Sequence) that hold an append to what it expects. */
function publishExpectation(expect: AppendExpectation): Partial<StreamExpectations> {
  if (expect === "none-on-purpose") return {};
  return "lastSeq" in expect ? { lastSequence: expect.lastSeq } : { lastSubjectSequence: expect.lastSubjectSeq };
}

function toStored(m: JsMsg): StoredEvent {
  return storedEvent(m.seq, m.subject, m.data);
}
