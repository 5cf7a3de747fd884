import { describe, expect, it } from "vitest";
import { envelope, type DomainEvent } from "@vdsim/model";
import { PlantedHostBugs } from "./planted-bugs.js";
import type { HostTopology } from "@vdsim/esx";

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

describe("planted host bugs (VDSIM_FAULT, tests only)", () => {
  it("given drop-applied-event, when events arrive, then only the first of that type is dropped", () => {
    const bugs = new PlantedHostBugs({ skipSourceRelease: false, dropAppliedEvent: "VmCreated" }, "esx-01");
    expect([bugs.drops("VmRemoved"), bugs.drops("VmCreated"), bugs.drops("VmCreated")]).toEqual([false, true, false]);
  });

  it("given skip-source-release, when a VM migrates away, then its port and stack stay in the realized topology", () => {
    const bugs = new PlantedHostBugs({ skipSourceRelease: true }, "esx-01");
    bugs.beforeApply(migrated("a", "esx-01"), topology(["a", "b"]));
    const after = bugs.realize(topology(["b"]));
    expect(after.dataPlane.ports.map((p) => p.id).sort()).toEqual(["dvs/dvs1/a", "dvs/dvs1/b"]);
    expect(after.endpoints.map((e) => e.owner).sort()).toEqual(["a", "b"]);
  });

  it("given no planted fault, when a VM migrates away, then the topology is realized as it is", () => {
    const bugs = new PlantedHostBugs({ skipSourceRelease: false }, "esx-01");
    bugs.beforeApply(migrated("a", "esx-01"), topology(["a", "b"]));
    const t = topology(["b"]);
    expect(bugs.realize(t)).toBe(t);
    expect(bugs.drops("VmMigrated")).toBe(false);
  });
});
