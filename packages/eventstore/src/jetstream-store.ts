import {
  DeliverPolicy,
  JetStreamApiCodes,
  JetStreamApiError,
  RetentionPolicy,
  StorageType,
  jetstream,
  jetstreamManager,
  type ConsumerMessages,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
} from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import { EVENT_SUBJECT_PREFIX, decodeEnvelope, encodeEnvelope, type EventEnvelope } from "@vdsim/model";
import { AsyncQueue } from "./async-queue.js";
import { ConcurrencyError } from "./errors.js";
import type { AppendRequest, AppendResult, EventStore, EventSubscription, ReadOptions, StoredEvent } from "./types.js";

export const DEFAULT_STREAM = "VDSIM_EVENTS";

export interface JetStreamEventStoreOptions {
  /** stream name, default VDSIM_EVENTS */
  readonly stream?: string;
  /** JetStream replicas when the stream is created (3 on a NATS cluster) */
  readonly replicas?: number;
  /** create the stream when it is missing (default true) */
  readonly create?: boolean;
}

const TWO_MINUTES_NS = 120_000_000_000;
/** A bounded read pulls big batches (a replay); a live follow pulls small ones (latency). */
const READ_BATCH = 10_000;
const FOLLOW_BATCH = 1_000;

/** The event log on a JetStream stream holding every subject under vdsim.evt. */
export class JetStreamEventStore implements EventStore {
  private constructor(
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
    readonly stream: string,
  ) {}

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
    return new JetStreamEventStore(jetstream(nc), jsm, stream);
  }

  async append(req: AppendRequest): Promise<AppendResult> {
    try {
      const ack = await this.js.publish(req.subject, encodeEnvelope(req.envelope), {
        msgID: req.msgId ?? req.envelope.id,
        expect: {
          ...(req.expectedLastSeq === undefined ? {} : { lastSequence: req.expectedLastSeq }),
          ...(req.expectedLastSubjectSeq === undefined ? {} : { lastSubjectSequence: req.expectedLastSubjectSeq }),
        },
      });
      return { seq: ack.seq, duplicate: ack.duplicate };
    } catch (err) {
      if (err instanceof JetStreamApiError && err.code === JetStreamApiCodes.StreamWrongLastSequence) {
        const actual = /wrong last sequence: (\d+)/.exec(err.message)?.[1];
        const expected = req.expectedLastSeq ?? req.expectedLastSubjectSeq ?? 0;
        throw new ConcurrencyError(expected, actual === undefined ? undefined : Number(actual), { cause: err });
      }
      throw err;
    }
  }

  async lastSeq(): Promise<number> {
    const info = await this.jsm.streams.info(this.stream);
    return info.state.last_seq;
  }

  async *read(options: ReadOptions = {}): AsyncIterable<StoredEvent> {
    const from = Math.max(1, options.from ?? 1);
    const to = options.to ?? (await this.lastSeq());
    if (to < from) return;
    const messages = await this.#consume(from, READ_BATCH);
    try {
      for await (const m of messages) {
        if (m.seq > to) break;
        yield toStored(m);
        if (m.seq >= to || m.info.pending === 0) break;
      }
    } finally {
      await messages.close();
    }
  }

  async scan(options: ReadOptions, visit: (event: StoredEvent) => void): Promise<number> {
    const from = Math.max(1, options.from ?? 1);
    const to = options.to ?? (await this.lastSeq());
    if (to < from) return 0;
    const consumer = await this.js.consumers.get(this.stream, { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: from });
    let visited = 0;
    let failure: unknown;
    let finished: () => void = () => undefined;
    const done = new Promise<void>((resolve) => (finished = resolve));
    const messages = await consumer.consume({
      max_messages: READ_BATCH,
      callback: (m) => {
        if (visited < 0) return;
        if (m.seq <= to) {
          try {
            visit({ seq: m.seq, subject: m.subject, envelope: decodeEnvelope(m.data) });
            visited++;
          } catch (err) {
            failure = err;
          }
        }
        if (failure !== undefined || m.seq >= to || m.info.pending === 0) finished();
      },
    });
    await done;
    const count = visited;
    visited = -1;
    await messages.close();
    if (failure !== undefined) throw failure;
    return count;
  }

  follow(fromSeq: number): EventSubscription {
    const queue = new AsyncQueue<StoredEvent>();
    const started = this.#consume(Math.max(1, fromSeq), FOLLOW_BATCH);
    const pump = started.then(async (messages) => {
      for await (const m of messages) queue.push(toStored(m));
      queue.end();
    });
    pump.catch(() => queue.end());
    return {
      [Symbol.asyncIterator]: () => queue,
      async stop() {
        queue.end();
        const messages = await started.catch(() => undefined);
        await messages?.close();
      },
    };
  }

  async #consume(from: number, batch: number): Promise<ConsumerMessages> {
    const consumer = await this.js.consumers.get(this.stream, {
      deliver_policy: DeliverPolicy.StartSequence,
      opt_start_seq: from,
    });
    return consumer.consume({ max_messages: batch });
  }

  async [Symbol.asyncDispose](): Promise<void> {}
}

/** Decoded on first access: a reader that skips events it already has (its own appends) never pays for them. */
function toStored(m: JsMsg): StoredEvent {
  let envelope: EventEnvelope | undefined;
  return {
    seq: m.seq,
    subject: m.subject,
    get envelope(): EventEnvelope {
      envelope ??= decodeEnvelope(m.data);
      return envelope;
    },
  };
}
