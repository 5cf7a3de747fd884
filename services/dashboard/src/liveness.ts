import { NOT_RESPONDING_AFTER_MS, monotonicMs, type DashboardHost, type Heartbeat } from "@vdsim/protocol";

interface Seen {
  readonly beat: Heartbeat;
  /** when it was received, on the clock the dashboard shows and times propagations with */
  readonly at: number;
  /** the same moment on the clock silences are timed on */
  readonly tick: number;
}

/**
 * Host agents as their heartbeats show them. A host silent for NOT_RESPONDING_AFTER_MS is
 * not responding; one never heard from is "unknown" for that long after the dashboard started.
 */
export class HeartbeatView {
  readonly #seen = new Map<string, Seen>();
  readonly #startedAt: number;
  readonly #now: () => number;
  readonly #tick: () => number;

  /** `clock` replaces both clocks (a test's fake time); by default the wall clock is shown and silence is timed on monotonicMs. */
  constructor(clock?: () => number) {
    this.#now = clock ?? Date.now;
    this.#tick = clock ?? monotonicMs;
    this.#startedAt = this.#tick();
  }

  /** Records a heartbeat; returns the time it was received. */
  record(beat: Heartbeat): number {
    const at = this.#now();
    this.#seen.set(beat.host, { beat, at, tick: this.#tick() });
    return at;
  }

  appliedSeq(host: string): number | null {
    return this.#seen.get(host)?.beat.appliedSeq ?? null;
  }

  /** When the host's latest heartbeat was received, or null. */
  lastHeard(host: string): number | null {
    return this.#seen.get(host)?.at ?? null;
  }

  host(name: string): DashboardHost {
    const s = this.#seen.get(name);
    const now = this.#tick();
    let status: DashboardHost["status"];
    if (s) status = now - s.tick < NOT_RESPONDING_AFTER_MS ? "connected" : "notResponding";
    else status = now - this.#startedAt < NOT_RESPONDING_AFTER_MS ? "unknown" : "notResponding";
    return {
      name,
      status,
      lastHeartbeat: s?.at ?? null,
      appliedSeq: s?.beat.appliedSeq ?? null,
      pid: s?.beat.pid ?? null,
    };
  }

  /** Every host the log knows and every host heard from, sorted by name. */
  hosts(known: Iterable<string>): DashboardHost[] {
    const names = new Set([...known, ...this.#seen.keys()]);
    return [...names].sort().map((n) => this.host(n));
  }
}
