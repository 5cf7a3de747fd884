import { describe, expect, it } from "vitest";
import { InMemoryEventStore } from "@vdsim/eventstore";
import { parsePlantedBugs } from "@vdsim/runtime";
import { CommandHandler } from "../command-handler.js";
import { Projection } from "../projection.js";
import { plantInStore } from "./planted-store.js";

const ctx = { isHostResponding: () => true };
const register = { type: "RegisterHost", host: "esx-01", pnics: ["vmnic0"] } as const;
const create = { type: "CreateDistributedSwitch", vds: "dvs1" } as const;

async function logOf(store: InMemoryEventStore): Promise<Array<{ seq: number; type: string; correlationId: string }>> {
  const out: Array<{ seq: number; type: string; correlationId: string }> = [];
  await store.scan({}, (e) => out.push({ seq: e.seq, type: e.envelope.type, correlationId: e.envelope.correlationId }));
  return out;
}

/** The production CommandHandler on a store with `spec` planted, its projection following the real log. */
async function handlerWith(spec: string): Promise<{ store: InMemoryEventStore; handler: CommandHandler; projection: Projection }> {
  const store = new InMemoryEventStore();
  const projection = new Projection();
  await projection.start(store, () => undefined);
  return { store, projection, handler: new CommandHandler(plantInStore(store, parsePlantedBugs([spec])), projection, ctx, () => new Date(0)) };
}

describe("planted management bugs: a store wrapper (tests only)", () => {
  it("given ack-without-append, when the event is decided, then it is acknowledged at the log's end and not recorded, once", async () => {
    const { store, handler, projection } = await handlerWith("ack-without-append:DistributedSwitchCreated");
    await handler.handle("c-1", register);
    expect((await handler.handle("c-2", create)).seq).toBe(1);
    expect(await logOf(store)).toEqual([{ seq: 1, type: "HostAdded", correlationId: "c-1" }]);
    expect(projection.state.switches).toEqual({});
    expect((await handler.handle("c-3", create)).seq).toBe(2);
    expect((await logOf(store)).map((e) => e.correlationId)).toEqual(["c-1", "c-3"]);
    await projection.stop();
  });

  it("given record-twice, when the event is appended, then it is recorded again under another id, once", async () => {
    const { store, handler, projection } = await handlerWith("record-twice:HostAdded");
    await handler.handle("c-1", register);
    await handler.handle("c-2", { ...register, host: "esx-02" });
    const log = await logOf(store);
    expect(log.map((e) => e.type)).toEqual(["HostAdded", "HostAdded", "HostAdded"]);
    expect(log[0]!.correlationId).toBe("c-1");
    expect(log[1]!.correlationId).not.toMatch(/^c-/);
    expect(log[2]!.correlationId).toBe("c-2");
    await projection.stop();
  });

  it("given no management bug, when planted, then the store is the one given", () => {
    const store = new InMemoryEventStore();
    expect(plantInStore(store, parsePlantedBugs(["skip-source-release,drop-applied-event:VmCreated"]))).toBe(store);
  });
});
