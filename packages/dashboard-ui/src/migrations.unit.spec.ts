import { describe, expect, it } from "vitest";
import type { DashboardEvent, JsonValue } from "@vdsim/protocol";
import { deriveMigrations } from "./migrations.js";

let seq = 0;
// events as JSON brings them: only the fields a test names, so the shape is asserted loosely
const ev = (type: string, migration: string | null, data: JsonValue, vm: string | null = "web-01"): DashboardEvent => ({
  seq: ++seq,
  type,
  time: `2026-01-01T00:00:0${seq % 10}.000Z`,
  subject: "",
  summary: "",
  correlationId: "",
  hosts: [],
  vds: null,
  vm,
  migration,
  data,
}) as unknown as DashboardEvent;

describe("deriveMigrations", () => {
  it("is empty while the log has no migration events", () => {
    expect(deriveMigrations([ev("VmCreated", null, { vm: "web-01", host: "esx-01" })])).toEqual([]);
  });

  it("follows a migration through its phases, pre-copy and result", () => {
    const events = [
      ev("MigrationRequested", "m-1", { migration: "m-1", vm: "web-01", source: "esx-01", destination: "esx-02", memoryMB: 1024, dirtyRateMBps: 64 }),
      ev("MigrationProgressed", "m-1", { migration: "m-1", phase: "precopy", progress: 40, snapshot: { context: { precopy: { remainingMB: 63.6, iterations: [{}, {}], stoppedBecause: null } } } }),
    ];
    const [running] = deriveMigrations(events);
    expect(running).toMatchObject({ id: "m-1", vm: "web-01", source: "esx-01", destination: "esx-02", phase: "precopy", percent: 40, precopy: { iteration: 2, remainingMB: 64 }, result: null });
    const done = deriveMigrations([
      ...events,
      ev("VmMigrated", "m-1", { migration: "m-1", vm: "web-01", source: "esx-01", destination: "esx-02", nics: [], drift: [] }),
      ev("MigrationEnded", "m-1", {
        migration: "m-1",
        result: "completed",
        outcome: { stunMs: 12, traffic: { flows: 1, framesLost: 3, longestGapMs: 20 }, drift: [{ vnic: "Network adapter 1", portGroup: "Legacy", setting: "vlan", source: 10, destination: 20 }] },
      }),
    ]);
    expect(done[0]).toMatchObject({
      phase: "completed",
      percent: 100,
      result: { outcome: "completed", switchoverMs: 12, framesLost: 3, driftWarnings: ["Network adapter 1 on Legacy: vlan 10 -> 20"] },
    });
  });

  it("lists the most recently updated migration first", () => {
    const list = deriveMigrations([
      ev("MigrationRequested", "m-a", { migration: "m-a", vm: "a" }, "a"),
      ev("MigrationRequested", "m-b", { migration: "m-b", vm: "b" }, "b"),
      ev("MigrationEnded", "m-a", { migration: "m-a", result: "rolledBack", outcome: {} }, "a"),
    ]);
    expect(list.map((m) => [m.id, m.phase])).toEqual([
      ["m-a", "rolledBack"],
      ["m-b", "queued"],
    ]);
  });
});
