import { describe, expect, it } from "vitest";
import type { ManagementCommand } from "../commands.js";
import { decide } from "../decide/decide.js";
import { DomainErrorCode } from "../errors.js";
import type { DomainEvent } from "../events.js";
import { evolve, fold } from "../evolve.js";
import { hostRealizedConfig } from "../host-view.js";
import { decideHost } from "../host/decide-host.js";
import type { HostCommand } from "../host/commands.js";
import { initialState, type ClusterState } from "../state.js";
import { everyHostResponding } from "../testing/given.js";
import { outcomeOf } from "../testing/outcome.js";
import { planDestination } from "./precheck.js";

/** Folds management commands and host commands (as [host, command]) into a state, as the log would. */
function build(steps: ReadonlyArray<ManagementCommand | readonly [string, HostCommand]>): { state: ClusterState; events: DomainEvent[] } {
  const state = initialState();
  const events: DomainEvent[] = [];
  for (const step of steps) {
    const out = Array.isArray(step) ? decideHost(step[1] as HostCommand, state, step[0] as string) : decide(step as ManagementCommand, state, everyHostResponding);
    for (const e of out) {
      evolve(state, e);
      events.push(e);
    }
  }
  return { state, events };
}

const vmotionOn = (host: string, ip: string): Array<readonly [string, HostCommand]> => [
  [host, { type: "AddStandardPortGroup", vswitch: "vSwitch0", portgroup: "vMotion" }],
  [host, { type: "AddVmkNic", target: { portgroup: "vMotion" }, ipv4: { address: ip, netmask: "255.255.255.0" } }],
  [host, { type: "SetVmkNicServices", vmknic: { portgroup: "vMotion" }, vmotion: true }],
];

const base: Array<ManagementCommand | readonly [string, HostCommand]> = [
  { type: "RegisterHost", host: "esx-01", pnics: ["vmnic0", "vmnic1"] },
  { type: "RegisterHost", host: "esx-02", pnics: ["vmnic0", "vmnic1"] },
  { type: "RegisterHost", host: "esx-03", pnics: ["vmnic0", "vmnic1"] },
  { type: "CreateDistributedSwitch", vds: "dvs1" },
  { type: "AddHostToDistributedSwitch", vds: "dvs1", host: "esx-01" },
  { type: "AddHostToDistributedSwitch", vds: "dvs1", host: "esx-02" },
  { type: "AddDistributedPortGroup", vds: "dvs1", portgroup: "web" },
  { type: "CreateVm", vm: "web-01", host: "esx-01", networks: ["web"], memoryMB: 2048 },
  { type: "CreateVm", vm: "std-01", host: "esx-01", networks: ["VM Network"] },
  ...vmotionOn("esx-01", "192.168.50.1"),
  ...vmotionOn("esx-02", "192.168.50.2"),
];

describe("migration prechecks from the log", () => {
  it("plans the same dvPort key on a member destination, and a same-named standard port group", () => {
    const { state } = build(base);
    expect(planDestination(state, "web-01", "esx-02")).toEqual({ ports: [{ nic: 0, portgroup: "web", vds: "dvs1", portKey: "4" }], reasons: [] });
    expect(planDestination(state, "std-01", "esx-02")).toEqual({ ports: [{ nic: 0, portgroup: "VM Network", vswitch: "vSwitch0" }], reasons: [] });
  });

  it("names every reason a VM cannot move", () => {
    const { state } = build(base);
    const plan = planDestination(state, "web-01", "esx-03");
    expect(plan.reasons).toEqual([
      'Host "esx-03" has no vMotion-enabled VMkernel interface (enable one with vicfg-vmknic --enable-vmotion)',
      'Host "esx-03" is not a member of distributed switch "dvs1" (Network adapter 1, port group "web")',
    ]);
    const { state: noPg } = build([...base, ["esx-02", { type: "RemoveStandardPortGroup", portgroup: "VM Network" }] as const]);
    expect(planDestination(noPg, "std-01", "esx-02").reasons).toEqual(['Host "esx-02" has no standard port group named "VM Network" (Network adapter 1)']);
  });
});

describe("the migration lifecycle in the log", () => {
  const request: ManagementCommand = { type: "RequestMigration", migration: "m1", vm: "web-01", destination: "esx-02" };

  it("records a request with the VM's memory and the default dirty rate; a repeated request id records nothing", () => {
    const { state, events } = build([...base, request]);
    expect(events.at(-1)).toEqual({
      type: "MigrationRequested",
      data: { migration: "m1", vm: "web-01", source: "esx-01", destination: "esx-02", memoryMB: 2048, dirtyRateMBps: 64 },
    });
    expect(decide(request, state, everyHostResponding)).toEqual([]);
  });

  it("refuses a VM that already runs on the destination, an unknown host, and a second migration of the same VM", () => {
    const { state } = build([...base, request]);
    const refuse = (c: ManagementCommand) => {
      try {
        decide(c, state, everyHostResponding);
      } catch (err) {
        return err as { code: string; message: string };
      }
      throw new Error("expected a refusal");
    };
    expect(refuse({ type: "RequestMigration", migration: "m2", vm: "web-01", destination: "esx-01" }).message).toMatch(/already runs on host "esx-01"/);
    expect(refuse({ type: "RequestMigration", migration: "m2", vm: "web-01", destination: "esx-99" }).code).toBe(DomainErrorCode.NotFound);
    expect(refuse({ type: "RequestMigration", migration: "m2", vm: "web-01", destination: "esx-03" })).toMatchObject({ code: DomainErrorCode.InUse });
  });

  it("a reservation realizes the VM's ports on the destination, blocked; the commit moves the VM; the source no longer has them", () => {
    const { state } = build([...base, request, { type: "ReserveMigrationDestination", migration: "m1" }]);
    const dest = hostRealizedConfig(state, "esx-02");
    expect(dest.dvPorts).toEqual([expect.objectContaining({ vm: "web-01", key: "4", reservedFor: "m1", policy: expect.objectContaining({ blocked: true }) })]);
    expect(hostRealizedConfig(state, "esx-01").dvPorts.map((p) => p.vm)).toEqual(["web-01"]);
    const { state: after } = build([...base, request, { type: "ReserveMigrationDestination", migration: "m1" }, { type: "CommitMigration", migration: "m1", drift: [] }]);
    expect(after.vms["web-01"]?.host).toBe("esx-02");
    expect(hostRealizedConfig(after, "esx-02").dvPorts).toEqual([expect.objectContaining({ vm: "web-01", key: "4", policy: expect.objectContaining({ blocked: false }) })]);
    expect(hostRealizedConfig(after, "esx-02").dvPorts[0]).not.toHaveProperty("reservedFor");
    expect(hostRealizedConfig(after, "esx-01").dvPorts).toEqual([]);
  });

  it("a standard-switch VM takes the destination's same-named port group at the commit, with the drift recorded", () => {
    const drift = [{ nic: 0, portgroup: "VM Network", setting: "vlan", source: 0, destination: 20 }];
    const { events, state } = build([
      ...base,
      { type: "RequestMigration", migration: "m2", vm: "std-01", destination: "esx-02" },
      { type: "ReserveMigrationDestination", migration: "m2" },
      { type: "CommitMigration", migration: "m2", drift },
      { type: "EndMigration", migration: "m2", result: "completed", outcome: outcomeOf({ stunMs: 3 }) },
    ]);
    expect(events.find((e) => e.type === "VmMigrated")?.data).toMatchObject({ vm: "std-01", source: "esx-01", destination: "esx-02", drift });
    expect(state.vms["std-01"]).toMatchObject({ host: "esx-02", nics: [expect.objectContaining({ vswitch: "vSwitch0", portgroup: "VM Network" })] });
    expect(state.migrations["m2"]).toMatchObject({ result: "completed", committed: true, phase: "completed", progress: 100 });
  });

  it("a rollback before the commit releases the reservation; after the commit only completion is allowed", () => {
    const reserved = [...base, request, { type: "ReserveMigrationDestination", migration: "m1" } as ManagementCommand];
    const { state } = build([...reserved, { type: "EndMigration", migration: "m1", result: "rolledBack", outcome: outcomeOf({ result: "rolledBack", rollbackReason: { kind: "stepFailed", step: "precopyIteration", message: "precopy failed" } }) }]);
    expect(state.vms["web-01"]?.host).toBe("esx-01");
    expect(hostRealizedConfig(state, "esx-02").dvPorts).toEqual([]);
    const { state: committed } = build([...reserved, { type: "CommitMigration", migration: "m1", drift: [] }]);
    expect(() => decide({ type: "EndMigration", migration: "m1", result: "rolledBack", outcome: outcomeOf({ result: "rolledBack" }) }, committed, everyHostResponding)).toThrow(/passed its switchover/);
  });

  it("replays to the same state", () => {
    const { state, events } = build([...base, request, { type: "ReserveMigrationDestination", migration: "m1" }, { type: "CommitMigration", migration: "m1", drift: [] }]);
    expect(fold(events, initialState())).toEqual(state);
  });
});
