import type { AppendRequest, AppendResult, EventStore, EventSubscription, ReadOptions, StoredEvent } from "./types.js";

/**
 * An EventStore that hands every call to another. A wrapper that changes one behaviour (a test's
 * held-back follow, a planted bug) extends it and overrides only that.
 */
export class ForwardingEventStore implements EventStore {
  constructor(protected readonly inner: EventStore) {}

  append(request: AppendRequest): Promise<AppendResult> {
    return this.inner.append(request);
  }

  lastSeq(): Promise<number> {
    return this.inner.lastSeq();
  }

  read(options?: ReadOptions): AsyncIterable<StoredEvent> {
    return this.inner.read(options);
  }

  scan(options: ReadOptions, visit: (event: StoredEvent) => void): Promise<number> {
    return this.inner.scan(options, visit);
  }

  follow(fromSeq: number): EventSubscription {
    return this.inner.follow(fromSeq);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.inner[Symbol.asyncDispose]();
  }
}
