import { describe, expect, it } from "vitest";
import { envelope, type EventEnvelope } from "@vdsim/model";
import { CatchUpTimeout, FollowFailed, FollowerStopped } from "./errors.js";
import { LogFollower, type Delivery, type LogFollowerOptions, type QuarantinedEvent } from "./log-follower.js";
import { InMemoryEventStore } from "./memory-store.js";
import { ForwardingEventStore } from "./forwarding-store.js";
import type { EventStore, EventSubscription, StoredEvent } from "./types.js";

const subjectOf = (host: string): string => `vdsim.evt.global.host.${host}`;

const envOf = (host: string): EventEnvelope =>
  envelope({ type: "HostAdded", data: { host, pnics: ["vmnic0"] } }, { commandId: `cmd-${host}`, time: "2026-01-01T00:00:00.000Z" });

async function appendHosts(store: EventStore, ...hosts: string[]): Promise<void> {
  for (const host of hosts) await store.append({ subject: subjectOf(host), envelope: envOf(host), expect: { lastSeq: await store.lastSeq() } });
}

/** A store whose live follow is rewritten by the test: duplicates, undecodable events, failures. */
class RewrittenFollow extends ForwardingEventStore {
  constructor(
    inner: EventStore,
    private readonly rewrite: (events: AsyncIterable<StoredEvent>) => AsyncIterable<StoredEvent>,
  ) {
    super(inner);
  }
  override follow(fromSeq: number): EventSubscription {
    const sub = this.inner.follow(fromSeq);
    const events = this.rewrite(sub);
    return { [Symbol.asyncIterator]: () => events[Symbol.asyncIterator](), stop: () => sub.stop() };
  }
}

function recording(options: Partial<LogFollowerOptions> = {}) {
  const applied: Array<{ seq: number; host: unknown; delivery: Delivery }> = [];
  const errors: FollowFailed[] = [];
  const follower = new LogFollower({
    apply: (e, delivery) => applied.push({ seq: e.seq, host: e.envelope.correlationId.replace("cmd-", ""), delivery }),
    onError: (err) => errors.push(err),
    ...options,
  });
  return { follower, applied, errors, seqs: () => applied.map((a) => a.seq) };
}

describe("LogFollower over the in-memory store", () => {
  it("applies the log in order: what was there by bulk read up to its end, then what comes live", async () => {
    const store = new InMemoryEventStore();
    await appendHosts(store, "esx-01", "esx-02", "esx-03");
    const { follower, applied } = recording();
    await follower.start(store);
    expect(follower.appliedSeq).toBe(3);
    expect(follower.state).toBe("live");
    await appendHosts(store, "esx-04", "esx-05");
    await follower.caughtUp(5, { timeoutMs: 1_000 });
    expect(applied).toEqual([
      { seq: 1, host: "esx-01", delivery: { live: false, catchUpTo: 3 } },
      { seq: 2, host: "esx-02", delivery: { live: false, catchUpTo: 3 } },
      { seq: 3, host: "esx-03", delivery: { live: false, catchUpTo: 3 } },
      { seq: 4, host: "esx-04", delivery: { live: true } },
      { seq: 5, host: "esx-05", delivery: { live: true } },
    ]);
    await follower.stop();
  });

  it("applies each sequence once when the follow delivers it again, and skips what the process offered first", async () => {
    const inner = new InMemoryEventStore();
    const store = new RewrittenFollow(inner, async function* (events) {
      const seen: StoredEvent[] = [];
      for await (const e of events) {
        seen.push(e);
        yield e;
        yield e;
        // as after a resubscribe: everything from the start again
        yield* seen;
      }
    });
    const { follower, applied } = recording();
    await follower.start(store, { catchUp: false });
    await appendHosts(store, "esx-01", "esx-02");
    await follower.caughtUp(2, { timeoutMs: 1_000 });
    const offered: StoredEvent = { seq: 3, subject: subjectOf("esx-03"), envelope: envOf("esx-03") };
    expect(follower.offer(offered)).toBe(true);
    expect(follower.offer(offered)).toBe(false);
    await appendHosts(store, "esx-03", "esx-04");
    await follower.caughtUp(4, { timeoutMs: 1_000 });
    expect(applied.map((a) => [a.seq, a.host])).toEqual([
      [1, "esx-01"],
      [2, "esx-02"],
      [3, "esx-03"],
      [4, "esx-04"],
    ]);
    await follower.stop();
  });

  it("resolves a wait once its sequence is applied, and at once for one already applied", async () => {
    const store = new InMemoryEventStore();
    await appendHosts(store, "esx-01");
    const { follower } = recording();
    await follower.start(store);
    await expect(follower.caughtUp(1)).resolves.toBeUndefined();
    let reached = false;
    const wait = follower.caughtUp(3).then(() => (reached = true));
    await appendHosts(store, "esx-02");
    await follower.caughtUp(2);
    expect(reached).toBe(false);
    await appendHosts(store, "esx-03");
    await wait;
    expect(follower.appliedSeq).toBe(3);
    await follower.stop();
  });

  it("rejects a wait that passes its deadline, or is aborted, and keeps following", async () => {
    const store = new InMemoryEventStore();
    const { follower } = recording();
    await follower.start(store);
    const err = await follower.caughtUp(1, { timeoutMs: 20 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CatchUpTimeout);
    expect(err).toMatchObject({ seq: 1, appliedSeq: 0, timeoutMs: 20 });
    const abort = new AbortController();
    const aborted = follower.caughtUp(1, { signal: abort.signal });
    abort.abort(new Error("caller gave up"));
    await expect(aborted).rejects.toThrow("caller gave up");
    await appendHosts(store, "esx-01");
    await follower.caughtUp(1, { timeoutMs: 1_000 });
    expect(follower.state).toBe("live");
    await follower.stop();
  });

  it("starts after a snapshot's sequence: only later events are applied", async () => {
    const store = new InMemoryEventStore();
    await appendHosts(store, "esx-01", "esx-02", "esx-03");
    const { follower, seqs } = recording({ appliedSeq: 2 });
    await expect(follower.caughtUp(2)).resolves.toBeUndefined();
    await follower.start(store, { catchUp: false });
    await appendHosts(store, "esx-04");
    await follower.caughtUp(4, { timeoutMs: 1_000 });
    expect(seqs()).toEqual([3, 4]);
    await follower.stop();
  });

  it("when stopped, ends pending waits with FollowerStopped, refuses new ones and applies nothing more", async () => {
    const store = new InMemoryEventStore();
    const { follower, seqs, errors } = recording();
    await follower.start(store);
    const pending = follower.caughtUp(5);
    await follower[Symbol.asyncDispose]();
    await expect(pending).rejects.toBeInstanceOf(FollowerStopped);
    await expect(follower.caughtUp(1)).rejects.toMatchObject({ name: "FollowerStopped", seq: 1, appliedSeq: 0 });
    await appendHosts(store, "esx-01");
    expect(seqs()).toEqual([]);
    expect(follower.state).toBe("stopped");
    expect(errors).toEqual([]);
  });

  it("when stopped while reading up to the log's end, applies nothing more and does not follow", async () => {
    const store = new InMemoryEventStore();
    await appendHosts(store, "esx-01", "esx-02");
    const { follower, seqs } = recording();
    const starting = follower.start(store);
    await follower.stop();
    await starting;
    await appendHosts(store, "esx-03");
    expect(seqs()).toEqual([]);
    expect(follower.state).toBe("stopped");
  });

  it("reports a follow that fails, ending its waits with the failure", async () => {
    const cause = new Error("consumer deleted");
    const store = new RewrittenFollow(new InMemoryEventStore(), async function* (events) {
      for await (const e of events) {
        yield e;
        throw cause;
      }
    });
    const { follower, errors } = recording();
    await follower.start(store);
    const pending = follower.caughtUp(2);
    await appendHosts(store, "esx-01", "esx-02");
    const err = await pending.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FollowFailed);
    expect(err).toMatchObject({ appliedSeq: 1, cause });
    expect(errors).toEqual([err]);
    expect(follower.state).toBe("failed");
    expect(follower.failure).toBe(err);
    await expect(follower.caughtUp(2)).rejects.toBe(err);
    await follower.stop();
  });

  it("quarantines an event its apply throws on and goes on; reports a follow that ends without being stopped", async () => {
    const store = new InMemoryEventStore();
    const quarantined: QuarantinedEvent[] = [];
    const applied: number[] = [];
    const { follower, errors } = recording({
      apply: (e) => {
        if (e.seq === 2) throw new Error("cannot fold");
        applied.push(e.seq);
      },
      onQuarantine: (q) => quarantined.push(q),
    });
    await follower.start(store);
    await appendHosts(store, "esx-01", "esx-02", "esx-03");
    await follower.caughtUp(3, { timeoutMs: 1_000 });
    expect(applied).toEqual([1, 3]);
    expect(quarantined).toEqual([{ seq: 2, subject: subjectOf("esx-02"), reason: "does not apply at sequence 2: cannot fold" }]);
    expect(errors).toEqual([]);
    expect(follower.state).toBe("live");
    await follower.stop();

    const ended = recording();
    const other = new InMemoryEventStore();
    await ended.follower.start(other);
    await other[Symbol.asyncDispose]();
    await expect(ended.follower.caughtUp(1)).rejects.toMatchObject({ name: "FollowFailed", appliedSeq: 0 });
    expect(ended.errors).toHaveLength(1);
  });

  it("quarantines an event the codec cannot read: skipped with its sequence, subject and reason, and following goes on", async () => {
    const store = new RewrittenFollow(new InMemoryEventStore(), async function* (events) {
      for await (const e of events) {
        if (e.seq !== 2) yield e;
        else
          yield {
            seq: e.seq,
            subject: e.subject,
            get envelope(): never {
              throw new Error("not a vdsim event: {}");
            },
          };
      }
    });
    const quarantined: QuarantinedEvent[] = [];
    const { follower, seqs, errors } = recording({ onQuarantine: (q) => quarantined.push(q) });
    await follower.start(store);
    await appendHosts(store, "esx-01", "esx-02", "esx-03");
    await follower.caughtUp(3, { timeoutMs: 1_000 });
    expect(seqs()).toEqual([1, 3]);
    const expected = { seq: 2, subject: subjectOf("esx-02"), reason: "not a vdsim event: {}" };
    expect(quarantined).toEqual([expected]);
    expect(follower.quarantined).toEqual([expected]);
    expect(follower.quarantinedCount).toBe(1);
    expect(errors).toEqual([]);
    await follower.stop();
  });
});
