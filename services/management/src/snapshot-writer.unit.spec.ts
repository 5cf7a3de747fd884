import { describe, expect, it } from "vitest";
import { Decoder } from "@msgpack/msgpack";
import { InMemoryEventStore, type SnapshotContent, type SnapshotInfo } from "@vdsim/eventstore";
import { clusterStateHash, envelope, evolve, initialState, toDomainEvent, type EventEnvelope } from "@vdsim/model";
import { pino } from "pino";
import { Projection } from "./projection.js";
import { SnapshotWriter } from "./snapshot-writer.js";

const host = (i: number): string => `esx-${String(i).padStart(2, "0")}`;
const hostAdded = (i: number): EventEnvelope => envelope({ type: "HostAdded", data: { host: host(i), pnics: ["vmnic0"] } }, { commandId: `cmd-${i}`, time: "2026-01-01T00:00:00.000Z" });
const append = (store: InMemoryEventStore, i: number) => store.append({ subject: `vdsim.evt.global.host.${host(i)}`, envelope: hostAdded(i), expect: "none-on-purpose" });

/** A snapshot store that keeps what it is given. */
class KeptSnapshots {
  readonly written: Array<{ seq: number; hash: string; content: SnapshotContent }> = [];
  async write(seq: number, hash: string, body: Uint8Array): Promise<SnapshotInfo> {
    this.written.push({ seq, hash, content: new Decoder().decode(body) as SnapshotContent });
    return { seq, hash, bytes: body.length, storedBytes: body.length, writtenAt: "2026-01-01T00:00:00.000Z", logCreated: "then" };
  }
}

describe("the management service's snapshots", () => {
  it("hold the state folded through exactly their sequence, every N events, with each subject's last sequence", async () => {
    const store = new InMemoryEventStore();
    for (let i = 1; i <= 25; i++) await append(store, i);
    const kept = new KeptSnapshots();
    let writer: SnapshotWriter | undefined;
    const projection = new Projection({ onFolded: (seq) => writer?.folded(seq) });
    writer = new SnapshotWriter(kept, () => projection.snapshotContent(), 10, pino({ level: "silent" }));
    await projection.start(store, () => undefined);
    await expect.poll(() => kept.written.map((w) => w.seq)).toEqual([10, 20]);
    for (const w of kept.written) {
      const state = initialState();
      for (let i = 1; i <= w.seq; i++) evolve(state, toDomainEvent(hostAdded(i)));
      expect([w.content.seq, w.hash, clusterStateHash(w.content.state)]).toEqual([w.seq, clusterStateHash(state), clusterStateHash(state)]);
      expect(w.content.subjectSeqs[`vdsim.evt.global.host.${host(w.seq)}`]).toBe(w.seq);
      expect(w.content.recentCommands.at(-1)).toMatchObject({ id: `cmd-${w.seq}`, seq: w.seq, type: "HostAdded" });
    }
    // on request: the log's end; asked again with nothing new, the same one
    expect((await writer.write()).seq).toBe(25);
    expect((await writer.write()).seq).toBe(25);
    expect(kept.written.map((w) => w.seq)).toEqual([10, 20, 25]);
    await projection.stop();
  });

  it("a projection started from a snapshot folds only what follows it, and answers its commands' retries", async () => {
    const store = new InMemoryEventStore();
    for (let i = 1; i <= 12; i++) await append(store, i);
    const first = new Projection();
    await first.start(store, () => undefined);
    await first.caughtUp(12);
    const at12 = structuredClone(first.snapshotContent());
    await first.stop();
    for (let i = 13; i <= 15; i++) await append(store, i);
    const folded: number[] = [];
    const second = new Projection({ onFolded: (seq) => folded.push(seq) });
    await second.start(store, () => undefined, at12);
    await second.caughtUp(15);
    expect(folded).toEqual([13, 14, 15]);
    expect(second.recorded("cmd-3")).toMatchObject({ seq: 3, type: "HostAdded" });
    expect(Object.keys(second.state.hosts)).toHaveLength(15);
    await second.stop();
  });
});
