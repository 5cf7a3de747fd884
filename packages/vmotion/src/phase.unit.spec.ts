import { describe, expect, it } from "vitest";
import { describeRollbackReason, initialContext } from "./context.js";
import {
  isCommitted,
  MIGRATION_PHASES,
  migrationSnapshotView,
  phaseOf,
  progressOf,
  stateOf,
  type MigrationSnapshotView,
} from "./phase.js";
import { INPUT, startMigration } from "./testing/harness.js";

function view(
  value: MigrationSnapshotView["value"],
  status: MigrationSnapshotView["status"] = "active",
  percent = 42,
): MigrationSnapshotView {
  return { status, value, context: { ...initialContext(INPUT), percent } };
}

describe("phaseOf, progressOf, isCommitted", () => {
  it("name the phase of each state, compound states by their top level", () => {
    expect(phaseOf(view("precheck"))).toBe("precheck");
    expect(phaseOf(view({ precopy: "copying" }))).toBe("precopy");
    expect(phaseOf(view({ committed: "backoff" }))).toBe("releasing");
    expect(phaseOf(view({ rollingBack: "releasingDestination" }))).toBe("rollingBack");
    expect(phaseOf(view("rolledBack", "done"))).toBe("rolledBack");
  });

  it("call a machine that errored failed", () => {
    expect(phaseOf(view("switchover", "error"))).toBe("failed");
  });

  it("read a persisted snapshot as well as a live one", async () => {
    const h = startMigration();
    await h.run();
    const persisted = h.transitions.map((t) => phaseOf(migrationSnapshotView(t.persisted)));
    expect(persisted).toEqual(h.transitions.map((t) => t.phase));
    expect([...new Set(persisted)]).toEqual(["queued", "precheck", "reserving", "precopy", "switchover", "releasing", "completed"]);
  });

  it("report the context's percent while running and 100 once over", () => {
    expect(progressOf(view({ precopy: "copying" }, "active", 41.6))).toBe(42);
    expect(progressOf(view("rolledBack", "done", 12))).toBe(100);
  });

  it("put the commit point between the switchover and the release", () => {
    expect(isCommitted(view("switchover"))).toBe(false);
    expect(isCommitted(view({ committed: "releasingSource" }))).toBe(true);
    expect(isCommitted(view("completed", "done"))).toBe(true);
    expect(isCommitted(view("rolledBack", "done"))).toBe(false);
  });

  it("refuse what is not a persisted migration snapshot", () => {
    expect(() => migrationSnapshotView(null)).toThrow(/Not a persisted migration snapshot/);
    expect(() => migrationSnapshotView({ status: "active", value: "queued" })).toThrow(/Not a persisted/);
    expect(() => migrationSnapshotView({ ...view("queued"), value: "teleporting" })).toThrow(/Not a migration state/);
  });

  it("refuse a state value that is not the machine's", () => {
    expect(() => stateOf({ value: "teleporting" })).toThrow(/Not a migration state/);
  });

  it("list every phase once", () => {
    expect(new Set(MIGRATION_PHASES).size).toBe(MIGRATION_PHASES.length);
  });
});

describe("describeRollbackReason", () => {
  it("says what happened in a line", () => {
    expect(describeRollbackReason({ kind: "stepTimedOut", step: "switchover", timeoutMs: 5_000 })).toBe(
      "switchover timed out after 5000 ms",
    );
    expect(describeRollbackReason({ kind: "stepFailed", step: "reserveDestination", message: "no free port" })).toBe(
      "reserveDestination failed: no free port",
    );
    expect(describeRollbackReason({ kind: "cancelled", during: "precopy", message: "operator" })).toBe(
      "cancelled during precopy: operator",
    );
    expect(describeRollbackReason({ kind: "cancelled", during: "queued", message: null })).toBe("cancelled during queued");
  });
});
