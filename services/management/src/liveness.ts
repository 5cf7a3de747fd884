import { NOT_RESPONDING_AFTER_MS, monotonicMs, type Heartbeat, type HostApplied, type HostStatus } from "@vdsim/protocol";

interface Seen {
  readonly beat: Heartbeat;
  /** wall time, for display */
  readonly at: number;
  /** monotonic time: how long a host has been silent is never moved by the wall clock being set */
  readonly tick: number;
}

/** What the management side knows of each host agent from its heartbeats. */
export class HostLiveness {
  readonly #seen = new Map<string, Seen>();
  #waiters: Array<{ check: () => boolean }> = [];

  readonly #now: () => number;
  readonly #tick: () => number;

  /** `clock` replaces both clocks (a test's fake time); by default the wall clock is shown and silence is timed on monotonicMs. */
  constructor(clock?: () => number) {
    this.#now = clock ?? Date.now;
    this.#tick = clock ?? monotonicMs;
  }

  record(beat: Heartbeat): void {
    this.#seen.set(beat.host, { beat, at: this.#now(), tick: this.#tick() });
    this.#waiters = this.#waiters.filter((w) => !w.check());
  }

  isResponding(host: string): boolean {
    const s = this.#seen.get(host);
    return s !== undefined && this.#tick() - s.tick < NOT_RESPONDING_AFTER_MS;
  }

  appliedSeq(host: string): number | null {
    return this.#seen.get(host)?.beat.appliedSeq ?? null;
  }

  /** `expectedHash` is management's hash of the host's state at `logSeq`: asked only when the host reports that sequence. */
  status(host: string, pnics: readonly string[], logSeq: number, expectedHash?: () => string): HostStatus {
    const s = this.#seen.get(host);
    const comparable = s !== undefined && expectedHash !== undefined && s.beat.appliedSeq === logSeq;
    return {
      name: host,
      status: this.isResponding(host) ? "connected" : "notResponding",
      lastHeartbeat: s ? new Date(s.at).toISOString() : null,
      appliedSeq: s?.beat.appliedSeq ?? null,
      lag: s ? Math.max(0, logSeq - s.beat.appliedSeq) : null,
      pid: s?.beat.pid ?? null,
      pnics: s?.beat.pnics ?? pnics,
      follower: s?.beat.follower ?? null,
      hashMatches: comparable ? s.beat.hash === expectedHash() : null,
    };
  }

  /**
   * Waits until each host reports having applied `seq`, or `timeoutMs` passes.
   * Returns when each applied it (ms after `since`) and which never did.
   */
  async waitApplied(
    seq: number,
    hosts: readonly string[],
    since: number,
    timeoutMs: number,
  ): Promise<{ applied: HostApplied[]; pending: string[] }> {
    const applied = new Map<string, number>();
    const check = (): boolean => {
      for (const h of hosts) {
        if (!applied.has(h) && (this.appliedSeq(h) ?? 0) >= seq) applied.set(h, this.#now() - since);
      }
      return applied.size === hosts.length;
    };
    if (!check()) {
      await new Promise<void>((resolve) => {
        const waiter = { check: () => check() && (clearTimeout(timer), resolve(), true) };
        const timer = setTimeout(() => {
          this.#waiters = this.#waiters.filter((w) => w !== waiter);
          resolve();
        }, timeoutMs);
        this.#waiters.push(waiter);
      });
    }
    return {
      applied: hosts.filter((h) => applied.has(h)).map((h) => ({ host: h, ms: applied.get(h) as number })),
      pending: hosts.filter((h) => !applied.has(h)),
    };
  }
}
