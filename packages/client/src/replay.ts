import { applyOrQuarantine, type EventStore, type QuarantinedEvent, type SnapshotInfo, type StoredEvent } from "@vdsim/eventstore";
import { clusterStateHash, evolve, hostStateHash, initialState, toDomainEvent, type ClusterState } from "@vdsim/model";
import type { ClusterCalls } from "./types.js";

export interface ReplayCheck {
  /** "management" or a host name */
  readonly who: string;
  readonly seq: number;
  readonly liveHash: string | null;
  readonly replayHash: string | null;
  readonly ok: boolean;
  readonly problem?: string;
}

export interface ReplayReport {
  /** the snapshot the fold started from (its sequence and state hash); null: from sequence 1 */
  readonly from: { readonly seq: number; readonly hash: string } | null;
  /** snapshots passed over because they did not decode or hash as recorded */
  readonly rejectedSnapshots: ReadonlyArray<{ readonly seq: number; readonly reason: string }>;
  readonly seq: number;
  readonly hash: string;
  readonly events: number;
  readonly ms: number;
  readonly checks: readonly ReplayCheck[];
  readonly ok: boolean;
  /** the messages skipped by the followers' skip rule, in order */
  readonly quarantined: readonly QuarantinedEvent[];
}

type Capture = (state: ClusterState) => void;

/**
 * Folds a log from sequence 1 (through `to`), skipping what every follower skips, calling each capture with the state as it stood
 * right after its sequence. Returns the final state and how many events were folded.
 */
export async function foldLog(
  store: EventStore,
  options: { readonly to?: number; readonly start?: { readonly seq: number; readonly state: ClusterState } } = {},
  captures: ReadonlyArray<{ readonly seq: number; readonly capture: Capture }> = [],
): Promise<{ state: ClusterState; seq: number; events: number; quarantined: QuarantinedEvent[] }> {
  const pending = [...captures].sort((a, b) => a.seq - b.seq);
  const state = options.start?.state ?? initialState();
  const quarantined: QuarantinedEvent[] = [];
  let seq = options.start?.seq ?? 0;
  const range = { ...(options.start ? { from: options.start.seq + 1 } : {}), ...(options.to === undefined ? {} : { to: options.to }) };
  // one fold function for the whole scan, not a closure per event
  const apply = (ok: StoredEvent): void => void evolve(state, toDomainEvent(ok.envelope));
  const events = await store.scan(range, (e: StoredEvent) => {
    while (pending.length > 0 && pending[0]!.seq < e.seq) pending.shift()!.capture(state);
    const skipped = applyOrQuarantine(e, apply);
    if (skipped) quarantined.push(skipped);
    seq = e.seq;
  });
  for (const p of pending) p.capture(state);
  return { state, seq, events, quarantined };
}

export interface ReplayOptions {
  /** fold through this sequence (default: the log's end, or with `verify` the latest sequence compared) */
  readonly until?: number;
  /** compare with the management service's and every host agent's state hash at their sequences */
  readonly verify?: boolean;
  /**
   * fold from sequence 1, not from the nearest snapshot; with `verify` every snapshot through
   * `until` is compared with the fold too
   */
  readonly fromScratch?: boolean;
}

/**
 * Rebuilds the state through `until`: from the nearest snapshot at or before where it is needed
 * (each one that does not check out is reported and passed over), or from sequence 1. With
 * `verify` it compares the state hash with the management service's state and each host
 * agent's realized state at their sequences.
 */
export async function replay(client: ClusterCalls, options: ReplayOptions = {}): Promise<ReplayReport> {
  const t0 = performance.now();
  const checks: Array<Omit<ReplayCheck, "replayHash" | "ok"> & { replayHash: string | null }> = [];
  const captures: Array<{ seq: number; capture: Capture }> = [];
  if (options.verify) {
    const mgmt = await client.managementHash();
    const mgmtCheck = { who: "management", seq: mgmt.seq, liveHash: mgmt.hash, replayHash: null as string | null };
    checks.push(mgmtCheck);
    captures.push({ seq: mgmt.seq, capture: (s) => (mgmtCheck.replayHash = clusterStateHash(s)) });
    const status = await client.status();
    for (const h of status.hosts) {
      try {
        const report = await client.hostState(h.name);
        const check = { who: h.name, seq: report.appliedSeq, liveHash: report.hash, replayHash: null as string | null };
        checks.push(check);
        captures.push({ seq: report.appliedSeq, capture: (s) => (check.replayHash = hostStateHash(s, h.name)) });
      } catch (err) {
        checks.push({ who: h.name, seq: h.appliedSeq ?? 0, liveHash: null, replayHash: null, problem: `host "${h.name}" is not responding` });
      }
    }
  }
  const until = options.until ?? (options.verify ? Math.max(0, ...checks.map((c) => c.seq)) : undefined);
  const snapshots = await client.snapshotStore().catch(() => undefined);
  const rejectedSnapshots: Array<{ seq: number; reason: string }> = [];
  let start: { seq: number; state: ClusterState; hash: string } | undefined;
  if (options.fromScratch) {
    if (options.verify && snapshots) for (const info of await snapshots.list()) if (until === undefined || info.seq <= until) checks.push(snapshotCheck(info, captures));
  } else if (snapshots) {
    const needed = Math.min(until ?? Number.MAX_SAFE_INTEGER, ...captures.map((c) => c.seq));
    const loaded = await snapshots.nearest(needed, (err) => rejectedSnapshots.push({ seq: err.seq, reason: err.reason }));
    if (loaded) start = { seq: loaded.info.seq, state: loaded.content.state, hash: loaded.info.hash };
  }
  const result = await foldLog(await client.eventStore(), { ...(until === undefined ? {} : { to: until }), ...(start ? { start } : {}) }, captures);
  const done = checks.map<ReplayCheck>((c) => {
    if (c.problem) return { ...c, ok: false };
    const ok = c.replayHash !== null && c.replayHash === c.liveHash;
    const problem = c.who.startsWith("snapshot ") ? `the snapshot differs from the fold from sequence 1 at sequence ${c.seq}` : `state hash differs at sequence ${c.seq}`;
    return { ...c, ok, ...(ok ? {} : { problem }) };
  });
  return {
    from: start ? { seq: start.seq, hash: start.hash } : null,
    rejectedSnapshots,
    seq: result.seq,
    hash: clusterStateHash(result.state),
    events: result.events,
    ms: performance.now() - t0,
    checks: done,
    ok: done.every((c) => c.ok),
    quarantined: result.quarantined,
  };
}

/** A stored snapshot compared with the fold from sequence 1 at its sequence. */
function snapshotCheck(info: SnapshotInfo, captures: Array<{ seq: number; capture: Capture }>): Omit<ReplayCheck, "replayHash" | "ok"> & { replayHash: string | null } {
  const check = { who: `snapshot #${info.seq}`, seq: info.seq, liveHash: info.hash, replayHash: null as string | null };
  captures.push({ seq: info.seq, capture: (s) => (check.replayHash = clusterStateHash(s)) });
  return check;
}
