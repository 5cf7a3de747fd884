import { describe, expect, it } from "vitest";
import { row } from "../testing/rows.js";
import { twoHostsWithVms, withHost, withPorts } from "../testing/scenario.js";
import { PLACEMENT } from "./placement.js";
import { SETTINGS } from "./settings.js";

describe("vm-placement", () => {
  it("given every VM on its host, when checked, then it holds", () => {
    const s = twoHostsWithVms();
    s.migrate("m-1", "a", "esx-02");
    const r = row(s.observe(), PLACEMENT);
    expect(r).toMatchObject({ ok: true, evaluated: true });
    expect(r.detail).toContain("2 VMs, each on one host");
  });

  it("given a source host that kept a migrated VM's port, when checked, then it fails naming both hosts, the MAC and the migration", () => {
    const s = twoHostsWithVms();
    const before = s.hostReport("esx-01");
    s.migrate("m-1", "a", "esx-02");
    const leaked = before.dataPlane.find((p) => p.owner === "a")!;
    const o = s.observe();
    const r = row(withHost(o, "esx-01", withPorts(s.hostReport("esx-01"), leaked)), PLACEMENT);
    expect(r.ok).toBe(false);
    expect(r.detail).toContain("VM a runs on esx-01 and esx-02 (the log places it on esx-02)");
    expect(r.detail).toContain(`MAC ${leaked.mac} is live on esx-01 and esx-02`);
    expect(r.detail).toContain("vNIC 0 of VM a");
    expect(r.events?.map((e) => e.type)).toEqual(["VmCreated", "MigrationRequested", "MigrationDestinationReserved", "VmMigrated", "MigrationEnded"]);
  });

  it("given a VM that runs nowhere, when checked, then it fails naming the host the log places it on", () => {
    const s = twoHostsWithVms();
    const o = s.observe();
    const report = s.hostReport("esx-01");
    const r = row(withHost(o, "esx-01", { ...report, dataPlane: report.dataPlane.filter((p) => p.owner !== "a") }), PLACEMENT);
    expect(r.ok).toBe(false);
    expect(r.detail).toContain("VM a runs on no host (the log places it on esx-01)");
  });

  it("given a silent host, when checked, then its VMs are not called missing and the host is named as unchecked", () => {
    const s = twoHostsWithVms();
    const r = row(withHost(s.observe(), "esx-01", null), PLACEMENT);
    expect(r.ok).toBe(true);
    expect(r.detail).toContain("not checked on esx-01 (not responding)");
  });

  it("given a port for a VM the log removed, when checked, then it fails naming the port", () => {
    const s = twoHostsWithVms();
    const before = s.hostReport("esx-02");
    s.command({ type: "RemoveVm", vm: "b" });
    const leaked = before.dataPlane.find((p) => p.owner === "b")!;
    const r = row(withHost(s.observe(), "esx-02", withPorts(s.hostReport("esx-02"), leaked)), PLACEMENT);
    expect(r.ok).toBe(false);
    expect(r.detail).toContain(`host esx-02 carries VM b on port ${leaked.portId} (port group web), but the log has no such VM`);
    expect(r.events?.map((e) => e.type)).toEqual(["VmCreated", "VmRemoved"]);
  });
});

describe("dvport-settings", () => {
  it("given ports with their port group's policy, when checked, then it holds", () => {
    const s = twoHostsWithVms();
    s.command({ type: "SetDistributedPortGroupPolicy", vds: "dvs1", portgroup: "web", patch: { allowPromiscuous: true } });
    expect(row(s.observe(), SETTINGS)).toMatchObject({ ok: true, evaluated: true, detail: "2 active dvPorts match their port groups" });
  });

  it("given a host whose dvPort kept the old VLAN, when checked, then it fails naming host, port, VM, section and the change", () => {
    const s = twoHostsWithVms();
    const stale = s.hostReport("esx-02");
    const changed = s.command({ type: "SetDistributedPortGroupPolicy", vds: "dvs1", portgroup: "web", patch: { vlan: { kind: "vlan", id: 20 } } });
    const r = row(withHost(s.observe(), "esx-02", { ...s.hostReport("esx-02"), dataPlane: stale.dataPlane }), SETTINGS);
    expect(r.ok).toBe(false);
    expect(r.detail).toBe('host esx-02: dvPort dvs/dvs1/5 of b (port group web on dvs1) has vlan {"kind":"vlan","id":10} instead of {"kind":"vlan","id":20}');
    expect(r.events?.at(-1)).toMatchObject({ seq: changed.seq, type: "DistributedPortGroupPolicyChanged" });
  });

  it("given a dvPort on a port group the log does not have, when checked, then it fails", () => {
    const s = twoHostsWithVms();
    const policy = s.state.portGroups.web!.policy;
    const ghost = { portId: "dvs/dvs1/99", switch: "dvs:dvs1", portGroup: "ghost", kind: "vnic" as const, mac: "00:50:56:80:00:99", policy, owner: "a", nic: 1 };
    const r = row(withHost(s.observe(), "esx-01", withPorts(s.hostReport("esx-01"), ghost)), SETTINGS);
    expect(r.ok).toBe(false);
    expect(r.detail).toContain("port group ghost of dvs1, which the log does not have");
  });
});
