import { applyOrQuarantine, type EventStore, type QuarantinedEvent, type StoredEvent } from "@vdsim/eventstore";
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
  options: { readonly to?: number } = {},
  captures: ReadonlyArray<{ readonly seq: number; readonly capture: Capture }> = [],
): Promise<{ state: ClusterState; seq: number; events: number; quarantined: QuarantinedEvent[] }> {
  const pending = [...captures].sort((a, b) => a.seq - b.seq);
  const state = initialState();
  const quarantined: QuarantinedEvent[] = [];
  let seq = 0;
  // one fold function for the whole scan, not a closure per event
  const apply = (ok: StoredEvent): void => void evolve(state, toDomainEvent(ok.envelope));
  const events = await store.scan(options.to === undefined ? {} : { to: options.to }, (e: StoredEvent) => {
    while (pending.length > 0 && pending[0]!.seq < e.seq) pending.shift()!.capture(state);
    const skipped = applyOrQuarantine(e, apply);
    if (skipped) quarantined.push(skipped);
    seq = e.seq;
  });
  for (const p of pending) p.capture(state);
  return { state, seq, events, quarantined };
}

/**
 * Rebuilds the state from sequence 1 (through `until`), and with `verify` compares its hash
 * with the management service's state and each host agent's realized state at their sequences.
 */
export async function replay(client: ClusterCalls, options: { until?: number; verify?: boolean } = {}): Promise<ReplayReport> {
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
  const result = await foldLog(await client.eventStore(), until === undefined ? {} : { to: until }, captures);
  const done = checks.map<ReplayCheck>((c) => {
    if (c.problem) return { ...c, ok: false };
    const ok = c.replayHash !== null && c.replayHash === c.liveHash;
    return { ...c, ok, ...(ok ? {} : { problem: `state hash differs at sequence ${c.seq}` }) };
  });
  return {
    seq: result.seq,
    hash: clusterStateHash(result.state),
    events: result.events,
    ms: performance.now() - t0,
    checks: done,
    ok: done.every((c) => c.ok),
    quarantined: result.quarantined,
  };
}
