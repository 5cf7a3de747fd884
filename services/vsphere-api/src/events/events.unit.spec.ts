import { describe, expect, it } from "vitest";
import type { StoredEvent } from "@vdsim/eventstore";
import { decide, envelope, type DomainEvent, type ManagementCommand } from "@vdsim/model";
import { InventoryContext } from "../inventory/context.js";
import { FoldedCluster } from "../inventory/folded-cluster.js";
import { SAMPLE } from "../inventory/cluster.spec-support.js";
import { parseXml } from "../soap/xml-tree.js";
import type { DataValue, VimValue } from "../soap/values.js";
import { queryEvents, EventCollector } from "./event-collector.js";
import { LIVENESS_KEY_BASE, MAX_EVENTS_KEPT, RECONNECT_FAILED_AFTER_MS, VsphereEventFold } from "./event-fold.js";
import { readEventFilter } from "./filter-spec.js";

const USER = "administrator@vsphere.local";

/** The sample cluster's log, then a vMotion of "a" to esx-02 that completes and one of "b" refused by its precheck. */
function given(): { fold: VsphereEventFold; ctx: InventoryContext; log: StoredEvent[] } {
  const cluster = new FoldedCluster();
  const fold = new VsphereEventFold(USER);
  const log: StoredEvent[] = [];
  const append = (event: DomainEvent, i: number): void => {
    const stored: StoredEvent = { seq: log.length + 1, subject: "vdsim.evt.test", envelope: envelope(event, { commandId: `c${i}`, time: `2026-12-03T08:00:${String(log.length).padStart(2, "0")}.000Z` }) };
    cluster.apply(stored);
    fold.apply(stored);
    log.push(stored);
  };
  SAMPLE.forEach((command: ManagementCommand, i) => decide(command, cluster.state, { isHostResponding: () => true }).forEach((e) => append(e, i)));
  const base = { memoryMB: 1024, dirtyRateMBps: 64 };
  append({ type: "MigrationRequested", data: { migration: "m1", vm: "a", source: "esx-01", destination: "esx-02", ...base } }, 100);
  append({ type: "MigrationProgressed", data: { migration: "m1", phase: "precopy", progress: 40, snapshot: null } }, 101);
  const nics = cluster.state.vms["a"]?.nics ?? [];
  append({ type: "VmMigrated", data: { migration: "m1", vm: "a", source: "esx-01", destination: "esx-02", nics, drift: [] } }, 102);
  const outcome = (result: "completed" | "failed", reasons: string[]) => ({
    migrationId: "x", vm: "a", source: "esx-01", destination: "esx-02", result, startedAt: 0, endedAt: 1, totalMs: 1, timeline: [], precopyIterations: 0, precopiedMB: 0,
    precopyStoppedBecause: null, stunMs: null, rarpSent: false, committedAt: null, rollbackReason: reasons.length ? { kind: "precheckFailed" as const, reasons } : null,
  });
  append({ type: "MigrationEnded", data: { migration: "m1", result: "completed", outcome: outcome("completed", []) } as never }, 103);
  append({ type: "MigrationRequested", data: { migration: "m2", vm: "b", source: "esx-02", destination: "esx-01", ...base } }, 104);
  append({ type: "MigrationEnded", data: { migration: "m2", result: "failed", outcome: outcome("failed", ["no vMotion vmknic on esx-01"]) } as never }, 105);
  append({ type: "StandardPortGroupAdded", data: { host: "esx-01", vswitch: "vSwitch0", portgroup: "vMotion", vlan: 0 } }, 106);
  return { fold, ctx: new InventoryContext(cluster, () => "connected", new Date()), log };
}

const filter = (xml: string) => readEventFilter(parseXml(`<filter>${xml}</filter>`));
const items = (v: VimValue): DataValue[] => (v.kind === "array" ? v.items.filter((i): i is DataValue => i.kind === "data") : []);
const prop = (e: DataValue, ...path: string[]): string | undefined => {
  let v: VimValue | undefined = e;
  for (const p of path) v = v?.kind === "data" ? v.props[p] : undefined;
  return v?.kind === "primitive" || v?.kind === "enum" ? v.value : v?.kind === "mor" ? v.ref.value : undefined;
};
const typesOf = (v: VimValue) => items(v).map((e) => e.type);

describe("the log folded into vSphere events", () => {
  it("makes each change the event vCenter posts, keyed by the log's seq, newest first, with vCenter's message", () => {
    const { fold, ctx, log } = given();
    const all = items(queryEvents(fold, ctx, filter("")));
    expect(all.map((e) => e.type).reverse()).toEqual([
      "HostAddedEvent", "HostAddedEvent", "DvsCreatedEvent", "DvsHostJoinedEvent", "DvsHostJoinedEvent", "DVPortgroupCreatedEvent", "VmCreatedEvent", "VmCreatedEvent",
      "VmBeingHotMigratedEvent", "VmMigratedEvent", "VmBeingHotMigratedEvent", "VmFailedMigrateEvent", "GeneralHostInfoEvent",
    ]);
    const keys = all.map((e) => Number(prop(e, "key")));
    expect(keys).toEqual([...keys].sort((a, b) => b - a));
    expect(keys[0]).toBe(log.length);
    const byType = (t: string) => all.find((e) => e.type === t)!;
    expect(prop(byType("DvsCreatedEvent"), "fullFormattedMessage")).toBe("A vSphere Distributed Switch dvs1 was created in vdsim-dc.");
    expect(prop(byType("DvsCreatedEvent"), "userName")).toBe(USER);
    expect(prop(byType("DVPortgroupCreatedEvent"), "fullFormattedMessage")).toBe("dvPort group web in vdsim-dc was added to switch dvs1.");
    expect(prop(byType("VmMigratedEvent"), "fullFormattedMessage")).toBe("Migration of virtual machine a from esx-01, datastore1 to esx-02, datastore1 completed");
    expect(prop(byType("VmMigratedEvent"), "sourceHost", "name")).toBe("esx-01");
    expect(prop(byType("VmMigratedEvent"), "host", "host")).toBe("host-11");
    expect(prop(byType("VmFailedMigrateEvent"), "fullFormattedMessage")).toBe("Cannot migrate b from esx-02, datastore1 to esx-01, datastore1 in vdsim-dc");
    expect(byType("VmFailedMigrateEvent").props["reason"]).toMatchObject({ kind: "data", type: "LocalizedMethodFault", props: { fault: { type: "MigrationNotReady" } } });
    expect(prop(byType("GeneralHostInfoEvent"), "message")).toBe("Port group vMotion (VLAN 0) was added to virtual switch vSwitch0 on esx-01");
    expect(prop(byType("GeneralHostInfoEvent"), "net", "name")).toBe("vMotion");
  });

  it("gives a migration's events one chainId, the seq of its MigrationRequested, and every other event its own key", () => {
    const { fold, ctx, log } = given();
    const requested = log.find((e) => e.envelope.type === "MigrationRequested")!.seq;
    expect(fold.migrationChainId("m1")).toBe(requested);
    const chain = items(queryEvents(fold, ctx, filter(`<eventChainId>${requested}</eventChainId>`)));
    expect(chain.map((e) => e.type)).toEqual(["VmMigratedEvent", "VmBeingHotMigratedEvent"]);
    const created = items(queryEvents(fold, ctx, filter("<eventTypeId>DvsCreatedEvent</eventTypeId>")))[0]!;
    expect(prop(created, "chainId")).toBe(prop(created, "key"));
  });

  it("filters by type (a base type matches its subtypes), by entity and recursion, by time, by user and by maxCount", () => {
    const { fold, ctx } = given();
    expect(typesOf(queryEvents(fold, ctx, filter("<type>VmFailedMigrateEvent</type><type>DvsHostJoinedEvent</type>")))).toEqual(["VmFailedMigrateEvent", "DvsHostJoinedEvent", "DvsHostJoinedEvent"]);
    expect(new Set(typesOf(queryEvents(fold, ctx, filter("<eventTypeId>DvsEvent</eventTypeId>"))))).toEqual(new Set(["DvsCreatedEvent", "DvsHostJoinedEvent"]));
    const vmA = queryEvents(fold, ctx, filter(`<entity><entity type="VirtualMachine">${ctx.vmRef("a").value}</entity><recursion>self</recursion></entity>`));
    expect(typesOf(vmA)).toEqual(["VmMigratedEvent", "VmBeingHotMigratedEvent", "VmCreatedEvent"]);
    const net = queryEvents(fold, ctx, filter(`<entity><entity type="Folder">group-n5</entity><recursion>children</recursion></entity>`));
    expect(typesOf(net)).toEqual(["GeneralHostInfoEvent", "DVPortgroupCreatedEvent", "DvsHostJoinedEvent", "DvsHostJoinedEvent", "DvsCreatedEvent"]);
    expect(typesOf(queryEvents(fold, ctx, filter("<time><beginTime>2026-12-03T08:00:12Z</beginTime><endTime>2026-12-03T08:00:13Z</endTime></time>")))).toEqual(["VmFailedMigrateEvent", "VmBeingHotMigratedEvent"]);
    expect(items(queryEvents(fold, ctx, filter("<userName><systemUser>true</systemUser></userName>")))).toHaveLength(0);
    expect(items(queryEvents(fold, ctx, filter(`<userName><systemUser>false</systemUser><userList>${USER.toUpperCase()}</userList></userName>`)))).toHaveLength(13);
    expect(items(queryEvents(fold, ctx, filter("<maxCount>2</maxCount>")))).toHaveLength(2);
    expect(() => filter("<maxCount>0</maxCount>")).toThrow(/maxCount/);
    expect(() => filter(`<entity><entity type="Folder">group-n5</entity><recursion>down</recursion></entity>`)).toThrow(/recursion/);
  });

  it("a collector pages: latestPage is the newest pageSize, ReadNext reads from the oldest, ReadPrevious back from the cursor, Reset sits before the latest page", () => {
    const { fold, ctx } = given();
    const c = new EventCollector({ type: "EventHistoryCollector", value: "s1" }, fold, ctx, filter(""));
    c.setPageSize(3);
    const keyOf = (vs: VimValue[]) => vs.map((v) => (v.kind === "data" ? Number(prop(v, "key")) : 0));
    const latest = keyOf(c.latestPage());
    expect(latest).toHaveLength(3);
    expect(latest).toEqual([...latest].sort((a, b) => b - a));
    const first = keyOf(c.readNext(5));
    expect(first).toEqual([...first].sort((a, b) => a - b));
    expect(first[0]).toBe(1);
    const back = keyOf(c.readPrevious(2));
    expect(back).toEqual([first[4], first[3]]);
    c.reset();
    expect(keyOf(c.readNext(10))).toEqual([...latest].reverse());
    expect(c.readNext(10)).toEqual([]);
    c.rewind();
    expect(c.readPrevious(10)).toEqual([]);
    expect(() => c.readNext(0)).toThrow(/maxCount/);
  });

  it("posts HostConnectionLostEvent when a host goes notResponding, keyed after the log's range, then HostReconnectionFailedEvent and HostConnectedEvent", () => {
    const { fold, ctx } = given();
    const t0 = new Date("2026-12-03T09:00:00Z");
    fold.observeLiveness((h) => h !== "esx-02", t0);
    fold.observeLiveness((h) => h !== "esx-02", new Date(t0.getTime() + RECONNECT_FAILED_AFTER_MS));
    fold.observeLiveness(() => true, new Date(t0.getTime() + RECONNECT_FAILED_AFTER_MS + 1));
    const hostEvents = items(queryEvents(fold, ctx, filter("<type>HostEvent</type>"))).filter((e) => e.type !== "HostAddedEvent");
    expect(hostEvents.map((e) => [e.type, Number(prop(e, "key")), prop(e, "userName")])).toEqual([
      ["HostConnectedEvent", LIVENESS_KEY_BASE + 3, ""],
      ["HostReconnectionFailedEvent", LIVENESS_KEY_BASE + 2, ""],
      ["HostConnectionLostEvent", LIVENESS_KEY_BASE + 1, ""],
    ]);
    expect(prop(hostEvents[2]!, "fullFormattedMessage")).toBe("Host esx-02 in vdsim-dc is not responding");
  });
});

describe("the events kept", () => {
  it("given more events than are kept, when folded, then the oldest go and the newest stay in order", () => {
    const fold = new VsphereEventFold(USER);
    const n = MAX_EVENTS_KEPT + 2_500;
    for (let seq = 1; seq <= n; seq++) {
      const event: DomainEvent = { type: "HostAdded", data: { host: `esx-${seq}`, pnics: ["vmnic0"] } } as DomainEvent;
      fold.apply({ seq, subject: "vdsim.evt.test", envelope: envelope(event, { commandId: `c${seq}`, time: "2026-12-03T08:00:00.000Z" }) });
    }
    expect(fold.size).toBeLessThanOrEqual(MAX_EVENTS_KEPT + 1_000);
    expect(fold.size).toBeGreaterThanOrEqual(MAX_EVENTS_KEPT);
    expect(fold.latest()?.key).toBe(n);
    const keys = fold.all().map((e) => e.key);
    expect(keys).toEqual([...keys].sort((a, b) => a - b));
  });
});
