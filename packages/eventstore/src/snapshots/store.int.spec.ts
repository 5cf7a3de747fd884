import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Encoder } from "@msgpack/msgpack";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import { initialState, type ClusterState } from "@vdsim/model";
import { connectNats, startNatsServer, type NatsServerHandle } from "@vdsim/runtime";
import { JetStreamEventStore } from "../jetstream-store.js";
import { SNAPSHOT_STREAM, SNAPSHOTS_KEPT, SnapshotStore, loadNearestSnapshot } from "./store.js";
import { SnapshotRejected, captureSnapshot, type SnapshotContent } from "./codec.js";

let dir: string;
let server: NatsServerHandle;
let nc: NatsConnection;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "vdsim-snap-"));
  server = await startNatsServer({ dir });
  nc = await connectNats({ servers: server.url, name: "snapshot-store" });
  await JetStreamEventStore.open(nc);
});

afterAll(async () => {
  await nc?.close();
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** A state that differs by sequence, with `padding` bytes of incompressible data in it. */
function contentAt(seq: number, padding = 0): SnapshotContent {
  const state = initialState() as ClusterState & { note?: string };
  state.note = `at ${seq} ${padding > 0 ? randomBytes(padding).toString("base64") : ""}`;
  return { seq, state, subjectSeqs: { "vdsim.evt.host.esx-01.host.esx-01": seq }, recentCommands: [{ id: `c${seq}`, seq, type: "HostAdded", concerned: ["esx-01"] }] };
}

async function write(store: SnapshotStore, content: SnapshotContent): Promise<void> {
  const { body, hash } = captureSnapshot(content);
  await store.write(content.seq, hash, body);
}

describe("the snapshot store", () => {
  it("is absent until the management service creates it: a reader then finds no snapshot", async () => {
    expect(await SnapshotStore.open(nc)).toBeUndefined();
    expect(await loadNearestSnapshot(nc)).toBeUndefined();
  });

  it("keeps the newest few, and gives the nearest at or before a sequence, as written", async () => {
    const store = (await SnapshotStore.open(nc, { create: true }))!;
    for (const seq of [10, 20, 30, 40, 50, 60]) await write(store, contentAt(seq));
    expect(SNAPSHOTS_KEPT).toBe(4);
    expect((await store.list()).map((s) => s.seq)).toEqual([30, 40, 50, 60]);
    const at45 = await store.nearest(45);
    expect(at45?.info.seq).toBe(40);
    expect(at45?.content.state).toEqual(contentAt(40).state);
    expect(at45?.content.subjectSeqs).toEqual({ "vdsim.evt.host.esx-01.host.esx-01": 40 });
    expect(at45?.content.recentCommands).toEqual([{ id: "c40", seq: 40, type: "HostAdded", concerned: ["esx-01"] }]);
    expect((await store.nearest())?.info.seq).toBe(60);
    expect(await store.nearest(5)).toBeUndefined();
  });

  it("stores a body bigger than a message in parts and reads it back whole", async () => {
    const store = (await SnapshotStore.open(nc))!;
    const big = contentAt(70, 1_500_000);
    await write(store, big);
    const loaded = await store.nearest(70);
    expect(loaded?.info.storedBytes).toBeGreaterThan(1_000_000);
    expect((loaded?.content.state as ClusterState & { note: string }).note).toBe((big.state as ClusterState & { note: string }).note);
  });

  it("reports a snapshot whose state does not hash as recorded, and uses the one before it", async () => {
    const store = (await SnapshotStore.open(nc))!;
    const { body } = captureSnapshot(contentAt(80));
    await store.write(80, "0".repeat(64), body);
    const rejected: SnapshotRejected[] = [];
    const loaded = await store.nearest(80, (err) => rejected.push(err));
    expect(loaded?.info.seq).toBe(70);
    expect(rejected.map((r) => [r.seq, r.message])).toEqual([[80, expect.stringMatching(/^snapshot at sequence 80 is not used: its state hashes to [0-9a-f]{16}, not the recorded 0{16}$/)]]);
  });

  it("reports a snapshot whose body does not decode, or whose parts are gone", async () => {
    const js = jetstream(nc);
    const data = await js.publish("vdsim.snap.data.90", new Uint8Array([1, 2, 3]));
    const log = await (await jetstreamManager(nc)).streams.info("VDSIM_EVENTS");
    const entry = { format: 1, seq: 90, hash: "ab", bytes: 3, storedBytes: 3, writtenAt: new Date().toISOString(), logCreated: log.created, chunks: [data.seq] };
    await js.publish("vdsim.snap.index.90", new Encoder().encode(entry));
    await js.publish("vdsim.snap.index.95", new Encoder().encode({ ...entry, seq: 95, chunks: [999_999] }));
    const rejected: string[] = [];
    const loaded = await loadNearestSnapshot(nc, { onRejected: (err) => rejected.push(err.message) });
    expect(loaded?.info.seq).toBe(70);
    expect(rejected).toEqual([
      "snapshot at sequence 95 is not used: a part of its body (stream sequence 999999) is missing",
      expect.stringMatching(/^snapshot at sequence 90 is not used: its body does not decode/),
      expect.stringMatching(/^snapshot at sequence 80 is not used/),
    ]);
  });

  it("prunes the body a writer killed mid-write left without an index entry, once it is older than every snapshot kept", async () => {
    const jsm = await jetstreamManager(nc);
    const orphan = await jetstream(nc).publish("vdsim.snap.data.65", new Uint8Array([9]));
    const store = (await SnapshotStore.open(nc))!;
    await write(store, contentAt(100));
    await write(store, contentAt(110));
    expect((await store.list()).map((s) => s.seq)).toEqual([80, 90, 95, 100, 110].slice(-SNAPSHOTS_KEPT));
    expect(await jsm.streams.getMessage(SNAPSHOT_STREAM, { seq: orphan.seq }).catch(() => null)).toBeNull();
  });

  it("never offers a snapshot of another log: one made again after the old was removed", async () => {
    const jsm = await jetstreamManager(nc);
    await jsm.streams.delete("VDSIM_EVENTS");
    await JetStreamEventStore.open(nc);
    expect(await (await SnapshotStore.open(nc))!.list()).toEqual([]);
    expect((await jsm.streams.info(SNAPSHOT_STREAM)).state.messages).toBeGreaterThan(0);
  });
});
