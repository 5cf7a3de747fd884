import type { DashboardEvent, DashboardHost, JsonValue, Propagation } from "@vdsim/protocol";

// Pure functions from what the service sends to what the page shows (unit-tested without a DOM).

/** How many events the page keeps (the log panel shows the newest that match its filters). */
export const MAX_EVENTS = 2_000;
export const MAX_PROPAGATIONS = 40;

/** Appends events not seen yet (a snapshot and the next batch can overlap), oldest first. */
export function mergeEvents(current: readonly DashboardEvent[], incoming: readonly DashboardEvent[], max = MAX_EVENTS): readonly DashboardEvent[] {
  const last = current.at(-1)?.seq ?? 0;
  const fresh = incoming.filter((e) => e.seq > last);
  if (fresh.length === 0) return current;
  const merged = [...current, ...fresh];
  return merged.length > max ? merged.slice(merged.length - max) : merged;
}

/** Replaces changes by sequence, keeps them in order, drops the oldest beyond `max`. */
export function upsertPropagations(current: readonly Propagation[], incoming: readonly Propagation[], max = MAX_PROPAGATIONS): readonly Propagation[] {
  const bySeq = new Map(current.map((p) => [p.seq, p]));
  for (const p of incoming) bySeq.set(p.seq, p);
  const all = [...bySeq.values()].sort((a, b) => a.seq - b.seq);
  return all.length > max ? all.slice(all.length - max) : all;
}

export function hostsByName(hosts: readonly DashboardHost[]): ReadonlyMap<string, DashboardHost> {
  return new Map(hosts.map((h) => [h.name, h]));
}

export interface EventFilter {
  readonly host: string;
  readonly vds: string;
  readonly vm: string;
  readonly migration: string;
}

export const NO_FILTER: EventFilter = { host: "", vds: "", vm: "", migration: "" };

/** The events matching every filter that is set, newest first, at most `limit`. */
export function filterEvents(events: readonly DashboardEvent[], f: EventFilter, limit = 300): DashboardEvent[] {
  const out: DashboardEvent[] = [];
  for (let i = events.length - 1; i >= 0 && out.length < limit; i--) {
    const e = events[i]!;
    if (f.host && !e.hosts.includes(f.host)) continue;
    if (f.vds && e.vds !== f.vds) continue;
    if (f.vm && e.vm !== f.vm) continue;
    if (f.migration && e.migration !== f.migration) continue;
    out.push(e);
  }
  return out;
}

/** The values each filter can take, from the events the page holds. */
export function filterChoices(events: readonly DashboardEvent[]): Record<keyof EventFilter, string[]> {
  const sets = { host: new Set<string>(), vds: new Set<string>(), vm: new Set<string>(), migration: new Set<string>() };
  for (const e of events) {
    for (const h of e.hosts) sets.host.add(h);
    if (e.vds) sets.vds.add(e.vds);
    if (e.vm) sets.vm.add(e.vm);
    if (e.migration) sets.migration.add(e.migration);
  }
  const sorted = (s: Set<string>): string[] => [...s].sort();
  return { host: sorted(sets.host), vds: sorted(sets.vds), vm: sorted(sets.vm), migration: sorted(sets.migration) };
}

/** How each host did on a change: applied (ms), still applying, or not responding. */
export type HostApplyState = { readonly state: "applied"; readonly ms: number } | { readonly state: "pending" } | { readonly state: "stalled" };

export function hostApplyState(p: Propagation, host: string, hosts: ReadonlyMap<string, DashboardHost>): HostApplyState | undefined {
  const entry = p.hosts.find((h) => h.host === host);
  if (!entry) return undefined;
  if (entry.ms !== null) return { state: "applied", ms: entry.ms };
  return hosts.get(host)?.status === "notResponding" ? { state: "stalled" } : { state: "pending" };
}

export function formatMs(ms: number): string {
  return ms < 1_000 ? `${Math.round(ms)} ms` : `${(ms / 1_000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

/** "3.2s ago" */
export function ago(epochMs: number | null, now: number): string {
  if (epochMs === null) return "never";
  const s = Math.max(0, (now - epochMs) / 1_000);
  return s < 60 ? `${s.toFixed(1)}s ago` : `${Math.round(s / 60)}m ago`;
}

export function prettyJson(value: unknown): string {
  return JSON.stringify(value, null, 2);
}

/**
 * `next`, reusing every part of `prev` that is deeply equal to it, so that memoized components
 * showing an unchanged host, switch or port group skip their render when a new topology arrives.
 */
export function shareStructure<T>(prev: T | null | undefined, next: T): T {
  return share(prev, next) as T;
}

function share(prev: unknown, next: unknown): unknown {
  if (prev === next || prev === null || prev === undefined || typeof next !== "object" || next === null) return prev === next ? prev : next;
  if (typeof prev !== "object") return next;
  if (Array.isArray(next)) {
    if (!Array.isArray(prev)) return next;
    const out = next.map((v, i) => share(prev[i], v));
    return out.length === prev.length && out.every((v, i) => v === prev[i]) ? prev : out;
  }
  if (Array.isArray(prev)) return next;
  const p = prev as Record<string, unknown>;
  const n = next as Record<string, unknown>;
  const keys = Object.keys(n);
  let same = keys.length === Object.keys(p).length;
  const out: Record<string, unknown> = {};
  for (const k of keys) {
    out[k] = share(p[k], n[k]);
    if (out[k] !== p[k]) same = false;
  }
  return same ? prev : out;
}
