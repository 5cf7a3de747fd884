import type { HostApplyTime, Propagation } from "@vdsim/protocol";

/** How many recent changes the dashboard keeps timing for. */
export const TRACKED_CHANGES = 40;

interface Tracked {
  readonly seq: number;
  readonly type: string;
  readonly time: string;
  readonly eventAt: number;
  readonly summary: string;
  readonly applied: Map<string, number | null>;
}

/**
 * Times each change from the event's time to the heartbeat in which each host it concerns
 * first reports an applied sequence at or past it.
 */
export class PropagationTracker {
  readonly #tracked: Tracked[] = [];

  /**
   * Starts timing a change. `appliedSoFar` gives each host's latest heartbeat (its applied
   * sequence and when it was received): a host may report it before the dashboard reads the event.
   */
  track(
    change: { seq: number; type: string; time: string; summary: string; hosts: readonly string[] },
    appliedSoFar: (host: string) => { appliedSeq: number; at: number } | null,
  ): Propagation {
    const eventAt = Date.parse(change.time);
    const applied = new Map<string, number | null>();
    for (const host of change.hosts) {
      const seen = appliedSoFar(host);
      applied.set(host, seen && seen.appliedSeq >= change.seq ? Math.max(0, seen.at - eventAt) : null);
    }
    const t: Tracked = { seq: change.seq, type: change.type, time: change.time, eventAt, summary: change.summary, applied };
    this.#tracked.push(t);
    if (this.#tracked.length > TRACKED_CHANGES) this.#tracked.shift();
    return view(t);
  }

  /**
   * A heartbeat: returns the sequences of the changes it completes for that host. Not their views:
   * at 1,000 hosts a thousand heartbeats complete one change, which is sent a few times a second.
   */
  heartbeat(host: string, appliedSeq: number, at: number): number[] {
    const changed: number[] = [];
    for (const t of this.#tracked) {
      if (t.seq > appliedSeq || !t.applied.has(host) || t.applied.get(host) !== null) continue;
      t.applied.set(host, Math.max(0, at - t.eventAt));
      changed.push(t.seq);
    }
    return changed;
  }

  /** A tracked change as pages see it; undefined once it is no longer tracked. */
  view(seq: number): Propagation | undefined {
    const t = this.#tracked.find((x) => x.seq === seq);
    return t && view(t);
  }

  recent(): Propagation[] {
    return this.#tracked.map(view);
  }
}

function view(t: Tracked): Propagation {
  const hosts: HostApplyTime[] = [...t.applied].map(([host, ms]) => ({ host, ms }));
  const done = hosts.every((h) => h.ms !== null);
  return {
    seq: t.seq,
    type: t.type,
    time: t.time,
    summary: t.summary,
    hosts,
    totalMs: done ? Math.max(0, ...hosts.map((h) => h.ms ?? 0)) : null,
  };
}
