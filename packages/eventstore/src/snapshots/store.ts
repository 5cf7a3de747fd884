import { Decoder, Encoder } from "@msgpack/msgpack";
import {
  DiscardPolicy,
  JetStreamApiCodes,
  JetStreamApiError,
  RetentionPolicy,
  StorageType,
  jetstream,
  jetstreamManager,
  type JetStreamClient,
  type JetStreamManager,
} from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import { DEFAULT_STREAM } from "../jetstream-store.js";
import { SNAPSHOT_FORMAT, SnapshotRejected, compressSnapshot, openSnapshot, type SnapshotContent } from "./codec.js";

export const SNAPSHOT_STREAM = "VDSIM_SNAPSHOTS";
export const SNAPSHOT_SUBJECT_PREFIX = "vdsim.snap";
const INDEX = `${SNAPSHOT_SUBJECT_PREFIX}.index`;
const DATA = `${SNAPSHOT_SUBJECT_PREFIX}.data`;
/** Well under nats-server's default 1 MB max payload. */
const CHUNK_BYTES = 256 * 1024;
/** Snapshots kept after each write: the newest and a few before it, for an `--until` earlier than the newest. */
export const SNAPSHOTS_KEPT = 4;

/** What the snapshot stream's index records of one snapshot. */
export interface SnapshotInfo {
  readonly seq: number;
  /** clusterStateHash of the state at `seq` */
  readonly hash: string;
  /** the uncompressed body's size, and what is stored */
  readonly bytes: number;
  readonly storedBytes: number;
  readonly writtenAt: string;
  /** the event log's creation time: a snapshot of another log (one since removed and made again) is never used */
  readonly logCreated: string;
}

interface IndexEntry extends SnapshotInfo {
  readonly format: number;
  /** the snapshot stream's sequences holding the body, in order */
  readonly chunks: readonly number[];
}

const encoder = new Encoder({ ignoreUndefined: true });
const decoder = new Decoder();

export interface SnapshotStoreOptions {
  /** create the snapshot stream when it is missing (the management service does; default false) */
  readonly create?: boolean;
  readonly replicas?: number;
  /** the event log's stream, whose creation time every snapshot records */
  readonly eventStream?: string;
}

/** A snapshot that loaded and matched its recorded hash, with what the index said of it. */
export interface LoadedSnapshot {
  readonly info: SnapshotInfo;
  readonly content: SnapshotContent;
}

/**
 * Snapshots of the cluster state at a sequence, on a JetStream stream of their own: each body
 * in chunks, then an index entry naming them, so a reader never sees half of one. The
 * management service writes them; any follower reads the nearest one at or before where it
 * needs to start, and a snapshot that does not decode or hash as recorded is reported, never used.
 */
export class SnapshotStore {
  private constructor(
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
    private readonly logCreated: string,
  ) {}

  /** Opens the store; undefined when the stream is missing and `create` is not set (no snapshot was ever written). */
  static async open(nc: NatsConnection, options: SnapshotStoreOptions = {}): Promise<SnapshotStore | undefined> {
    const jsm = await jetstreamManager(nc);
    const log = await jsm.streams.info(options.eventStream ?? DEFAULT_STREAM);
    try {
      await jsm.streams.info(SNAPSHOT_STREAM);
    } catch (err) {
      if (!(err instanceof JetStreamApiError && err.code === JetStreamApiCodes.StreamNotFound)) throw err;
      if (!options.create) return undefined;
      await jsm.streams.add({
        name: SNAPSHOT_STREAM,
        subjects: [`${SNAPSHOT_SUBJECT_PREFIX}.>`],
        storage: StorageType.File,
        retention: RetentionPolicy.Limits,
        discard: DiscardPolicy.Old,
        num_replicas: options.replicas ?? 1,
      });
    }
    return new SnapshotStore(jetstream(nc), jsm, log.created);
  }

  /** Every snapshot of this log the index holds, oldest first. */
  async list(): Promise<SnapshotInfo[]> {
    return (await this.#entries()).map(publicInfo);
  }

  async #entries(): Promise<IndexEntry[]> {
    const entries: IndexEntry[] = [];
    for (const seq of await this.#subjectSeqs(INDEX)) {
      const entry = await this.#entry(seq);
      if (entry && entry.logCreated === this.logCreated) entries.push(entry);
    }
    return entries;
  }

  async #entry(seq: number): Promise<IndexEntry | undefined> {
    const msg = await this.jsm.streams.getMessage(SNAPSHOT_STREAM, { last_by_subj: `${INDEX}.${seq}` }).catch(() => null);
    if (!msg) return undefined;
    try {
      const e = decoder.decode(msg.data) as IndexEntry;
      return e.format === SNAPSHOT_FORMAT && e.seq === seq && Array.isArray(e.chunks) ? e : undefined;
    } catch {
      return undefined;
    }
  }

  /** Stores a captured snapshot's body (see captureSnapshot), then keeps only the newest few. */
  async write(seq: number, hash: string, body: Uint8Array): Promise<SnapshotInfo> {
    const stored = await compressSnapshot(body);
    const chunks: number[] = [];
    for (let at = 0; at < stored.length || chunks.length === 0; at += CHUNK_BYTES) {
      const ack = await this.js.publish(`${DATA}.${seq}`, stored.subarray(at, at + CHUNK_BYTES));
      chunks.push(ack.seq);
    }
    const entry: IndexEntry = {
      format: SNAPSHOT_FORMAT,
      seq,
      hash,
      bytes: body.length,
      storedBytes: stored.length,
      writtenAt: new Date().toISOString(),
      logCreated: this.logCreated,
      chunks,
    };
    await this.js.publish(`${INDEX}.${seq}`, encoder.encode(entry));
    await this.#prune().catch(() => undefined);
    return publicInfo(entry);
  }

  /** Keeps the newest few index entries, and no body older than the oldest kept (a writer killed mid-write leaves one). */
  async #prune(): Promise<void> {
    const index = await this.#subjectSeqs(INDEX);
    const oldest = index.slice(-SNAPSHOTS_KEPT)[0] ?? 0;
    for (const [prefix, seqs] of [[INDEX, index], [DATA, await this.#subjectSeqs(DATA)]] as const) {
      for (const seq of seqs) if (seq < oldest) await this.jsm.streams.purge(SNAPSHOT_STREAM, { filter: `${prefix}.${seq}` });
    }
  }

  /** The sequences named by the subjects under `prefix`, ascending. */
  async #subjectSeqs(prefix: string): Promise<number[]> {
    const info = await this.jsm.streams.info(SNAPSHOT_STREAM, { subjects_filter: `${prefix}.>` });
    return Object.keys(info.state.subjects ?? {})
      .map((s) => Number(s.slice(prefix.length + 1)))
      .filter((n) => Number.isInteger(n) && n > 0)
      .sort((a, b) => a - b);
  }

  /** Reads and checks one snapshot; SnapshotRejected when a chunk is missing, or it does not decode or hash as recorded. */
  async load(info: SnapshotInfo): Promise<SnapshotContent> {
    const entry = await this.#entry(info.seq);
    if (!entry) throw new SnapshotRejected(info.seq, "its index entry is gone");
    return this.#read(entry);
  }

  /** The body an index entry names, read part by part and checked. */
  async #read(entry: IndexEntry): Promise<SnapshotContent> {
    const parts: Uint8Array[] = [];
    for (const chunk of entry.chunks) {
      const msg = await this.jsm.streams.getMessage(SNAPSHOT_STREAM, { seq: chunk }).catch(() => null);
      if (!msg || msg.subject !== `${DATA}.${entry.seq}`) throw new SnapshotRejected(entry.seq, `a part of its body (stream sequence ${chunk}) is missing`);
      parts.push(msg.data);
    }
    return openSnapshot(entry.seq, entry.hash, Buffer.concat(parts));
  }

  /**
   * The newest snapshot at or before `atOrBefore` (default: any) that loads and checks; each one
   * rejected on the way is told to `onRejected` and skipped. Undefined when none qualifies.
   */
  async nearest(atOrBefore = Number.MAX_SAFE_INTEGER, onRejected: (err: SnapshotRejected) => void = () => undefined): Promise<LoadedSnapshot | undefined> {
    const candidates = (await this.#entries()).filter((e) => e.seq <= atOrBefore).reverse();
    for (const entry of candidates) {
      try {
        return { info: publicInfo(entry), content: await this.#read(entry) };
      } catch (err) {
        if (!(err instanceof SnapshotRejected)) throw err;
        onRejected(err);
      }
    }
    return undefined;
  }
}

function publicInfo(e: IndexEntry): SnapshotInfo {
  return { seq: e.seq, hash: e.hash, bytes: e.bytes, storedBytes: e.storedBytes, writtenAt: e.writtenAt, logCreated: e.logCreated };
}

/** How long a start-up waits for the snapshots before it folds the log without them. */
export const SNAPSHOT_LOAD_MS = 15_000;

/**
 * The nearest usable snapshot at or before a sequence, for a process that may find none: the
 * stream missing (never written) gives undefined, and the reason to `onRejected` when it is a
 * rejected snapshot.
 */
export async function loadNearestSnapshot(
  nc: NatsConnection,
  options: { readonly atOrBefore?: number; readonly eventStream?: string; readonly onRejected?: (err: SnapshotRejected) => void } = {},
): Promise<LoadedSnapshot | undefined> {
  const store = await SnapshotStore.open(nc, options.eventStream ? { eventStream: options.eventStream } : {});
  return store?.nearest(options.atOrBefore, options.onRejected);
}
