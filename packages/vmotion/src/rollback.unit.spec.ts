import { describe, expect, it } from "vitest";
import { describeRollbackReason } from "./context.js";
import { phaseOf } from "./phase.js";
import { RESERVATION } from "./testing/fake-hosts.js";
import { callsTo, INPUT, phasesOf, startMigration } from "./testing/harness.js";

describe("migrationMachine: failures before the commit point roll back", () => {
  it("a failed precheck names every reason and reserves nothing", async () => {
    const reasons = ["esx-02 has no vMotion-enabled VMkernel NIC", "esx-02 has no port group named \"VM Network\""];
    const h = startMigration({ behaviour: { precheck: () => ({ after: 10, value: reasons }) } });
    await h.run();
    expect(h.outcome()).toMatchObject({ result: "rolledBack", rollbackReason: { kind: "precheckFailed", reasons } });
    expect(describeRollbackReason(h.outcome().rollbackReason ?? { kind: "precheckFailed", reasons: [] })).toBe(
      `precheck failed: ${reasons.join("; ")}`,
    );
    expect(h.calls.map((c) => c.step)).toEqual(["precheck"]);
    expect(phasesOf(h)).toEqual(["queued", "precheck", "rolledBack"]);
  });

  it("a precheck that throws rolls back with its error", async () => {
    const h = startMigration({ behaviour: { precheck: () => ({ fail: "esx-02 is not connected" }) } });
    await h.run();
    expect(h.outcome().rollbackReason).toEqual({ kind: "stepFailed", step: "precheck", message: "esx-02 is not connected" });
    expect(callsTo(h, "releaseDestination")).toEqual([]);
  });

  it("a failed reservation releases whatever the destination may have made, by key", async () => {
    const h = startMigration({ behaviour: { reserveDestination: () => ({ after: 10, fail: "no free port on dvs-01" }) } });
    await h.run();
    expect(h.outcome()).toMatchObject({
      result: "rolledBack",
      rollbackReason: { kind: "stepFailed", step: "reserveDestination", message: "no free port on dvs-01" },
      committedAt: null,
    });
    expect(callsTo(h, "releaseDestination").map((c) => c.input)).toEqual([
      { ...keyed("releaseDestination"), attempt: 1, reservation: null, switchoverAttempted: false },
    ]);
    expect(phasesOf(h)).toEqual(["queued", "precheck", "reserving", "rollingBack", "rolledBack"]);
  });

  it("a failed pre-copy iteration releases the reserved port; the VM stays on the source", async () => {
    const h = startMigration({
      behaviour: {
        precopyIteration: (input) =>
          input.iteration === 2
            ? { after: 5, fail: "vmk1 unreachable" }
            : { after: 100, value: { copiedMB: input.remainingMB, durationMs: 100, dirtiedMB: 500 } },
      },
    });
    await h.run();
    expect(h.outcome()).toMatchObject({
      result: "rolledBack",
      rollbackReason: { kind: "stepFailed", step: "precopyIteration", message: "vmk1 unreachable" },
      precopyIterations: 1,
      stunMs: null,
    });
    expect(callsTo(h, "releaseDestination")[0]?.input).toMatchObject({ reservation: RESERVATION, switchoverAttempted: false });
    expect(callsTo(h, "switchover")).toEqual([]);
  });

  it("a failed switchover rolls back: not committed, the destination released, told the switchover was tried", async () => {
    const h = startMigration({ behaviour: { switchover: () => ({ after: 200, fail: "destination could not resume the VM" }) } });
    await h.run();
    expect(h.outcome()).toMatchObject({
      result: "rolledBack",
      rollbackReason: { kind: "stepFailed", step: "switchover", message: "destination could not resume the VM" },
      committedAt: null,
    });
    expect(callsTo(h, "releaseDestination")[0]?.input).toMatchObject({ reservation: RESERVATION, switchoverAttempted: true });
    expect(callsTo(h, "releaseSource")).toEqual([]);
  });

  it("runs every step that has no implementation as a failure", async () => {
    const { migrationMachine } = await import("./machine.js");
    const { createActor, SimulatedClock } = await import("xstate");
    const actor = createActor(migrationMachine, { input: INPUT, clock: new SimulatedClock() }).start();
    actor.send({ type: "ADMIT" });
    await new Promise((resolve) => setImmediate(resolve));
    expect(actor.getSnapshot().output?.rollbackReason).toEqual({
      kind: "stepFailed",
      step: "precheck",
      message: 'vMotion step "precheck" has no implementation: provide it',
    });
  });
});

describe("migrationMachine: steps that time out roll back", () => {
  const cases = [
    { step: "precheck", timeoutMs: INPUT.timeouts.precheckMs, released: false },
    { step: "reserveDestination", timeoutMs: INPUT.timeouts.reserveMs, released: true },
    { step: "precopyIteration", timeoutMs: INPUT.timeouts.precopyIterationMs, released: true },
    { step: "switchover", timeoutMs: INPUT.timeouts.switchoverMs, released: true },
  ] as const;

  for (const { step, timeoutMs, released } of cases) {
    it(`${step} hanging for ${timeoutMs} ms`, async () => {
      const h = startMigration({ behaviour: { [step]: () => ({ hang: true }) } });
      await h.run();
      const call = callsTo(h, step)[0];
      expect(h.outcome()).toMatchObject({ result: "rolledBack", rollbackReason: { kind: "stepTimedOut", step, timeoutMs } });
      expect(h.outcome().timeline.find((m) => m.phase === "rollingBack" || m.phase === "rolledBack")?.at).toBe(
        (call?.at ?? NaN) + timeoutMs,
      );
      expect(callsTo(h, "releaseDestination").length).toBe(released ? 1 : 0);
    });
  }

  it("a pre-copy iteration's timeout is per iteration, not for the whole pre-copy", async () => {
    const h = startMigration({ input: { timeouts: { ...INPUT.timeouts, precopyIterationMs: 4_500 } } });
    await h.run();
    expect(h.outcome()).toMatchObject({ result: "completed", precopyIterations: 3 });
  });
});

describe("migrationMachine: CANCEL", () => {
  it("while queued ends it at once", async () => {
    const h = startMigration({ admit: false });
    h.actor.send({ type: "CANCEL", reason: "operator" });
    await h.run();
    expect(h.outcome()).toMatchObject({
      result: "rolledBack",
      rollbackReason: { kind: "cancelled", during: "queued", message: "operator" },
    });
    expect(h.calls).toEqual([]);
  });

  it("during pre-copy stops copying and releases the destination", async () => {
    const h = startMigration();
    await h.runUntil((s) => s.context.precopy.iterations.length === 1);
    h.actor.send({ type: "CANCEL" });
    await h.run();
    expect(h.outcome()).toMatchObject({
      result: "rolledBack",
      rollbackReason: { kind: "cancelled", during: "precopy", message: null },
    });
    expect(callsTo(h, "precopyIteration")).toHaveLength(2);
    expect(callsTo(h, "releaseDestination")).toHaveLength(1);
    expect(callsTo(h, "switchover")).toEqual([]);
  });

  it("during the switchover rolls back", async () => {
    const h = startMigration();
    await h.runUntil((s) => s.matches("switchover"));
    h.actor.send({ type: "CANCEL" });
    await h.run();
    expect(h.outcome()).toMatchObject({ result: "rolledBack", committedAt: null, rollbackReason: { during: "switchover" } });
    expect(callsTo(h, "releaseDestination")[0]?.input).toMatchObject({ switchoverAttempted: true });
  });

  it("after the commit is ignored: the migration rolls forward", async () => {
    const h = startMigration();
    await h.runUntil((s) => s.matches("committed"));
    h.actor.send({ type: "CANCEL", reason: "too late" });
    expect(phaseOf(h.actor.getSnapshot())).toBe("releasing");
    await h.run();
    expect(h.outcome()).toMatchObject({ result: "completed", rollbackReason: null });
    expect(callsTo(h, "releaseDestination")).toEqual([]);
  });

  it("while rolling back is ignored", async () => {
    const h = startMigration({ behaviour: { reserveDestination: () => ({ fail: "no free port" }) } });
    await h.runUntil((s) => s.matches("rollingBack"));
    h.actor.send({ type: "CANCEL" });
    await h.run();
    expect(h.outcome().rollbackReason).toMatchObject({ kind: "stepFailed", step: "reserveDestination" });
  });
});

function keyed(step: string) {
  return { key: `m-1:${step}`, migrationId: "m-1", vm: "web-01", source: "esx-01", destination: "esx-02" };
}
