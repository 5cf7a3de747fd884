import { describe, expect, it } from "vitest";
import type { DashboardEvent, JsonValue } from "@vdsim/protocol";
import { deriveMigrations } from "./migrations.js";

let seq = 0;
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
});

describe("deriveMigrations", () => {
  it("is empty while the log has no migration events", () => {
    expect(deriveMigrations([ev("VmCreated", null, { vm: "web-01", host: "esx-01" })])).toEqual([]);
  });

  it("follows a migration through its phases, pre-copy and result", () => {
    const events = [
      ev("MigrationStarted", "m-1", { migrationId: "m-1", vm: "web-01", source: "esx-01", destination: "esx-02" }),
      ev("MigrationPhaseChanged", "m-1", { migrationId: "m-1", phase: "precopy", percent: 40 }),
      ev("MigrationPrecopyIterated", "m-1", { migrationId: "m-1", iteration: 2, remainingMB: 64 }),
    ];
    const [running] = deriveMigrations(events);
    expect(running).toMatchObject({ id: "m-1", vm: "web-01", source: "esx-01", destination: "esx-02", phase: "precopy iterated", percent: 40, precopy: { iteration: 2, remainingMB: 64 }, result: null });
    const done = deriveMigrations([
      ...events,
      ev("VmMigrated", "m-1", { migrationId: "m-1", stunMs: 120, framesLost: 3, drift: [{ setting: "vlan", source: 10, destination: 20 }] }),
    ]);
    expect(done[0]).toMatchObject({
      phase: "completed",
      result: { outcome: "completed", switchoverMs: 120, framesLost: 3, driftWarnings: ["vlan: 10 -> 20"] },
    });
  });

  it("lists the most recently updated migration first", () => {
    const list = deriveMigrations([
      ev("MigrationStarted", "m-a", { vm: "a" }, "a"),
      ev("MigrationStarted", "m-b", { vm: "b" }, "b"),
      ev("MigrationFailed", "m-a", { reason: "precheck" }, "a"),
    ]);
    expect(list.map((m) => [m.id, m.phase])).toEqual([
      ["m-a", "failed"],
      ["m-b", "started"],
    ]);
  });
});
