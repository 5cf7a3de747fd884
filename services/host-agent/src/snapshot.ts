import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { initialState, type ClusterState } from "@vdsim/model";

/** What a host agent keeps on disk: the state it realized, the last sequence applied, and per subject. */
export interface HostSnapshot {
  readonly seq: number;
  readonly state: ClusterState;
  /** last sequence of each subject seen: the expectation of the agent's own appends */
  readonly subjectSeqs: Readonly<Record<string, number>>;
}

export function emptySnapshot(): HostSnapshot {
  return { seq: 0, state: initialState(), subjectSeqs: {} };
}

/**
 * What a host of a rack keeps in its own folder: its applied sequence and state hash, and where
 * the rack keeps the state. The hosts of a rack fold the same log into the same state, so one
 * copy of it serves them all: a host restarts from any sequence's state and folds what follows.
 */
export interface SnapshotPointer {
  readonly seq: number;
  readonly hash: string;
  /** the file holding a HostSnapshot (the rack's first host's) */
  readonly stateIn: string;
}

export function loadSnapshot(file: string | undefined, follow = true): HostSnapshot {
  if (file === undefined) return emptySnapshot();
  try {
    const snap = JSON.parse(readFileSync(file, "utf8")) as HostSnapshot | SnapshotPointer;
    if ("stateIn" in snap) return follow && typeof snap.stateIn === "string" ? loadSnapshot(snap.stateIn, false) : emptySnapshot();
    // a snapshot from before hosts had routes and switches a CDP status is replayed from the log, which upcasts
    const current = Object.values(snap.state?.hosts ?? {}).every((h) => Array.isArray(h.ipv4Routes));
    if (typeof snap.seq === "number" && typeof snap.state === "object" && current) {
      // snapshots written before migrations were modelled lack them
      return { ...snap, state: { ...snap.state, migrations: snap.state.migrations ?? {} }, subjectSeqs: snap.subjectSeqs ?? {} };
    }
  } catch {
    // missing or unreadable: start from the beginning of the log
  }
  return emptySnapshot();
}

/** Written to a temporary file and renamed, so a kill -9 leaves the old or the new snapshot, never half of one. */
export function saveSnapshot(file: string, snap: HostSnapshot | SnapshotPointer): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(snap));
  renameSync(tmp, file);
}
