import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { envelope, type DomainEvent, type EventEnvelope } from "@vdsim/model";
import { ConcurrencyError } from "./errors.js";
import type { EventStore, StoredEvent } from "./types.js";

const hostAdded = (host: string): DomainEvent => ({ type: "HostAdded", data: { host, pnics: ["vmnic0", "vmnic1"] } });
const env = (host: string, id = `cmd-${host}`): EventEnvelope =>
  envelope(hostAdded(host), { commandId: id, time: "2026-01-01T00:00:00.000Z" });
const subjectOf = (host: string): string => `vdsim.evt.global.host.${host}`;
const uplinkAdded = (host: string, id: string): EventEnvelope =>
  envelope({ type: "StandardSwitchUplinkAdded", data: { host, vswitch: "vSwitch1", uplink: "vmnic1" } }, { commandId: id, time: "2026-01-01T00:00:00.000Z" });

async function collect(it: AsyncIterable<StoredEvent>): Promise<StoredEvent[]> {
  const out: StoredEvent[] = [];
  for await (const e of it) out.push(e);
  return out;
}

/** The behaviour every EventStore must have; run against each implementation. */
export function eventStoreContract(name: string, open: () => Promise<EventStore>): void {
  describe(`EventStore contract: ${name}`, () => {
    let store: EventStore;
    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => {
      await store[Symbol.asyncDispose]();
    });

    it("starts empty and appends at the next sequence", async () => {
      expect(await store.lastSeq()).toBe(0);
      const r1 = await store.append({ subject: subjectOf("esx-01"), envelope: env("esx-01"), expect: { lastSeq: 0 } });
      const r2 = await store.append({ subject: subjectOf("esx-02"), envelope: env("esx-02"), expect: { lastSeq: 1 } });
      expect([r1, r2]).toEqual([
        { seq: 1, duplicate: false },
        { seq: 2, duplicate: false },
      ]);
      expect(await store.lastSeq()).toBe(2);
    });

    it("refuses an append whose expected last sequence is stale with a typed ConcurrencyError", async () => {
      await store.append({ subject: subjectOf("esx-01"), envelope: env("esx-01"), expect: { lastSeq: 0 } });
      const err = await store
        .append({ subject: subjectOf("esx-02"), envelope: env("esx-02"), expect: { lastSeq: 0 } })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ConcurrencyError);
      expect((err as ConcurrencyError).expectedLastSeq).toBe(0);
      expect((err as ConcurrencyError).actualLastSeq).toBe(1);
      expect(await store.lastSeq()).toBe(1);
    });

    it("of two writers expecting the same sequence exactly one wins", async () => {
      const results = await Promise.allSettled([
        store.append({ subject: subjectOf("a"), envelope: env("a"), expect: { lastSeq: 0 } }),
        store.append({ subject: subjectOf("b"), envelope: env("b"), expect: { lastSeq: 0 } }),
      ]);
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      const rejected = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
      expect(rejected).toHaveLength(1);
      expect(rejected[0]?.reason).toBeInstanceOf(ConcurrencyError);
      expect(await store.lastSeq()).toBe(1);
    });

    it("an append may expect the last sequence of its own subject instead of the whole log", async () => {
      const a = "vdsim.evt.host.esx-01.vss.vSwitch1";
      const b = "vdsim.evt.host.esx-02.vss.vSwitch1";
      expect((await store.append({ subject: a, envelope: uplinkAdded("esx-01", "a1"), expect: { lastSubjectSeq: 0 } })).seq).toBe(1);
      expect((await store.append({ subject: b, envelope: uplinkAdded("esx-02", "b1"), expect: { lastSubjectSeq: 0 } })).seq).toBe(2);
      const stale = await store.append({ subject: a, envelope: uplinkAdded("esx-01", "a2"), expect: { lastSubjectSeq: 0 } }).catch((e: unknown) => e);
      expect(stale).toBeInstanceOf(ConcurrencyError);
      expect((stale as ConcurrencyError).actualLastSeq).toBe(1);
      expect((await store.append({ subject: a, envelope: uplinkAdded("esx-01", "a3"), expect: { lastSubjectSeq: 1 } })).seq).toBe(3);
      expect(await store.lastSeq()).toBe(3);
    });

    it("refuses to append what its readers would quarantine, naming the problem, and appends nothing", async () => {
      const wrongSubject = await store.append({ subject: subjectOf("esx-02"), envelope: env("esx-01"), expect: { lastSeq: 0 } }).catch((e: unknown) => e);
      expect(wrongSubject).toMatchObject({ name: "InvalidEvent", message: "event HostAdded belongs on vdsim.evt.global.host.esx-01, not on vdsim.evt.global.host.esx-02" });
      const badShape = { ...env("esx-01"), data: { host: 7 } } as unknown as EventEnvelope;
      const shape = await store.append({ subject: subjectOf("esx-01"), envelope: badShape, expect: { lastSeq: 0 } }).catch((e: unknown) => e);
      expect(shape).toMatchObject({ name: "InvalidEvent", message: expect.stringContaining("data.host: expected string, received number") });
      expect(await store.lastSeq()).toBe(0);
    });

    it("an append that expects nothing, on purpose, lands at the log's end whatever came before", async () => {
      await store.append({ subject: subjectOf("esx-01"), envelope: env("esx-01"), expect: { lastSeq: 0 } });
      await store.append({ subject: subjectOf("esx-02"), envelope: env("esx-02"), expect: { lastSeq: 1 } });
      expect(await store.append({ subject: subjectOf("esx-01"), envelope: env("esx-01", "again"), expect: "none-on-purpose" })).toEqual({
        seq: 3,
        duplicate: false,
      });
      expect(await store.lastSeq()).toBe(3);
    });

    it("deduplicates a retried append by message id instead of recording it twice", async () => {
      const first = await store.append({ subject: subjectOf("esx-01"), envelope: env("esx-01"), expect: { lastSeq: 0 } });
      const retry = await store.append({ subject: subjectOf("esx-01"), envelope: env("esx-01"), expect: { lastSeq: 0 } });
      expect(first).toEqual({ seq: 1, duplicate: false });
      expect(retry).toEqual({ seq: 1, duplicate: true });
      expect(await store.lastSeq()).toBe(1);
    });

    it("answers a retry whose expectation went stale as a duplicate of the first: the message id is checked first", async () => {
      const first = await store.append({ subject: subjectOf("esx-01"), envelope: env("esx-01"), expect: { lastSeq: 0 } });
      await store.append({ subject: subjectOf("esx-02"), envelope: env("esx-02"), expect: { lastSeq: 1 } });
      const retry = await store.append({ subject: subjectOf("esx-01"), envelope: env("esx-01"), expect: { lastSeq: 0 } });
      const bySubject = await store.append({ subject: subjectOf("esx-01"), envelope: env("esx-01"), expect: { lastSubjectSeq: 0 } });
      expect(first).toEqual({ seq: 1, duplicate: false });
      expect([retry, bySubject]).toEqual([
        { seq: 1, duplicate: true },
        { seq: 1, duplicate: true },
      ]);
      expect(await store.lastSeq()).toBe(2);
    });

    it("reads back exactly what was appended, bounded by from and to", async () => {
      for (const [i, h] of ["h1", "h2", "h3", "h4"].entries()) {
        await store.append({ subject: subjectOf(h), envelope: env(h), expect: { lastSeq: i } });
      }
      const all = await collect(store.read());
      expect(all.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
      expect(all[0]?.envelope).toEqual(env("h1"));
      expect(all[2]?.subject).toBe(subjectOf("h3"));
      expect((await collect(store.read({ from: 2, to: 3 }))).map((e) => e.seq)).toEqual([2, 3]);
      expect(await collect(store.read({ from: 5 }))).toEqual([]);
    });

    it("scans the same events as it reads, in order, bounded by from and to", async () => {
      for (const [i, h] of ["h1", "h2", "h3", "h4", "h5"].entries()) {
        await store.append({ subject: subjectOf(h), envelope: env(h), expect: { lastSeq: i } });
      }
      const seen: StoredEvent[] = [];
      expect(await store.scan({}, (e) => seen.push(e))).toBe(5);
      expect(seen.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
      expect(seen[3]?.envelope).toEqual(env("h4"));
      const part: number[] = [];
      expect(await store.scan({ from: 2, to: 4 }, (e) => part.push(e.seq))).toBe(3);
      expect(part).toEqual([2, 3, 4]);
      expect(await store.scan({ from: 6 }, () => undefined)).toBe(0);
    });

    it("reading an empty log yields nothing", async () => {
      expect(await collect(store.read())).toEqual([]);
    });

    it("follows from a sequence: past events first, then new ones as they are appended", async () => {
      await store.append({ subject: subjectOf("h1"), envelope: env("h1"), expect: { lastSeq: 0 } });
      await store.append({ subject: subjectOf("h2"), envelope: env("h2"), expect: { lastSeq: 1 } });
      const sub = store.follow(2);
      const seen: number[] = [];
      const done = (async () => {
        for await (const e of sub) {
          seen.push(e.seq);
          if (seen.length === 2) break;
        }
      })();
      await store.append({ subject: subjectOf("h3"), envelope: env("h3"), expect: { lastSeq: 2 } });
      await done;
      await sub.stop();
      expect(seen).toEqual([2, 3]);
    });
  });
}
