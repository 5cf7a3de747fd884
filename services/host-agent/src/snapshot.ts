import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { initialState, type ClusterState } from "@vdsim/model";

/** What a host agent keeps on disk: the state it realized and the last sequence applied. */
export interface HostSnapshot {
  readonly seq: number;
  readonly state: ClusterState;
}

export function loadSnapshot(file: string): HostSnapshot {
  try {
    const snap = JSON.parse(readFileSync(file, "utf8")) as HostSnapshot;
    if (typeof snap.seq === "number" && typeof snap.state === "object") return snap;
  } catch {
    // missing or unreadable: start from the beginning of the log
  }
  return { seq: 0, state: initialState() };
}

/** Written to a temporary file and renamed, so a kill -9 leaves the old or the new snapshot, never half of one. */
export function saveSnapshot(file: string, snap: HostSnapshot): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(snap));
  renameSync(tmp, file);
}
