import { evolve, hostsConcernedBy, initialState, toDomainEvent, type ClusterState, type DomainEvent } from "@vdsim/model";
import { LogFollower, type CatchUpOptions, type EventStore, type QuarantinedEvent, type SnapshotContent, type StoredEvent } from "@vdsim/eventstore";
import { RecordedCommands, type RecordedCommand } from "./recorded-commands.js";

export interface ProjectionOptions {
  /** told of each event in the log that does not decode: it is skipped */
  readonly onQuarantine?: (event: QuarantinedEvent) => void;
  /** told after each sequence folded (an event, or a skipped message) */
  readonly onFolded?: (seq: number) => void;
}

/**
 * The management service's read model: the cluster state folded from the log, the sequence it
 * is folded through, the last sequence of each subject and the recent command ids it holds (by
 * the event id, the log's message id). Fed by the service's own appends and by the log
 * follower; it can start from a snapshot of all of that.
 */
export class Projection {
  readonly state: ClusterState = initialState();
  #onError: (err: unknown) => void = () => undefined;
  #follower: LogFollower;
  readonly #recorded = new RecordedCommands();
  readonly #subjectSeqs = new Map<string, number>();
  /** the sequence folded last: set before onFolded hears of it (the follower counts it applied only after) */
  #folded = 0;

  constructor(private readonly options: ProjectionOptions = {}) {
    this.#follower = this.#newFollower(0);
  }

  #newFollower(appliedSeq: number): LogFollower {
    const { onQuarantine, onFolded } = this.options;
    return new LogFollower({
      appliedSeq,
      apply: (e) => {
        const event = toDomainEvent(e.envelope);
        const concerned = hostsConcernedBy(event, this.state);
        evolve(this.state, event);
        this.#recorded.record(e.envelope.id, { seq: e.seq, type: event.type, concerned });
        this.#subjectSeqs.set(e.subject, e.seq);
        this.#folded = e.seq;
        onFolded?.(e.seq);
      },
      onError: (err) => this.#onError(err),
      onQuarantine: (event) => {
        this.#subjectSeqs.set(event.subject, event.seq);
        this.#folded = event.seq;
        onQuarantine?.(event);
        onFolded?.(event.seq);
      },
    });
  }

  get seq(): number {
    return this.#follower.appliedSeq;
  }

  /** How the projection follows the log, and the latest messages it skipped. */
  get follower(): LogFollower {
    return this.#follower;
  }

  /** What the log recorded for a command id, if it is among the recent ones this projection folded. */
  recorded(commandId: string): RecordedCommand | undefined {
    return this.#recorded.get(commandId);
  }

  /** Folds an event the service appended itself; the log's copy of it is then skipped. */
  apply(event: StoredEvent): void {
    this.#follower.offer(event);
  }

  /** Resolves once the projection has folded `seq`. */
  caughtUp(seq: number, options?: CatchUpOptions): Promise<void> {
    return this.#follower.caughtUp(seq, options);
  }

  /** What a snapshot of the projection holds now (shared with the projection: capture it before the next fold). */
  snapshotContent(): SnapshotContent {
    return { seq: Math.max(this.#folded, this.seq), state: this.state, subjectSeqs: Object.fromEntries(this.#subjectSeqs), recentCommands: this.#recorded.entries() };
  }

  /**
   * Reads the log through its current end (after `from`, a snapshot, when given), then keeps
   * following it; `onError` hears of a follow that fails.
   */
  async start(store: EventStore, onError: (err: unknown) => void, from?: SnapshotContent): Promise<void> {
    this.#onError = onError;
    if (from) {
      Object.assign(this.state, from.state);
      for (const [subject, seq] of Object.entries(from.subjectSeqs)) this.#subjectSeqs.set(subject, seq);
      for (const { id, ...recorded } of from.recentCommands) this.#recorded.record(id, { ...recorded, type: recorded.type as DomainEvent["type"] });
      this.#follower = this.#newFollower(from.seq);
      this.#folded = from.seq;
    }
    await this.#follower.start(store);
  }

  async stop(): Promise<void> {
    await this.#follower.stop();
  }
}
