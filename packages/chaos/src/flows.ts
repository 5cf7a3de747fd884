import type { Flow } from "@vdsim/checker";
import type { TrafficFlowStats, VdsimClient } from "@vdsim/client";

interface Tracked {
  readonly name: string;
  readonly from: string;
  readonly to: string;
  readonly pps: number;
  readonly startedAt: number;
  stoppedAt?: number;
  sent: number;
  received: number;
  longestGapMs: number;
}

/**
 * Follows the traffic flows the run started. A flow's counters live in its host agents, which a
 * nemesis may kill, so the last figures seen are kept; each flow becomes a history entry when it stops.
 */
export class FlowTracker {
  readonly #flows = new Map<string, Tracked>();

  constructor(private readonly client: VdsimClient) {}

  started(name: string, from: string, to: string, pps: number): void {
    this.#flows.set(name, { name, from, to, pps, startedAt: Date.now(), sent: 0, received: 0, longestGapMs: 0 });
  }

  stopped(name: string): void {
    const f = this.#flows.get(name);
    if (f && f.stoppedAt === undefined) f.stoppedAt = Date.now();
  }

  /** Reads every responding host's counters; a flow's figures only grow. */
  async poll(): Promise<void> {
    let stats: TrafficFlowStats[];
    try {
      stats = await this.client.trafficStats();
    } catch {
      return; // the management service is down: next time
    }
    for (const s of stats) {
      const f = this.#flows.get(s.flow);
      if (!f || f.stoppedAt !== undefined) continue;
      if (s.role === "sender") f.sent = Math.max(f.sent, s.sent);
      else {
        f.received = Math.max(f.received, s.received);
        f.longestGapMs = Math.max(f.longestGapMs, s.longestGapMs);
      }
    }
  }

  /** Stops every flow still running (after a last look at its counters) and returns them all as history entries. */
  async stopAll(migratedVms: ReadonlySet<string>): Promise<Flow[]> {
    await this.poll();
    await this.client.stopTraffic().catch(() => []);
    const now = Date.now();
    return [...this.#flows.values()].map((f) => ({
      type: "flow",
      name: f.name,
      from: f.from,
      to: f.to,
      pps: f.pps,
      startedAt: f.startedAt,
      stoppedAt: f.stoppedAt ?? now,
      sent: f.sent,
      received: f.received,
      lost: Math.max(0, f.sent - f.received),
      longestGapMs: f.longestGapMs,
      migrated: migratedVms.has(f.from) || migratedVms.has(f.to),
    }));
  }
}
