import { AsyncQueue, ForwardingEventStore, type EventStore, type EventSubscription, type StoredEvent } from "@vdsim/eventstore";

/**
 * One read of the log for every simulated host of a process (a rack): each host's follower
 * follows this store, and they share one JetStream consumer and one decode per event. The read
 * starts, once the hosts that start together have asked (the next turn of the event loop), from
 * the lowest sequence any of them needs; every host's follower skips what it already applied.
 * A follow asked for later, from before where the shared read stands, gets a read of its own.
 *
 * The hosts fold the same event objects into their own states, so each event is frozen before it
 * is shared: a fold that kept a part of an event and changed it later would change another host's
 * state too, and instead fails loudly (the event is then quarantined on that host and reported).
 */
export class SharedLog extends ForwardingEventStore {
  readonly #followers = new Set<SharedFollow>();
  #upstream: EventSubscription | undefined;
  #startScheduled = false;
  /** the last sequence the shared read handed on (0: none yet) */
  #delivered = 0;
  #from = Number.POSITIVE_INFINITY;
  #stopped = false;

  constructor(inner: EventStore) {
    super(inner);
  }

  /** How many follows the shared read feeds (the rest read on their own). */
  get sharedFollows(): number {
    return this.#followers.size;
  }

  override follow(fromSeq: number): EventSubscription {
    if (this.#stopped || (this.#upstream !== undefined && fromSeq <= this.#delivered)) return this.inner.follow(fromSeq);
    const follow = new SharedFollow(() => this.#followers.delete(follow));
    this.#followers.add(follow);
    if (this.#upstream === undefined) {
      this.#from = Math.min(this.#from, fromSeq);
      this.#scheduleStart();
    }
    return follow;
  }

  #scheduleStart(): void {
    if (this.#startScheduled) return;
    this.#startScheduled = true;
    setImmediate(() => {
      if (this.#stopped || this.#followers.size === 0) {
        this.#startScheduled = false;
        return;
      }
      const upstream = this.inner.follow(this.#from);
      this.#upstream = upstream;
      void this.#pump(upstream);
    });
  }

  async #pump(upstream: EventSubscription): Promise<void> {
    try {
      for await (const event of upstream) {
        const shared = frozen(event);
        this.#delivered = event.seq;
        for (const f of this.#followers) f.push(shared);
      }
      for (const f of this.#followers) f.end();
    } catch (err) {
      for (const f of this.#followers) f.fail(err);
    }
  }

  override async [Symbol.asyncDispose](): Promise<void> {
    this.#stopped = true;
    await this.#upstream?.stop();
    await super[Symbol.asyncDispose]();
  }

  /** Stops the shared read without closing the store under it (the process's connection is drained after). */
  async stop(): Promise<void> {
    this.#stopped = true;
    await this.#upstream?.stop();
  }
}

class SharedFollow extends AsyncQueue<StoredEvent> implements EventSubscription {
  constructor(private readonly leave: () => void) {
    super();
  }

  async stop(): Promise<void> {
    this.leave();
    this.end();
  }
}

/** The event as a valid one reads, frozen through; one that does not decode is shared as it is (its envelope throws). */
function frozen(event: StoredEvent): StoredEvent {
  const desc = Object.getOwnPropertyDescriptor(event, "envelope");
  if (desc === undefined || !("value" in desc)) return event;
  deepFreeze(desc.value);
  return Object.freeze(event);
}

function deepFreeze(value: unknown): void {
  if (value === null || typeof value !== "object" || ArrayBuffer.isView(value) || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const v of Object.values(value)) deepFreeze(v);
}
