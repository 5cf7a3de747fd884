import { evolve, hostsConcernedBy, initialState, toDomainEvent, type ClusterState } from "@vdsim/model";
import { LogFollower, type CatchUpOptions, type EventStore, type QuarantinedEvent, type StoredEvent } from "@vdsim/eventstore";
import { RecordedCommands, type RecordedCommand } from "./recorded-commands.js";

export interface ProjectionOptions {
  /** told of each event in the log that does not decode: it is skipped */
  readonly onQuarantine?: (event: QuarantinedEvent) => void;
}

/**
 * The management service's read model: the cluster state folded from the log, the sequence it
 * is folded through and the recent command ids it holds (by the event id, the log's message id).
 * Fed by the service's own appends and by the log follower.
 */
export class Projection {
  readonly state: ClusterState = initialState();
  #onError: (err: unknown) => void = () => undefined;
  readonly #follower: LogFollower;
  readonly #recorded = new RecordedCommands();

  constructor(options: ProjectionOptions = {}) {
    this.#follower = new LogFollower({
      apply: (e) => {
        const event = toDomainEvent(e.envelope);
        const concerned = hostsConcernedBy(event, this.state);
        evolve(this.state, event);
        this.#recorded.record(e.envelope.id, { seq: e.seq, type: event.type, concerned });
      },
      onError: (err) => this.#onError(err),
      ...(options.onQuarantine ? { onQuarantine: options.onQuarantine } : {}),
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

  /** Reads the log through its current end, then keeps following it; `onError` hears of a follow that fails. */
  async start(store: EventStore, onError: (err: unknown) => void): Promise<void> {
    this.#onError = onError;
    await this.#follower.start(store);
  }

  async stop(): Promise<void> {
    await this.#follower.stop();
  }
}
