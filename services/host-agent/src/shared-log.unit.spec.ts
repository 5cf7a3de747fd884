import { describe, expect, it } from "vitest";
import { ForwardingEventStore, InMemoryEventStore, LogFollower, type EventStore, type EventSubscription, type StoredEvent } from "@vdsim/eventstore";
import { envelope, evolve, initialState, toDomainEvent, type ClusterState } from "@vdsim/model";
import { SharedLog } from "./shared-log.js";

const addHost = (store: EventStore, host: string): Promise<unknown> =>
  store.lastSeq().then((lastSeq) =>
    store.append({
      subject: `vdsim.evt.global.host.${host}`,
      envelope: envelope({ type: "HostAdded", data: { host, pnics: ["vmnic0"] } }, { commandId: `cmd-${host}`, time: "2026-01-01T00:00:00.000Z" }),
      expect: { lastSeq },
    }),
  );

/** Counts the follows that reach the log itself. */
class CountingStore extends ForwardingEventStore {
  follows: number[] = [];
  override follow(fromSeq: number): EventSubscription {
    this.follows.push(fromSeq);
    return super.follow(fromSeq);
  }
}

/** A simulated host's own fold of the log, from the sequence of its own snapshot. */
function hostFold(appliedSeq: number) {
  const state: ClusterState = initialState();
  const seen: StoredEvent[] = [];
  const follower = new LogFollower({
    appliedSeq,
    apply: (e) => {
      seen.push(e);
      evolve(state, toDomainEvent(e.envelope));
    },
  });
  return { state, seen, follower };
}

describe("a rack's shared read of the log", () => {
  it("given hosts starting from different sequences, when they follow together, then one read from the lowest feeds each from its own", async () => {
    const log = new CountingStore(new InMemoryEventStore());
    for (const h of ["esx-01", "esx-02", "esx-03"]) await addHost(log, h);
    const shared = new SharedLog(log);
    const [a, b] = [hostFold(0), hostFold(2)];
    await a.follower.start(shared, { catchUp: false });
    await b.follower.start(shared, { catchUp: false });
    await addHost(log, "esx-04");
    await Promise.all([a.follower.caughtUp(4, { timeoutMs: 5_000 }), b.follower.caughtUp(4, { timeoutMs: 5_000 })]);
    expect(log.follows).toEqual([1]);
    expect(a.seen.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    expect(b.seen.map((e) => e.seq)).toEqual([3, 4]);
    // one decode: both hosts were handed the same event object, frozen, and folded it into states of their own
    expect(b.seen[0]).toBe(a.seen[2]);
    expect(Object.isFrozen(a.seen[2]!.envelope.data)).toBe(true);
    expect(a.state.hosts["esx-04"]?.pnics).toEqual(b.state.hosts["esx-04"]?.pnics);
    expect(a.state.hosts["esx-04"]).not.toBe(b.state.hosts["esx-04"]);
    await Promise.all([a.follower.stop(), b.follower.stop()]);
    await shared.stop();
  });

  it("given a follow asked later from before where the shared read stands, then it reads on its own and misses nothing", async () => {
    const log = new CountingStore(new InMemoryEventStore());
    for (const h of ["esx-01", "esx-02"]) await addHost(log, h);
    const shared = new SharedLog(log);
    const a = hostFold(0);
    await a.follower.start(shared, { catchUp: false });
    await a.follower.caughtUp(2, { timeoutMs: 5_000 });
    const late = hostFold(0);
    await late.follower.start(shared, { catchUp: false });
    await late.follower.caughtUp(2, { timeoutMs: 5_000 });
    expect(log.follows).toEqual([1, 1]);
    expect(shared.sharedFollows).toBe(1);
    expect(late.seen.map((e) => e.seq)).toEqual([1, 2]);
    await Promise.all([a.follower.stop(), late.follower.stop()]);
    await shared.stop();
  });

  it("given a host that stops following, then the others go on and the stopped one is fed no more", async () => {
    const log = new InMemoryEventStore();
    const shared = new SharedLog(log);
    const [a, b] = [hostFold(0), hostFold(0)];
    await a.follower.start(shared, { catchUp: false });
    await b.follower.start(shared, { catchUp: false });
    await addHost(log, "esx-01");
    await Promise.all([a.follower.caughtUp(1, { timeoutMs: 5_000 }), b.follower.caughtUp(1, { timeoutMs: 5_000 })]);
    await a.follower.stop();
    expect(shared.sharedFollows).toBe(1);
    await addHost(log, "esx-02");
    await b.follower.caughtUp(2, { timeoutMs: 5_000 });
    expect(a.seen).toHaveLength(1);
    await b.follower.stop();
    await shared.stop();
  });
});
