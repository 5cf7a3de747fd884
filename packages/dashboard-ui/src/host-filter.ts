import type { DashboardHost, DashboardTopology, HostChanges, Propagation, TopologyChanges, TopologyHost } from "@vdsim/protocol";
import { shareStructure } from "./view-model.js";

// Pure functions for the host grid at scale: applying the service's changes, the summary counts, the search.

const collator = new Intl.Collator("en", { numeric: true });
/** esx-99 before esx-100, as a person counts (the service sorts by code point) */
export const byHostName = (a: string, b: string): number => collator.compare(a, b);

/** A topology with its hosts in a person's order. */
export function inHostOrder(t: DashboardTopology): DashboardTopology {
  return { ...t, hosts: [...t.hosts].sort((a, b) => byHostName(a.name, b.name)) };
}

/**
 * The page's topology with the service's changes applied: hosts replaced by name (reusing their
 * unchanged switches, so memoized parts skip their render), the rest kept by identity.
 */
export function applyTopologyChanges(current: DashboardTopology | null, c: TopologyChanges): DashboardTopology {
  const byName = new Map((current?.hosts ?? []).map((h) => [h.name, h]));
  for (const name of c.removed) byName.delete(name);
  let added = false;
  for (const h of c.hosts) {
    if (!byName.has(h.name)) added = true;
    byName.set(h.name, shareStructure(byName.get(h.name), h));
  }
  const order = current && !added ? current.hosts.map((h) => h.name).filter((n) => byName.has(n)) : [...byName.keys()].sort(byHostName);
  return {
    seq: c.seq,
    hosts: order.flatMap((n) => {
      const h = byName.get(n);
      return h ? [h] : [];
    }),
    switches: c.switches ?? current?.switches ?? [],
    portGroups: c.portGroups ?? current?.portGroups ?? [],
  };
}

export function applyHostChanges(current: ReadonlyMap<string, DashboardHost>, c: HostChanges): ReadonlyMap<string, DashboardHost> {
  const next = new Map(current);
  for (const name of c.removed) next.delete(name);
  for (const h of c.hosts) next.set(h.name, h);
  return next;
}

/** What the summary counts: lagging hosts are connected ones behind the log the page holds. */
export type HostCondition = "connected" | "lagging" | "disconnected" | "waiting";

export function hostCondition(h: DashboardHost | undefined, logSeq: number): HostCondition {
  if (!h || h.status === "unknown") return "waiting";
  if (h.status === "notResponding") return "disconnected";
  return h.appliedSeq !== null && h.appliedSeq < logSeq ? "lagging" : "connected";
}

export interface HostCounts {
  readonly total: number;
  /** lagging ones included */
  readonly connected: number;
  readonly lagging: number;
  readonly disconnected: number;
  readonly waiting: number;
}

export function countHosts(names: readonly string[], hosts: ReadonlyMap<string, DashboardHost>, logSeq: number): HostCounts {
  const n = { connected: 0, lagging: 0, disconnected: 0, waiting: 0 };
  for (const name of names) {
    const c = hostCondition(hosts.get(name), logSeq);
    if (c === "lagging") n.connected++;
    n[c]++;
  }
  return { total: names.length, ...n };
}

const CONDITION_WORDS: Readonly<Record<string, HostCondition>> = {
  connected: "connected",
  lagging: "lagging",
  disconnected: "disconnected",
  "not responding": "disconnected",
  notresponding: "disconnected",
  waiting: "waiting",
  unknown: "waiting",
};

/**
 * The hosts a search shows. A status word (connected, lagging, disconnected or "not responding",
 * waiting) shows the hosts in that state (connected includes lagging); any other text, the hosts
 * whose name or one of whose VMs' names contains it. Case does not matter; empty shows all.
 */
export function filterHosts(all: readonly TopologyHost[], query: string, hosts: ReadonlyMap<string, DashboardHost>, logSeq: number): readonly TopologyHost[] {
  const q = query.trim().toLowerCase();
  if (q === "") return all;
  const condition = CONDITION_WORDS[q];
  if (condition) {
    return all.filter((h) => {
      const c = hostCondition(hosts.get(h.name), logSeq);
      return c === condition || (condition === "connected" && c === "lagging");
    });
  }
  return all.filter((h) => h.name.toLowerCase().includes(q) || h.vms.some((vm) => vm.toLowerCase().includes(q)));
}

/** Tiles per row for a grid `width` wide, tiles at least `minTile` wide with `gap` between. */
export function columnsFor(width: number, minTile: number, gap: number): number {
  return Math.max(1, Math.floor((width + gap) / (minTile + gap)));
}

/** Past this many hosts a change's panel lists the hosts still applying and the slowest, not every host. */
export const LIST_EVERY_HOST_UP_TO = 64;
export const HOSTS_LISTED = 24;

export interface PropagationDigest {
  readonly applied: number;
  readonly total: number;
  /** median and 99th percentile of the hosts that applied it, ms; null before any did */
  readonly p50: number | null;
  readonly p99: number | null;
  /** the hosts to list: every one for a small change; else those still applying first, then the slowest */
  readonly listed: readonly string[];
}

export function digestPropagation(p: Propagation, max = LIST_EVERY_HOST_UP_TO, listed = HOSTS_LISTED): PropagationDigest {
  const times = p.hosts.flatMap((h) => (h.ms === null ? [] : [h.ms])).sort((a, b) => a - b);
  const pct = (q: number): number | null => (times.length === 0 ? null : (times[Math.min(times.length - 1, Math.ceil(q * times.length) - 1)] ?? null));
  const all = p.hosts.map((h) => h.host);
  const pick =
    p.hosts.length <= max
      ? all
      : [...p.hosts]
          .sort((a, b) => (b.ms ?? Infinity) - (a.ms ?? Infinity) || byHostName(a.host, b.host))
          .slice(0, listed)
          .map((h) => h.host);
  return { applied: times.length, total: p.hosts.length, p50: pct(0.5), p99: pct(0.99), listed: pick };
}
