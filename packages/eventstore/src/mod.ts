export { InMemoryEventStore } from "./memory-store.js";
export { JetStreamEventStore, DEFAULT_STREAM } from "./jetstream-store.js";
export { CatchUpTimeout, ConcurrencyError, FollowFailed, FollowerStopped, isConcurrencyError } from "./errors.js";
export { AsyncQueue } from "./async-queue.js";
export { ForwardingEventStore } from "./forwarding-store.js";
export { LogFollower } from "./log-follower.js";
export { applyOrQuarantine } from "./quarantine.js";
export { storedEvent } from "./stored.js";
export { MAX_APPEND_ATTEMPTS, decideAndAppend } from "./decide-and-append.js";

export type { JetStreamEventStoreOptions } from "./jetstream-store.js";
export type { InMemoryEventStoreOptions } from "./memory-store.js";
export type { Decision, DecidingWriter } from "./decide-and-append.js";
export type { CatchUpOptions, Delivery, FollowerStartOptions, FollowerState, LogFollowerOptions } from "./log-follower.js";
export type { QuarantinedEvent } from "./quarantine.js";
export type { AppendRequest, AppendResult, EventStore, EventSubscription, LogPlacement, ReadOptions, StoredEvent } from "./types.js";
