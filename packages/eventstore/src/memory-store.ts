import { checkEnvelope, encodeEnvelope } from "@vdsim/model";
import { storedEvent } from "./stored.js";
import { AsyncQueue } from "./async-queue.js";
import { ConcurrencyError } from "./errors.js";
import type { AppendRequest, AppendResult, EventStore, EventSubscription, ReadOptions, StoredEvent } from "./types.js";

interface Row {
  readonly seq: number;
  readonly subject: string;
  readonly bytes: Uint8Array;
}

export interface InMemoryEventStoreOptions {
  /** how long a message id deduplicates a retried append; default two minutes, the JetStream stream's window */
  readonly duplicateWindowMs?: number;
  /** the clock the window is measured on, in ms */
  readonly now?: () => number;
}

const TWO_MINUTES_MS = 120_000;

/**
 * The event store contract held in memory, for unit tests. Events are copied through the codec.
 * Like JetStream it checks the message id before the expectation: a retry within the duplicate
 * window is answered with the first append's sequence however stale its expectation is.
 */
export class InMemoryEventStore implements EventStore {
  readonly #rows: Row[] = [];
  readonly #msgIds = new Map<string, { readonly seq: number; readonly at: number }>();
  readonly #subjectSeq = new Map<string, number>();
  readonly #followers = new Set<AsyncQueue<StoredEvent>>();
  readonly #windowMs: number;
  readonly #now: () => number;

  constructor(options: InMemoryEventStoreOptions = {}) {
    this.#windowMs = options.duplicateWindowMs ?? TWO_MINUTES_MS;
    this.#now = options.now ?? Date.now;
  }

  async append(req: AppendRequest): Promise<AppendResult> {
    // a store never appends what its readers would quarantine: a writer's bug fails its own append
    checkEnvelope(req.envelope, req.subject);
    const msgId = req.msgId ?? req.envelope.id;
    const dup = this.#msgIds.get(msgId);
    if (dup !== undefined && this.#now() - dup.at < this.#windowMs) return { seq: dup.seq, duplicate: true };
    const last = this.#rows.length;
    if (req.expect !== "none-on-purpose") {
      const [expected, actual] =
        "lastSeq" in req.expect ? [req.expect.lastSeq, last] : [req.expect.lastSubjectSeq, this.#subjectSeq.get(req.subject) ?? 0];
      if (expected !== actual) throw new ConcurrencyError(expected, actual);
    }
    const row = { seq: last + 1, subject: req.subject, bytes: encodeEnvelope(req.envelope) };
    this.#rows.push(row);
    this.#msgIds.set(msgId, { seq: row.seq, at: this.#now() });
    this.#subjectSeq.set(req.subject, row.seq);
    for (const f of this.#followers) f.push(toStored(row));
    return { seq: row.seq, duplicate: false };
  }

  async lastSeq(): Promise<number> {
    return this.#rows.length;
  }

  async *read(options: ReadOptions = {}): AsyncIterable<StoredEvent> {
    const from = Math.max(1, options.from ?? 1);
    const to = Math.min(options.to ?? this.#rows.length, this.#rows.length);
    for (let seq = from; seq <= to; seq++) yield toStored(this.#rows[seq - 1] as Row);
  }

  async scan(options: ReadOptions, visit: (event: StoredEvent) => void): Promise<number> {
    let n = 0;
    for await (const e of this.read(options)) {
      visit(e);
      n++;
    }
    return n;
  }

  follow(fromSeq: number): EventSubscription {
    const queue = new AsyncQueue<StoredEvent>();
    for (const row of this.#rows.slice(Math.max(0, fromSeq - 1))) queue.push(toStored(row));
    this.#followers.add(queue);
    const followers = this.#followers;
    return {
      [Symbol.asyncIterator]: () => queue,
      async stop() {
        followers.delete(queue);
        queue.end();
      },
    };
  }

  async [Symbol.asyncDispose](): Promise<void> {
    for (const f of this.#followers) f.end();
    this.#followers.clear();
  }
}

function toStored(row: Row): StoredEvent {
  return storedEvent(row.seq, row.subject, row.bytes);
}
