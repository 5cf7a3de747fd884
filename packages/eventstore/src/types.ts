import type { EventEnvelope } from "@vdsim/model";

/** An event as the log holds it, with its position. */
export interface StoredEvent {
  readonly seq: number;
  readonly subject: string;
  readonly envelope: EventEnvelope;
}

/**
 * What an append expects of the log, stated on every append: the log's last sequence as the
 * writer saw it (0 for an empty log), or the last sequence of the append's subject (0: none yet)
 * for a writer that owns a scope of subjects (a host agent) and never contends with others.
 * "none-on-purpose" skips the check; a caller that says it also says, in a comment, why.
 */
export type AppendExpectation =
  | { readonly lastSeq: number }
  | { readonly lastSubjectSeq: number }
  | "none-on-purpose";

export interface AppendRequest {
  readonly subject: string;
  readonly envelope: EventEnvelope;
  /** a mismatch is a ConcurrencyError */
  readonly expect: AppendExpectation;
  /** Deduplicates a retried append (JetStream's Nats-Msg-Id); defaults to the event id. */
  readonly msgId?: string;
}

export interface AppendResult {
  readonly seq: number;
  /** true when the message id had already been appended: nothing new was written */
  readonly duplicate: boolean;
}

/** A live follow of the log; iterate it, stop it when done. */
export interface EventSubscription extends AsyncIterable<StoredEvent> {
  stop(): Promise<void>;
}

export interface ReadOptions {
  /** first sequence, default 1 */
  readonly from?: number;
  /** last sequence, default the log's last sequence when the read starts */
  readonly to?: number;
}

/**
 * The event log. Appends state what they expect; a mismatch is a ConcurrencyError.
 * Reads are bounded; follow() keeps delivering new events until stopped.
 */
export interface EventStore extends AsyncDisposable {
  append(request: AppendRequest): Promise<AppendResult>;
  lastSeq(): Promise<number>;
  read(options?: ReadOptions): AsyncIterable<StoredEvent>;
  /**
   * The bounded read for bulk work (replay, start-up): calls `visit` synchronously for each
   * event in order and resolves with how many it visited. Faster than iterating `read`.
   */
  scan(options: ReadOptions, visit: (event: StoredEvent) => void): Promise<number>;
  follow(fromSeq: number): EventSubscription;
}

/** Where the log's stream lives on a NATS cluster: its replicas and which node leads it. */
export interface LogPlacement {
  readonly stream: string;
  readonly replicas: number;
  /** the node that orders appends; undefined while none is elected, or on a server without clustering */
  readonly leader?: string;
  /** the other replicas; `current` once caught up with the leader */
  readonly followers: ReadonlyArray<{ readonly name: string; readonly current: boolean; readonly offline: boolean }>;
}
