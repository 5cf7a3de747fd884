import { applyOrQuarantine, type QuarantinedEvent, type StoredEvent } from "@vdsim/eventstore";
import {
  canonicalHash,
  clusterStateHash,
  evolve,
  hostRealizedConfig,
  hostsConcernedBy,
  initialState,
  toDomainEvent,
  type ClusterState,
  type HostRealizedConfig,
} from "@vdsim/model";

/** A host's realized configuration as the log says it at a sequence. */
export interface ReplayedHost {
  readonly seq: number;
  readonly hash: string;
  readonly config: HostRealizedConfig;
}

export interface FoldedLog {
  /** the state after the last event */
  readonly state: ClusterState;
  readonly lastSeq: number;
  /** the cluster state hash at the management service's sequence */
  readonly managementHash: string | null;
  readonly hosts: ReadonlyMap<string, ReplayedHost>;
  /** the events folded, in order: the log without its quarantined messages */
  readonly valid: readonly StoredEvent[];
  /** the messages the skip rule set aside (applyOrQuarantine), in order */
  readonly quarantined: readonly QuarantinedEvent[];
}

/**
 * Folds the log from sequence 1 (skipping what every follower skips) and captures what the live processes are compared with: the
 * cluster hash at `managementSeq`, and each host's realized configuration at its applied sequence.
 */
export function foldEvents(
  events: readonly StoredEvent[],
  managementSeq: number | null,
  hostSeqs: ReadonlyMap<string, number>,
): FoldedLog {
  const state = initialState();
  const hosts = new Map<string, ReplayedHost>();
  let managementHash: string | null = null;
  const pending: Array<{ seq: number; capture: (seq: number) => void }> = [];
  if (managementSeq !== null) pending.push({ seq: managementSeq, capture: () => (managementHash = clusterStateHash(state)) });
  for (const [host, seq] of hostSeqs) {
    pending.push({
      seq,
      capture: () => {
        const config = hostRealizedConfig(state, host);
        hosts.set(host, { seq, hash: canonicalHash(config), config });
      },
    });
  }
  pending.sort((a, b) => a.seq - b.seq);
  let lastSeq = 0;
  const valid: StoredEvent[] = [];
  const quarantined: QuarantinedEvent[] = [];
  for (const e of events) {
    while (pending.length > 0 && pending[0]!.seq < e.seq) pending.shift()!.capture(lastSeq);
    const skipped = applyOrQuarantine(e, (ok) => evolve(state, toDomainEvent(ok.envelope)));
    if (skipped) quarantined.push(skipped);
    else valid.push(e);
    lastSeq = e.seq;
  }
  for (const p of pending) p.capture(lastSeq);
  return { state, lastSeq, managementHash, hosts, valid, quarantined };
}

/**
 * For a host's objects that differ from the log, the events that last changed each of them (as
 * the replay says), up to `untilSeq`: the events the host most likely failed to apply.
 * `keysOf` maps a configuration to its objects' canonical hashes by key.
 */
export function lastChanges(
  events: readonly StoredEvent[],
  host: string,
  untilSeq: number,
  keys: ReadonlySet<string>,
  keysOf: (config: HostRealizedConfig) => ReadonlyMap<string, string>,
): StoredEvent[] {
  const state = initialState();
  const current = new Map<string, string | undefined>();
  const changedBy = new Map<string, StoredEvent>();
  for (const e of events) {
    if (e.seq > untilSeq) break;
    const event = toDomainEvent(e.envelope);
    const concerned = hostsConcernedBy(event, state).includes(host);
    evolve(state, event);
    if (!concerned) continue;
    const now = keysOf(hostRealizedConfig(state, host));
    for (const key of keys) {
      const value = now.get(key);
      if (value !== current.get(key)) changedBy.set(key, e);
      current.set(key, value);
    }
  }
  return [...new Set(changedBy.values())].sort((a, b) => a.seq - b.seq);
}
