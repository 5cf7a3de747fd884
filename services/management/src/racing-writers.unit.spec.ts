import { describe, expect, it } from "vitest";
import { ConcurrencyError, InMemoryEventStore } from "@vdsim/eventstore";
import { StaleUntilAppend, racingWritersSuite, writer } from "./racing-writers.spec-support.js";

racingWritersSuite("in-memory log", async () => new InMemoryEventStore());

describe("a retry after the log's duplicate window (in-memory log)", () => {
  it("conflicts on a stale service, which then finds its command id in the log and answers with the first one's sequence", async () => {
    const store = new InMemoryEventStore({ duplicateWindowMs: 0 });
    const a = await writer(store);
    const bLog = new StaleUntilAppend(store);
    const b = await writer(bLog);
    try {
      const first = await a.handler.handle("same-id", { type: "CreateDistributedSwitch", vds: "dvs-r" });
      const again = await b.handler.handle("same-id", { type: "CreateDistributedSwitch", vds: "dvs-r" });
      expect(bLog.answers).toHaveLength(1);
      expect(bLog.answers[0]).toBeInstanceOf(ConcurrencyError);
      expect({ seq: again.seq, events: again.events }).toEqual({ seq: first.seq, events: first.events });
      expect(await store.lastSeq()).toBe(1);
    } finally {
      await a.projection.stop();
      await b.projection.stop();
    }
  });
});
