// Test support only: a clock that moves when the test says so.
import type { Clock, Timer } from "../clock.js";

interface Scheduled {
  readonly id: number;
  at: number;
  readonly every: number | undefined;
  readonly run: () => void;
}

/** Lets promise chains started by a timer (a ping's next request) settle before time moves on. */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Time stands still until `advance`, which runs every timer due on the way, in order, each at its own time. */
export class ManualClock implements Clock {
  #now: number;
  #nextId = 0;
  readonly #timers = new Map<number, Scheduled>();

  constructor(start = 1_000_000) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  setTimeout(run: () => void, ms: number): Timer {
    return this.#schedule(run, ms, undefined);
  }

  setInterval(run: () => void, ms: number): Timer {
    return this.#schedule(run, ms, Math.max(ms, 0.001));
  }

  /** How many timers are pending. */
  get pending(): number {
    return this.#timers.size;
  }

  async advance(ms: number): Promise<void> {
    const until = this.#now + ms;
    await settle();
    for (let next = this.#due(until); next !== undefined; next = this.#due(until)) {
      this.#now = next.at;
      if (next.every === undefined) this.#timers.delete(next.id);
      else next.at += next.every;
      next.run();
      await settle();
    }
    this.#now = until;
    await settle();
  }

  #due(until: number): Scheduled | undefined {
    let first: Scheduled | undefined;
    for (const t of this.#timers.values()) if (t.at <= until && (!first || t.at < first.at)) first = t;
    return first;
  }

  #schedule(run: () => void, ms: number, every: number | undefined): Timer {
    const id = this.#nextId++;
    this.#timers.set(id, { id, at: this.#now + Math.max(ms, 0), every, run });
    return { cancel: () => void this.#timers.delete(id) };
  }
}
