import { describe, expect, it } from "vitest";
import { isMigrationEvent, toDashboardEvent } from "./event-view.js";
import { TestLog, threeHostLog } from "./log.spec-support.js";

describe("toDashboardEvent", () => {
  it("tags a port-group change with its switch and the hosts it concerns, and summarizes it", () => {
    const log = threeHostLog();
    const e = log.run({ type: "SetDistributedPortGroupPolicy", vds: "dvs1", portgroup: "web", patch: { vlan: { kind: "vlan", id: 20 } } });
    const view = toDashboardEvent(e, ["esx-01", "esx-02", "esx-03"]);
    expect(view).toMatchObject({
      seq: e.seq,
      type: "DistributedPortGroupPolicyChanged",
      summary: "dvs1/web changed vlan; VLAN 20",
      hosts: ["esx-01", "esx-02", "esx-03"],
      vds: "dvs1",
      vm: null,
      migration: null,
      correlationId: `cmd-${e.seq}`,
    });
    expect(view.data).toEqual({ vds: "dvs1", portgroup: "web", changes: { vlan: { kind: "vlan", id: 20 } } });
  });

  it("tags a VM event with the VM and its host", () => {
    const log = threeHostLog();
    const view = toDashboardEvent(log.events.find((e) => e.envelope.type === "VmCreated")!, ["esx-01"]);
    expect(view).toMatchObject({ vm: "web-01", hosts: ["esx-01"], summary: "web-01 on esx-01" });
  });

  it("tags migration events with their migration id and both hosts", () => {
    const log = new TestLog();
    const e = log.record({ type: "MigrationStarted", data: { migration: "m-1", vm: "web-01", source: "esx-01", destination: "esx-02" } });
    expect(toDashboardEvent(e)).toMatchObject({ migration: "m-1", vm: "web-01", hosts: ["esx-01", "esx-02"], summary: "web-01 esx-01 -> esx-02" });
    expect(isMigrationEvent("VmMigrated")).toBe(true);
    expect(isMigrationEvent("VmCreated")).toBe(false);
  });
});
