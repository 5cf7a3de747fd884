export { InMemoryEventStore } from "./memory-store.js";
export { JetStreamEventStore, DEFAULT_STREAM } from "./jetstream-store.js";
export { ConcurrencyError, isConcurrencyError } from "./errors.js";
export { AsyncQueue } from "./async-queue.js";

export type { JetStreamEventStoreOptions } from "./jetstream-store.js";
export type { AppendRequest, AppendResult, EventStore, EventSubscription, LogPlacement, ReadOptions, StoredEvent } from "./types.js";
