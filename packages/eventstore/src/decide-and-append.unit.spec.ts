import { describe, expect, it } from "vitest";
import { envelope, type EventEnvelope } from "@vdsim/model";
import { MAX_APPEND_ATTEMPTS, decideAndAppend, type DecidingWriter } from "./decide-and-append.js";
import { ConcurrencyError } from "./errors.js";
import { InMemoryEventStore } from "./memory-store.js";

const subjectOf = (host: string): string => `vdsim.evt.global.host.${host}`;
const envOf = (host: string, commandId = `cmd-${host}`): EventEnvelope =>
  envelope({ type: "HostAdded", data: { host, pnics: ["vmnic0"] } }, { commandId, time: "2026-01-01T00:00:00.000Z" });

/** A writer whose state is just its applied sequence, caught up by the test. */
function writerOver(store: InMemoryEventStore, catchUp: (seq: number) => number = (seq) => seq) {
  const waited: number[] = [];
  const writer: DecidingWriter & { applied: number } = {
    store,
    applied: 0,
    get appliedSeq() {
      return this.applied;
    },
    async caughtUp(seq) {
      waited.push(seq);
      this.applied = catchUp(seq);
    },
  };
  return { writer, waited };
}

const addHost = (host: string) => (basedOn: number) => ({
  append: { subject: subjectOf(host), envelope: envOf(host), expect: { lastSeq: basedOn } },
  appended: ({ seq }: { seq: number }) => seq,
});

describe("decideAndAppend over the in-memory store", () => {
  it("appends what was decided, expecting the sequence the decision was based on, and answers with what follows", async () => {
    const store = new InMemoryEventStore();
    const { writer, waited } = writerOver(store);
    expect(await decideAndAppend(writer, addHost("esx-01"))).toBe(1);
    expect(await store.lastSeq()).toBe(1);
    expect(waited).toEqual([]);
  });

  it("answers without appending when the decision records nothing", async () => {
    const store = new InMemoryEventStore();
    const { writer } = writerOver(store);
    expect(await decideAndAppend(writer, () => ({ answer: "already in effect" }))).toBe("already in effect");
    expect(await store.lastSeq()).toBe(0);
  });

  it("after losing a race, catches up with the winner's event and decides again on top of it", async () => {
    const store = new InMemoryEventStore();
    await store.append({ subject: subjectOf("esx-01"), envelope: envOf("esx-01", "other-writer"), expect: { lastSeq: 0 } });
    const { writer, waited } = writerOver(store);
    const basedOn: number[] = [];
    const seq = await decideAndAppend(writer, (applied) => {
      basedOn.push(applied);
      return addHost("esx-02")(applied);
    });
    expect({ seq, basedOn, waited }).toEqual({ seq: 2, basedOn: [0, 1], waited: [1] });
  });

  it(`gives up with the last ConcurrencyError after ${MAX_APPEND_ATTEMPTS} lost races`, async () => {
    const store = new InMemoryEventStore();
    await store.append({ subject: subjectOf("esx-01"), envelope: envOf("esx-01", "other-writer"), expect: { lastSeq: 0 } });
    const { writer } = writerOver(store, () => 0);
    let decisions = 0;
    const err = await decideAndAppend(writer, (applied) => {
      decisions++;
      return addHost("esx-02")(applied);
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConcurrencyError);
    expect(decisions).toBe(MAX_APPEND_ATTEMPTS);
    expect(await store.lastSeq()).toBe(1);
  });

  it("ends at once on an error that is not a lost race", async () => {
    const store = new InMemoryEventStore();
    const { writer } = writerOver(store);
    let decisions = 0;
    const refused = decideAndAppend(writer, () => {
      decisions++;
      throw new Error("refused by the decider");
    });
    await expect(refused).rejects.toThrow("refused by the decider");
    expect(decisions).toBe(1);
  });
});
