import { ForwardingEventStore, type EventStore, type EventSubscription, type ReadOptions, type StoredEvent } from "@vdsim/eventstore";
import type { EventEnvelope } from "@vdsim/model";

/** What the follower is told when it reads the event drop-applied-event dropped. */
export class PlantedDrop extends Error {
  override readonly name = "PlantedDrop";
}

export interface PlantedHostStoreOptions {
  /** drop-applied-event: the first event of this type reaches the agent unreadable, so it is skipped as applied */
  readonly drop?: string;
  /** told of every event before the agent is (skip-source-release watches for migrations away) */
  readonly observe?: (envelope: EventEnvelope) => void;
}

/**
 * FOR TESTS ONLY: the event log as a host agent sees it, with bugs planted in what it delivers
 * (the test-only entry installs it; the agent itself has no trace of it).
 */
export class PlantedHostStore extends ForwardingEventStore {
  #drop: string | undefined;

  constructor(
    inner: EventStore,
    private readonly options: PlantedHostStoreOptions,
  ) {
    super(inner);
    this.#drop = options.drop;
  }

  override async *read(options?: ReadOptions): AsyncIterable<StoredEvent> {
    for await (const e of this.inner.read(options)) yield this.#deliver(e);
  }

  override scan(options: ReadOptions, visit: (event: StoredEvent) => void): Promise<number> {
    return this.inner.scan(options, (e) => visit(this.#deliver(e)));
  }

  override follow(fromSeq: number): EventSubscription {
    const inner = this.inner.follow(fromSeq);
    const deliver = (e: StoredEvent): StoredEvent => this.#deliver(e);
    return {
      stop: () => inner.stop(),
      async *[Symbol.asyncIterator]() {
        for await (const e of inner) yield deliver(e);
      },
    };
  }

  #deliver(e: StoredEvent): StoredEvent {
    let env: EventEnvelope;
    try {
      env = e.envelope;
    } catch {
      return e;
    }
    this.options.observe?.(env);
    if (env.type !== this.#drop) return e;
    this.#drop = undefined;
    const reason = new PlantedDrop(`planted bug (tests only): drop-applied-event dropped ${env.type}`);
    return {
      seq: e.seq,
      subject: e.subject,
      get envelope(): EventEnvelope {
        throw reason;
      },
    };
  }
}
