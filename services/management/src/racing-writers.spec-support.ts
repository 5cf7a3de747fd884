import { describe, expect, it } from "vitest";
import { ForwardingEventStore, type AppendRequest, type AppendResult, type EventStore, type EventSubscription, type StoredEvent } from "@vdsim/eventstore";
import { DomainErrorCode, clusterStateHash, type DecisionContext } from "@vdsim/model";
import { CommandHandler } from "./command-handler.js";
import { Projection } from "./projection.js";

const everyoneResponds: DecisionContext = { isHostResponding: () => true };

export async function writer(store: EventStore): Promise<{ handler: CommandHandler; projection: Projection }> {
  const projection = new Projection();
  await projection.start(store, (err) => {
    throw err;
  });
  return { handler: new CommandHandler(store, projection, everyoneResponds), projection };
}

/**
 * The log as a management service with a stale state sees it: its follow delivers nothing until
 * its first append is answered, so that append is decided on what it had before. Records what
 * each append got back: an ack, or the error.
 */
export class StaleUntilAppend extends ForwardingEventStore {
  readonly answers: unknown[] = [];
  #release: () => void = () => undefined;
  readonly #released = new Promise<void>((resolve) => (this.#release = resolve));

  override async append(request: AppendRequest): Promise<AppendResult> {
    try {
      const ack = await this.inner.append(request);
      this.answers.push(ack);
      return ack;
    } catch (err) {
      this.answers.push(err);
      throw err;
    } finally {
      this.#release();
    }
  }
  override follow(fromSeq: number): EventSubscription {
    const sub = this.inner.follow(fromSeq);
    const released = this.#released;
    async function* held(): AsyncGenerator<StoredEvent> {
      await released;
      yield* sub;
    }
    const events = held();
    return { [Symbol.asyncIterator]: () => events, stop: () => sub.stop() };
  }
  override async [Symbol.asyncDispose](): Promise<void> {
    this.#release();
  }
}

async function eventIds(store: EventStore): Promise<string[]> {
  const ids: string[] = [];
  for await (const e of store.read()) ids.push(e.envelope.id);
  return ids;
}

/** Two management services writing to one log: optimistic concurrency keeps it consistent. */
export function racingWritersSuite(name: string, open: () => Promise<EventStore>): void {
  describe(`two management services on one log (${name})`, () => {
    it("interleaved commands all land once, in one order both services agree on", async () => {
      const store = await open();
      const a = await writer(store);
      const b = await writer(store);
      try {
        const results = await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            (i % 2 === 0 ? a : b).handler.handle(`cmd-${i}`, { type: "CreateDistributedSwitch", vds: `dvs-${i}` }),
          ),
        );
        expect(results.map((r) => r.seq).sort((x, y) => x! - y!)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
        expect(await store.lastSeq()).toBe(20);
        await a.projection.caughtUp(20);
        await b.projection.caughtUp(20);
        expect(Object.keys(a.projection.state.switches)).toHaveLength(20);
        expect(clusterStateHash(a.projection.state)).toBe(clusterStateHash(b.projection.state));
      } finally {
        await a.projection.stop();
        await b.projection.stop();
        await store[Symbol.asyncDispose]();
      }
    });

    it("when both create the same switch, exactly one wins and the other is refused after re-reading", async () => {
      const store = await open();
      const a = await writer(store);
      const b = await writer(store);
      try {
        const outcomes = await Promise.allSettled([
          a.handler.handle("a-1", { type: "CreateDistributedSwitch", vds: "dvs-same" }),
          b.handler.handle("b-1", { type: "CreateDistributedSwitch", vds: "dvs-same" }),
        ]);
        expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
        const refused = outcomes.find((o): o is PromiseRejectedResult => o.status === "rejected");
        expect(refused?.reason).toMatchObject({ code: DomainErrorCode.AlreadyExists });
        expect(await store.lastSeq()).toBe(1);
      } finally {
        await a.projection.stop();
        await b.projection.stop();
        await store[Symbol.asyncDispose]();
      }
    });

    it("a retried command id is recorded once: a second service, its state stale, gets the log's duplicate ack with the first one's sequence", async () => {
      const store = await open();
      const a = await writer(store);
      const bLog = new StaleUntilAppend(store);
      const b = await writer(bLog);
      try {
        const first = await a.handler.handle("same-id", { type: "CreateDistributedSwitch", vds: "dvs-r" });
        expect(b.projection.seq).toBe(0);
        const again = await b.handler.handle("same-id", { type: "CreateDistributedSwitch", vds: "dvs-r" });
        expect(bLog.answers).toEqual([{ seq: first.seq, duplicate: true }]);
        expect({ seq: again.seq, events: again.events, concerned: again.concerned }).toEqual({
          seq: first.seq,
          events: first.events,
          concerned: first.concerned,
        });
        expect(await eventIds(store)).toEqual(["same-id"]);
      } finally {
        await a.projection.stop();
        await b.projection.stop();
        await store[Symbol.asyncDispose]();
      }
    });

    it("a retry on a second service that already folded the first is answered from the log's record, not refused as existing", async () => {
      const store = await open();
      const a = await writer(store);
      const b = await writer(store);
      try {
        const first = await a.handler.handle("same-id", { type: "CreateDistributedSwitch", vds: "dvs-r" });
        await b.projection.caughtUp(first.seq ?? 1);
        const again = await b.handler.handle("same-id", { type: "CreateDistributedSwitch", vds: "dvs-r" });
        expect({ seq: again.seq, events: again.events }).toEqual({ seq: first.seq, events: first.events });
        expect(await eventIds(store)).toEqual(["same-id"]);
      } finally {
        await a.projection.stop();
        await b.projection.stop();
        await store[Symbol.asyncDispose]();
      }
    });
  });
}
