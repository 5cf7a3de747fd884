import { evolve, initialState, toDomainEvent, type ClusterState, type EventEnvelope } from "@vdsim/model";
import type { EventStore, EventSubscription } from "@vdsim/eventstore";

/**
 * The management service's read model: the cluster state folded from the log, and the
 * sequence it is folded through. Fed by the service's own appends and by a live follow.
 */
export class Projection {
  readonly state: ClusterState = initialState();
  #seq = 0;
  #waiters: Array<{ seq: number; resolve: () => void }> = [];
  #follow: EventSubscription | undefined;

  get seq(): number {
    return this.#seq;
  }

  /** Folds an event if it is the next one; anything at or below the current sequence is already in. */
  apply(seq: number, env: EventEnvelope): void {
    if (seq <= this.#seq) return;
    evolve(this.state, toDomainEvent(env));
    this.#seq = seq;
    this.#waiters = this.#waiters.filter((w) => (w.seq <= seq ? (w.resolve(), false) : true));
  }

  /** Resolves once the projection has folded `seq`. */
  caughtUp(seq: number): Promise<void> {
    if (seq <= this.#seq) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push({ seq, resolve }));
  }

  /** Reads the log through its current end, then keeps following it. */
  async start(store: EventStore, onError: (err: unknown) => void): Promise<void> {
    await store.scan({ from: this.#seq + 1 }, (e) => this.apply(e.seq, e.envelope));
    const follow = store.follow(this.#seq + 1);
    this.#follow = follow;
    void (async () => {
      try {
        for await (const e of follow) if (e.seq > this.#seq) this.apply(e.seq, e.envelope);
      } catch (err) {
        onError(err);
      }
    })();
  }

  async stop(): Promise<void> {
    await this.#follow?.stop();
  }
}
