import { promisify } from "node:util";
import { gunzip, gzip } from "node:zlib";
import { Decoder, Encoder } from "@msgpack/msgpack";
import { clusterStateHash, type ClusterState } from "@vdsim/model";

/** A command id the management service answered from the log, kept so a retry after a restart is answered alike. */
export interface RecentCommand {
  readonly id: string;
  readonly seq: number;
  readonly type: string;
  readonly concerned: readonly string[];
}

/** The cluster state folded through `seq`, and what a follower starting there needs beside it. */
export interface SnapshotContent {
  readonly seq: number;
  readonly state: ClusterState;
  /** the last sequence of each subject through `seq`: a host agent's appends expect them */
  readonly subjectSeqs: Readonly<Record<string, number>>;
  /** the management service's recent command ids, oldest first */
  readonly recentCommands: readonly RecentCommand[];
}

/** The format a snapshot's body is written in; a reader refuses any other. */
export const SNAPSHOT_FORMAT = 1;

const encoder = new Encoder({ ignoreUndefined: true });
const decoder = new Decoder();
const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

/** A snapshot's content at the moment of the call (msgpack, so a later fold cannot reach it) and its state hash. */
export function captureSnapshot(content: SnapshotContent): { readonly body: Uint8Array; readonly hash: string } {
  return { body: encoder.encode(content), hash: clusterStateHash(content.state) };
}

/** Compresses a captured body off the event loop (zlib's thread pool). */
export async function compressSnapshot(body: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await gzipAsync(body, { level: 6 }));
}

/** Why a stored snapshot is not used: its bytes do not decode, or its state does not hash to what was recorded. */
export class SnapshotRejected extends Error {
  constructor(
    readonly seq: number,
    readonly reason: string,
  ) {
    super(`snapshot at sequence ${seq} is not used: ${reason}`);
    this.name = "SnapshotRejected";
  }
}

/** Decompresses and decodes a stored body; a body that does not decode, or whose state does not hash to `hash`, is rejected. */
export async function openSnapshot(seq: number, hash: string, compressed: Uint8Array): Promise<SnapshotContent> {
  let content: SnapshotContent;
  try {
    content = decoder.decode(await gunzipAsync(compressed)) as SnapshotContent;
  } catch (err) {
    throw new SnapshotRejected(seq, `its body does not decode (${(err as Error).message})`);
  }
  if (typeof content !== "object" || content === null || content.seq !== seq || typeof content.state !== "object" || content.state === null) {
    throw new SnapshotRejected(seq, "its body is not a snapshot of that sequence");
  }
  const actual = clusterStateHash(content.state);
  if (actual !== hash) throw new SnapshotRejected(seq, `its state hashes to ${actual.slice(0, 16)}, not the recorded ${hash.slice(0, 16)}`);
  return { seq, state: content.state, subjectSeqs: content.subjectSeqs ?? {}, recentCommands: content.recentCommands ?? [] };
}
