import { describe, expect, it } from "vitest";
import type { HostTopology } from "@vdsim/esx";
import { InMemoryEventStore, LogFollower, type QuarantinedEvent } from "@vdsim/eventstore";
import { envelope, eventSubject, type DomainEvent, type HostRealizedConfig } from "@vdsim/model";
import { parsePlantedBugs } from "@vdsim/runtime";
import { plantInHost } from "./plant.js";
import { SourceReleaseLeak } from "./source-release-leak.js";

const policy = { vlan: { kind: "none" }, blocked: false } as unknown as HostTopology["dataPlane"]["ports"][number]["policy"];
const topology = (vms: readonly string[]): HostTopology => ({
  dataPlane: {
    switches: [{ name: "dvs:dvs1", kind: "proxy", ports: 8192, uplinks: {} }],
    ports: vms.map((vm, i) => ({ id: `dvs/dvs1/${vm}`, switch: "dvs:dvs1", portGroup: "web", policy, kind: "vnic", mac: `00:50:56:80:00:0${i}` })),
  },
  endpoints: vms.map((vm, i) => ({ portId: `dvs/dvs1/${vm}`, owner: vm, nic: 0, kind: "vnic", mac: `00:50:56:80:00:0${i}`, ip: `10.128.0.${i}`, netmask: "255.0.0.0" })),
});
const migrated = (vm: string, source: string): ReturnType<typeof envelope> =>
  envelope({ type: "VmMigrated", data: { migration: "m-1", vm, source, destination: "esx-02", nics: [], drift: [] } } as DomainEvent, { commandId: "m-1:commit", time: "2026-11-30T09:00:00Z" });

async function append(store: InMemoryEventStore, event: DomainEvent, commandId: string): Promise<void> {
  const last = await store.lastSeq();
  await store.append({ subject: eventSubject(event), envelope: envelope(event, { commandId, time: "2026-11-30T09:00:00Z" }), expect: { lastSeq: last } });
}

const dvsCreated = (vds: string): DomainEvent => ({
  type: "DistributedSwitchCreated",
  data: { vds, uplinks: ["uplink1"], mtu: 1500, maxPorts: 1024, uplinkPortGroup: { portgroup: `${vds}-DVUplinks`, key: "dvportgroup-1" } },
});

describe("planted host bugs: a store and a realization wrapper (tests only)", () => {
  it("given drop-applied-event, when the agent's follower reads the log, then the first such event is skipped yet counted as applied, once", async () => {
    const store = new InMemoryEventStore();
    await append(store, { type: "HostAdded", data: { host: "esx-01", pnics: ["vmnic0"] } }, "c-1");
    await append(store, dvsCreated("dvs1"), "c-2");
    await append(store, dvsCreated("dvs2"), "c-3");
    const applied: string[] = [];
    const skipped: QuarantinedEvent[] = [];
    const follower = new LogFollower({ apply: (e) => applied.push(e.envelope.correlationId), onQuarantine: (e) => skipped.push(e) });
    await follower.start(plantInHost(store, parsePlantedBugs(["drop-applied-event:DistributedSwitchCreated"]), "esx-01").store!);
    expect(applied).toEqual(["c-1", "c-3"]);
    expect(skipped.map((e) => [e.seq, e.reason])).toEqual([[2, "planted bug (tests only): drop-applied-event dropped DistributedSwitchCreated"]]);
    expect(follower.appliedSeq).toBe(3);
    await follower.stop();
  });

  it("given skip-source-release, when a VM migrates away, then its port and stack stay in the realized topology", () => {
    let configured = topology(["a", "b"]);
    const leak = new SourceReleaseLeak("esx-01", () => configured);
    const config = {} as HostRealizedConfig;
    expect(leak.topologyOf(config)).toBe(configured);
    leak.observe(migrated("a", "esx-01"));
    configured = topology(["b"]);
    const after = leak.topologyOf(config);
    expect(after.dataPlane.ports.map((p) => p.id).sort()).toEqual(["dvs/dvs1/a", "dvs/dvs1/b"]);
    expect(after.endpoints.map((e) => e.owner).sort()).toEqual(["a", "b"]);
  });

  it("given skip-source-release, when a VM migrates away from another host, then the topology is realized as it is", () => {
    let configured = topology(["a", "b"]);
    const leak = new SourceReleaseLeak("esx-01", () => configured);
    leak.topologyOf({} as HostRealizedConfig);
    leak.observe(migrated("a", "esx-03"));
    configured = topology(["b"]);
    expect(leak.topologyOf({} as HostRealizedConfig)).toBe(configured);
  });

  it("given no host bug, when planted, then the parts are the store as given and the default realization", () => {
    const store = new InMemoryEventStore();
    expect(plantInHost(store, parsePlantedBugs(["ack-without-append:VmRemoved"]), "esx-01")).toEqual({ store });
  });
});
