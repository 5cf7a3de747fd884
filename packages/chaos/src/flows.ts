import type { Flow, FlowSample } from "@vdsim/checker";
import type { TrafficFlowStats, VdsimClient } from "@vdsim/client";
import { framesLost } from "@vdsim/protocol";
import { waitFor } from "@vdsim/runtime";

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
  readonly samples: FlowSample[];
}

/** how long a stopped flow's last frames may take to arrive before it is counted */
const DRAIN_MS = 2_000;
const STATS_TIMEOUT_MS = 1_000;

/**
 * Follows the traffic flows the run started. A flow's counters live in its host agents, which a
 * nemesis may kill, so the highest figures seen are kept, with a sample at every poll (the
 * runner polls at each fault's start and heal too); each flow becomes a history entry.
 */
export class FlowTracker {
  readonly #flows = new Map<string, Tracked>();

  /** polls ask each host agent directly, so flows are sampled while the management service is down too */
  constructor(
    private readonly client: VdsimClient,
    private readonly hosts: readonly string[],
  ) {}

  started(name: string, from: string, to: string, pps: number): void {
    this.#flows.set(name, { name, from, to, pps, startedAt: Date.now(), sent: 0, received: 0, longestGapMs: 0, samples: [] });
  }

  /** Reads every responding host's counters; a flow's figures only grow. */
  async poll(): Promise<void> {
    const stats = await this.#stats();
    const at = Date.now();
    for (const f of this.#flows.values()) if (f.stoppedAt === undefined) this.#update(f, stats, at);
  }

  /** A flow was stopped: counts it once its frames in flight have arrived (or DRAIN_MS passed). */
  async stopped(name: string): Promise<void> {
    const f = this.#flows.get(name);
    if (!f || f.stoppedAt !== undefined) return;
    const stoppedAt = Date.now();
    await waitFor(
      `flow ${name} to drain`,
      async () => {
        this.#update(f, await this.#stats(), Date.now());
        return f.received >= f.sent ? true : undefined;
      },
      DRAIN_MS,
      100,
    ).catch(() => undefined);
    f.stoppedAt = stoppedAt;
  }

  /** Stops every flow still running, counts them, and returns every flow as a history entry. */
  async stopAll(migrated: (vms: readonly string[], from: number, to: number) => boolean): Promise<Flow[]> {
    const running = [...this.#flows.values()].filter((f) => f.stoppedAt === undefined);
    await this.client.stopTraffic().catch(() => []);
    await Promise.all(running.map((f) => this.stopped(f.name)));
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
      lost: framesLost(f.received, f.sent),
      longestGapMs: f.longestGapMs,
      migrated: migrated([f.from, f.to], f.startedAt, f.stoppedAt ?? now),
      samples: f.samples,
    }));
  }

  /** Every flow's figures from every host agent that answers within a second. */
  async #stats(): Promise<TrafficFlowStats[]> {
    const replies = await Promise.allSettled(this.hosts.map((h) => this.client.host(h, "traffic.stats", {}, STATS_TIMEOUT_MS)));
    return replies.flatMap((r) => (r.status === "fulfilled" ? r.value : []));
  }

  /** Takes a flow's figures from one poll; a sample only when both its ends answered in it. */
  #update(f: Tracked, stats: readonly TrafficFlowStats[], at: number): void {
    let sender = false;
    let receiver = false;
    for (const s of stats) {
      if (s.flow !== f.name) continue;
      if (s.role === "sender") {
        sender = true;
        f.sent = Math.max(f.sent, s.sent);
      } else {
        receiver = true;
        f.received = Math.max(f.received, s.received);
        f.longestGapMs = Math.max(f.longestGapMs, s.longestGapMs);
      }
    }
    if (sender && receiver) f.samples.push({ at, sent: f.sent, received: f.received });
  }
}
