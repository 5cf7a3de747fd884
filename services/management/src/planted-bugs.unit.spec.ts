import { describe, expect, it } from "vitest";
import { InMemoryEventStore } from "@vdsim/eventstore";
import { CommandHandler } from "./command-handler.js";
import { Projection } from "./projection.js";

const ctx = { isHostResponding: () => true };
const register = { type: "RegisterHost", host: "esx-01", pnics: ["vmnic0"] } as const;
const create = { type: "CreateDistributedSwitch", vds: "dvs1" } as const;

async function logOf(store: InMemoryEventStore): Promise<Array<{ seq: number; type: string; correlationId: string }>> {
  const out: Array<{ seq: number; type: string; correlationId: string }> = [];
  await store.scan({}, (e) => out.push({ seq: e.seq, type: e.envelope.type, correlationId: e.envelope.correlationId }));
  return out;
}

describe("planted management bugs (VDSIM_FAULT, tests only)", () => {
  it("given ack-without-append, when the command comes, then it is acknowledged with the next sequence and not recorded, once", async () => {
    const store = new InMemoryEventStore();
    const handler = new CommandHandler(store, new Projection(), ctx, () => new Date(0), { skipSourceRelease: false, ackWithoutAppend: "CreateDistributedSwitch" });
    await handler.handle("c-1", register);
    expect((await handler.handle("c-2", create)).seq).toBe(2);
    expect(await logOf(store)).toEqual([{ seq: 1, type: "HostAdded", correlationId: "c-1" }]);
    expect((await handler.handle("c-3", create)).seq).toBe(2);
    expect((await logOf(store)).map((e) => e.correlationId)).toEqual(["c-1", "c-3"]);
  });

  it("given record-twice, when the command comes, then its event is recorded again under another id, once", async () => {
    const store = new InMemoryEventStore();
    const handler = new CommandHandler(store, new Projection(), ctx, () => new Date(0), { skipSourceRelease: false, recordTwice: "RegisterHost" });
    await handler.handle("c-1", register);
    await handler.handle("c-2", { ...register, host: "esx-02" });
    const log = await logOf(store);
    expect(log.map((e) => e.type)).toEqual(["HostAdded", "HostAdded", "HostAdded"]);
    expect(log[0]!.correlationId).toBe("c-1");
    expect(log[1]!.correlationId).not.toMatch(/^c-/);
    expect(log[2]!.correlationId).toBe("c-2");
  });

  it("given no planted fault, when commands come, then each is recorded once under its id", async () => {
    const store = new InMemoryEventStore();
    const handler = new CommandHandler(store, new Projection(), ctx);
    await handler.handle("c-1", register);
    await handler.handle("c-2", create);
    expect((await logOf(store)).map((e) => e.correlationId)).toEqual(["c-1", "c-2"]);
  });
});
