import { CatchUpTimeout, FollowFailed, FollowerStopped } from "./errors.js";
import { applyOrQuarantine, type QuarantinedEvent } from "./quarantine.js";
import type { EventStore, EventSubscription, StoredEvent } from "./types.js";

/** How an event reached the follower: read while catching up to the end the log had at start, or live. */
export type Delivery = { readonly live: false; readonly catchUpTo: number } | { readonly live: true };

export type { QuarantinedEvent };

/** idle: not started; catching-up: reading to the log's end; live: following; failed: see `failure`. */
export type FollowerState = "idle" | "catching-up" | "live" | "failed" | "stopped";

export interface LogFollowerOptions {
  /** Folds one event into the process's state: called once per sequence, in order. */
  readonly apply: (event: StoredEvent, delivery: Delivery) => void;
  /** The sequence already folded in (a snapshot's); following starts after it. Default 0. */
  readonly appliedSeq?: number;
  /** Told once when following fails (the follow threw or ended unasked). */
  readonly onError?: (err: FollowFailed) => void;
  /** Told of each event skipped by the skip rule (applyOrQuarantine); its sequence counts as applied. */
  readonly onQuarantine?: (event: QuarantinedEvent) => void;
}

export interface FollowerStartOptions {
  /**
   * Read through the log's current end with a bulk scan before following (default true);
   * start() resolves once that read is done. Without it start() resolves once following began.
   */
  readonly catchUp?: boolean;
}

export interface CatchUpOptions {
  /** reject with CatchUpTimeout after this long */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
}

interface Waiter {
  readonly seq: number;
  readonly resolve: () => void;
  readonly reject: (err: unknown) => void;
}

const REMEMBERED_QUARANTINE = 100;

/**
 * The one live follower of the log: keeps a process's state current by calling `apply` for
 * every sequence after the one it holds, once each though delivery is at least once, and lets
 * callers wait until a sequence is applied. The store's follow resubscribes after a connection
 * moves; what ends following for good is reported (onError, `state`), and ends every wait.
 */
export class LogFollower implements AsyncDisposable {
  readonly #options: LogFollowerOptions;
  #applied: number;
  #state: FollowerState = "idle";
  #failure: FollowFailed | undefined;
  #subscription: EventSubscription | undefined;
  #waiters: Waiter[] = [];
  readonly #quarantined: QuarantinedEvent[] = [];
  #quarantinedCount = 0;

  constructor(options: LogFollowerOptions) {
    this.#options = options;
    this.#applied = options.appliedSeq ?? 0;
  }

  get appliedSeq(): number {
    return this.#applied;
  }

  get state(): FollowerState {
    return this.#state;
  }

  /** Why following ended, once `state` is "failed". */
  get failure(): FollowFailed | undefined {
    return this.#failure;
  }

  /** The latest events skipped (at most 100), oldest first. */
  get quarantined(): readonly QuarantinedEvent[] {
    return this.#quarantined;
  }

  get quarantinedCount(): number {
    return this.#quarantinedCount;
  }

  /** What a process says of its following in heartbeats and status: state, skipped count, why it failed. */
  report(): { readonly state: FollowerState; readonly quarantined: number; readonly failure?: string } {
    const cause = this.#failure?.cause;
    const failure = this.#failure ? `${this.#failure.message}${cause instanceof Error ? `: ${cause.message}` : ""}` : undefined;
    return { state: this.#state, quarantined: this.#quarantinedCount, ...(failure === undefined ? {} : { failure }) };
  }

  /**
   * Applies an event the process knows before the log delivers it (its own append): the
   * follower's later copy is then a duplicate. Returns false when it was already applied.
   */
  offer(event: StoredEvent): boolean {
    return this.#deliver(event, { live: true });
  }

  /** Follows `store` from the next sequence after the applied one. */
  async start(store: EventStore, options: FollowerStartOptions = {}): Promise<void> {
    if (this.#state !== "idle") throw new Error(`the log follower was already started (${this.#state})`);
    if (options.catchUp ?? true) {
      this.#state = "catching-up";
      try {
        const catchUpTo = await store.lastSeq();
        const delivery: Delivery = { live: false, catchUpTo };
        const visit = (e: StoredEvent): void => {
          if (this.#state === "catching-up") this.#deliver(e, delivery);
        };
        if (catchUpTo > this.#applied) await store.scan({ from: this.#applied + 1, to: catchUpTo }, visit);
      } catch (err) {
        this.#fail(new FollowFailed(this.#applied, { cause: err }), { report: false });
        throw err;
      }
    }
    if (this.#stoppedWhileCatchingUp()) return;
    this.#state = "live";
    const subscription = store.follow(this.#applied + 1);
    this.#subscription = subscription;
    void this.#follow(subscription);
  }

  /** Resolves once `seq` is applied; rejects when following ends first, on the deadline or on abort. */
  caughtUp(seq: number, options: CatchUpOptions = {}): Promise<void> {
    if (seq <= this.#applied) return Promise.resolve();
    if (this.#failure) return Promise.reject(this.#failure);
    if (this.#state === "stopped") return Promise.reject(new FollowerStopped(seq, this.#applied));
    const { timeoutMs, signal } = options;
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<void>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const onAbort = (): void => settle(() => reject(signal?.reason));
      const settle = (done: () => void): void => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
        this.#waiters = this.#waiters.filter((w) => w !== waiter);
        done();
      };
      const waiter: Waiter = { seq, resolve: () => settle(resolve), reject: (err) => settle(() => reject(err)) };
      if (timeoutMs !== undefined) timer = setTimeout(() => waiter.reject(new CatchUpTimeout(seq, this.#applied, timeoutMs)), timeoutMs);
      signal?.addEventListener("abort", onAbort, { once: true });
      this.#waiters.push(waiter);
    });
  }

  /** Stops following; waits still pending are rejected with FollowerStopped. */
  async stop(): Promise<void> {
    if (this.#state === "stopped") return;
    if (this.#state !== "failed") this.#state = "stopped";
    for (const w of [...this.#waiters]) w.reject(new FollowerStopped(w.seq, this.#applied));
    await this.#subscription?.stop();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }

  #stoppedWhileCatchingUp(): boolean {
    return this.#state === "stopped";
  }

  async #follow(subscription: EventSubscription): Promise<void> {
    try {
      for await (const e of subscription) {
        if (this.#state !== "live") return;
        this.#deliver(e, { live: true });
      }
      if (this.#state === "live") this.#fail(new FollowFailed(this.#applied));
    } catch (err) {
      if (this.#state === "live") this.#fail(err instanceof FollowFailed ? err : new FollowFailed(this.#applied, { cause: err }));
    }
  }

  #deliver(event: StoredEvent, delivery: Delivery): boolean {
    if (event.seq <= this.#applied) return false;
    const skipped = applyOrQuarantine(event, (e) => this.#options.apply(e, delivery));
    if (skipped !== undefined) this.#quarantine(skipped);
    this.#applied = event.seq;
    if (this.#waiters.length > 0) for (const w of this.#waiters.filter((w) => w.seq <= event.seq)) w.resolve();
    return true;
  }

  // The seam for whatever a process does with events it cannot read: they are skipped, recorded and reported.
  #quarantine(event: QuarantinedEvent): void {
    this.#quarantinedCount++;
    this.#quarantined.push(event);
    if (this.#quarantined.length > REMEMBERED_QUARANTINE) this.#quarantined.shift();
    this.#options.onQuarantine?.(event);
  }

  /** `report: false` when the caller of start() is told by its rejection instead. */
  #fail(failure: FollowFailed, { report } = { report: true }): void {
    this.#state = "failed";
    this.#failure = failure;
    for (const w of [...this.#waiters]) w.reject(failure);
    void this.#subscription?.stop().catch(() => undefined);
    if (report) this.#options.onError?.(failure);
  }
}
