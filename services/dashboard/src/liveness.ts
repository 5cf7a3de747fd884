import { NOT_RESPONDING_AFTER_MS, type DashboardHost, type Heartbeat } from "@vdsim/protocol";

interface Seen {
  readonly beat: Heartbeat;
  readonly at: number;
}

/**
 * Host agents as their heartbeats show them. A host silent for NOT_RESPONDING_AFTER_MS is
 * not responding; one never heard from is "unknown" for that long after the dashboard started.
 */
export class HeartbeatView {
  readonly #seen = new Map<string, Seen>();
  readonly #startedAt: number;

  constructor(private readonly now: () => number = Date.now) {
    this.#startedAt = now();
  }

  /** Records a heartbeat; returns the time it was received. */
  record(beat: Heartbeat): number {
    const at = this.now();
    this.#seen.set(beat.host, { beat, at });
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
    const now = this.now();
    let status: DashboardHost["status"];
    if (s) status = now - s.at < NOT_RESPONDING_AFTER_MS ? "connected" : "notResponding";
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
