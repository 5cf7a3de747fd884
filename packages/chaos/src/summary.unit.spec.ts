import { describe, expect, it } from "vitest";
import type { CheckReport, History, HistoryEntry } from "@vdsim/checker";
import type { MigrationSummary } from "@vdsim/client";
import { formatSummary, summarize } from "./summary.js";
import { classify } from "./workload.js";
import { RemoteError } from "@vdsim/client";

const op = (id: number, outcome: "ok" | "fail" | "info", migrations?: string[]): HistoryEntry => ({
  type: "op",
  id,
  kind: migrations ? "migrate" : "vm-create",
  args: {},
  invokedAt: 0,
  completedAt: 1,
  outcome,
  ...(migrations ? { migrations } : {}),
});

const history: History = {
  seed: "s",
  startedAt: 1_000,
  endedAt: 31_000,
  entries: [
    op(1, "ok"),
    op(2, "fail"),
    op(3, "info"),
    op(4, "ok", ["m1", "m2"]),
    { type: "fault", kind: "kill", target: "esx-01", startedAt: 2_000, healedAt: 3_000 },
    { type: "fault", kind: "kill", target: "esx-02", startedAt: 5_000, healedAt: 6_000 },
    { type: "fault", kind: "pause", target: "esx-02", startedAt: 8_000, healedAt: 9_000 },
    { type: "flow", name: "f", from: "a", to: "b", pps: 50, startedAt: 1_000, stoppedAt: 30_000, sent: 100, received: 90, lost: 10, longestGapMs: 20, migrated: false },
    { type: "convergence", host: "esx-01", after: "kill", healedAt: 3_000, convergedAt: 3_200 },
    { type: "convergence", host: "esx-02", after: "kill", healedAt: 6_000, convergedAt: 6_050 },
    { type: "convergence", host: "esx-03", after: "pause", healedAt: 6_000 },
    { type: "convergence", host: "esx-01", after: "run", healedAt: 30_000, convergedAt: 30_010 },
    { type: "convergence", host: "esx-02", after: "run", healedAt: 30_000, convergedAt: 30_030 },
  ],
};
const migration = (id: string, result: MigrationSummary["result"]): MigrationSummary => ({ id, vm: "v", source: "a", destination: "b", memoryMB: 1, dirtyRateMBps: 1, phase: "", progress: 0, reservation: null, committed: false, result, outcome: null });
const report = (ok: boolean): CheckReport => ({ ok, invariants: [{ name: "acknowledged-commands-logged", ok, evaluated: true, detail: "" }], figures: {} });

describe("the run's summary", () => {
  it("counts operations by outcome, migrations by result, faults by kind, convergence and lost frames", () => {
    const s = summarize(history, [migration("m1", "completed"), migration("m2", "rolledBack")], report(true));
    expect(s.ops).toEqual({ tried: 4, ok: 2, failed: 1, unknown: 1 });
    expect(s.migrations).toEqual({ tried: 2, completed: 1, rolledBack: 1, failed: 0 });
    expect(s.faults).toEqual({ kill: 2, pause: 1 });
    // the run's end is reported apart: by then hosts have long caught up, and would hide the faults' figures
    expect(s.convergence).toEqual({ hosts: 3, notConverged: 1, p50Ms: 50, p99Ms: 200, atEnd: { hosts: 2, maxMs: 30 } });
    expect(s.frames).toEqual({ sent: 100, lost: 10 });
    expect(s.durationMs).toBe(30_000);
    const text = formatSummary(s);
    expect(text).toMatch(/operations +4 tried: 2 ok, 1 failed, 1 unknown/);
    expect(text).toMatch(/convergence 3 after host faults: p50 50 ms, p99 200 ms; 2 hosts at the run's end within 30 ms; 1 did not converge/);
    expect(text).toMatch(/checker +ok/);
  });

  it("names the violated invariants", () => {
    const s = summarize(history, [], report(false));
    expect(s.ok).toBe(false);
    expect(formatSummary(s)).toMatch(/checker +VIOLATED: acknowledged-commands-logged/);
  });
});

describe("an operation's outcome", () => {
  it("is a failure on a refusal with a reason, unknown on silence or an internal error", () => {
    expect(classify(new RemoteError("BAD_REQUEST", "Virtual machine x not found"))).toBe("fail");
    expect(classify(new RemoteError("CONFLICT", "busy"))).toBe("fail");
    expect(classify(new RemoteError("NOT_RESPONDING", "management service is not responding"))).toBe("info");
    expect(classify(new RemoteError("INTERNAL", "boom"))).toBe("info");
    expect(classify(new Error("connection closed"))).toBe("info");
  });
});
