import { describe, expect, it } from "vitest";
import type { EventStore } from "@vdsim/eventstore";
import { DomainErrorCode, clusterStateHash, type DecisionContext } from "@vdsim/model";
import { CommandHandler } from "./command-handler.js";
import { Projection } from "./projection.js";

const everyoneResponds: DecisionContext = { isHostResponding: () => true };

async function writer(store: EventStore): Promise<{ handler: CommandHandler; projection: Projection }> {
  const projection = new Projection();
  await projection.start(store, (err) => {
    throw err;
  });
  return { handler: new CommandHandler(store, projection, everyoneResponds), projection };
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

    it("a retried command id is recorded once", async () => {
      const store = await open();
      const a = await writer(store);
      const b = await writer(store);
      try {
        const first = await a.handler.handle("same-id", { type: "CreateDistributedSwitch", vds: "dvs-r" });
        const again = await a.handler.handle("same-id", { type: "CreateDistributedSwitch", vds: "dvs-r" });
        await b.projection.caughtUp(1);
        expect(again).toEqual(first);
        expect(await store.lastSeq()).toBe(1);
      } finally {
        await a.projection.stop();
        await b.projection.stop();
        await store[Symbol.asyncDispose]();
      }
    });
  });
}
