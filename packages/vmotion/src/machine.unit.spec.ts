import { describe, expect, it } from "vitest";
import { isCommitted, migrationSnapshotView, phaseOf } from "./phase.js";
import { RESERVATION, SWITCHOVER_MS } from "./testing/fake-hosts.js";
import { callsTo, INPUT, phasesOf, startMigration } from "./testing/harness.js";

describe("migrationMachine: the happy path", () => {
  it("waits in queued until the scheduler admits it", async () => {
    const h = startMigration({ admit: false });
    await h.run();
    expect(phaseOf(h.actor.getSnapshot())).toBe("queued");
    expect(h.calls).toEqual([]);
    h.actor.send({ type: "ADMIT" });
    await h.run();
    expect(h.outcome().result).toBe("completed");
  });

  it("goes through the phases in order and completes", async () => {
    const h = startMigration();
    await h.run();
    expect(phasesOf(h)).toEqual(["queued", "precheck", "reserving", "precopy", "switchover", "releasing", "completed"]);
    expect(h.calls.map((c) => c.step)).toEqual([
      "precheck",
      "reserveDestination",
      "precopyIteration",
      "precopyIteration",
      "precopyIteration",
      "switchover",
      "releaseSource",
    ]);
  });

  it("gives every step its idempotency key, and pre-copy its iteration", async () => {
    const h = startMigration();
    await h.run();
    expect(h.calls.map((c) => c.key)).toEqual([
      "m-1:precheck",
      "m-1:reserveDestination",
      "m-1:precopyIteration:1",
      "m-1:precopyIteration:2",
      "m-1:precopyIteration:3",
      "m-1:switchover",
      "m-1:releaseSource",
    ]);
    expect(h.calls[0]?.input).toEqual({
      key: "m-1:precheck",
      migrationId: "m-1",
      vm: "web-01",
      source: "esx-01",
      destination: "esx-02",
    });
  });

  it("sends the dirty remainder each iteration until it is below the switchover threshold", async () => {
    const h = startMigration();
    await h.run();
    const sent = callsTo(h, "precopyIteration").map((c) => ("remainingMB" in c.input ? c.input.remainingMB : NaN));
    expect(sent[0]).toBe(4096);
    expect(sent[1]).toBeCloseTo(409.6);
    expect(sent[2]).toBeCloseTo(40.96);
    const switchover = callsTo(h, "switchover")[0]?.input;
    expect(switchover).toMatchObject({ key: "m-1:switchover", reservation: RESERVATION });
    expect(switchover && "remainingMB" in switchover ? switchover.remainingMB : NaN).toBeCloseTo(4.096);
    expect(h.outcome()).toMatchObject({ precopyIterations: 3, precopyStoppedBecause: "converged" });
    expect(h.outcome().precopiedMB).toBeCloseTo(4096 + 409.6 + 40.96);
  });

  it("reports times, the measured stun, the RARP and no rollback", async () => {
    const h = startMigration();
    await h.run();
    const precopyMs = 4096 + 409.6 + 40.96;
    const outcome = h.outcome();
    expect(outcome).toMatchObject({
      migrationId: "m-1",
      vm: "web-01",
      source: "esx-01",
      destination: "esx-02",
      result: "completed",
      startedAt: INPUT.startedAt,
      stunMs: SWITCHOVER_MS,
      rarpSent: true,
      drift: [],
      rollbackReason: null,
      sourceCleanupPending: false,
      destinationCleanupPending: false,
      cleanupErrors: [],
    });
    expect(outcome.totalMs).toBeCloseTo(100 + 50 + precopyMs + SWITCHOVER_MS + 50);
    expect(outcome.endedAt).toBeCloseTo(INPUT.startedAt + outcome.totalMs);
    expect(outcome.committedAt).toBeCloseTo(INPUT.startedAt + 150 + precopyMs + SWITCHOVER_MS);
    expect(outcome.timeline.map((m) => m.phase)).toEqual(phasesOf(h));
  });

  it("takes the stun time and the drift from the switchover's result", async () => {
    const drift = [{ vnic: "Network adapter 1", portGroup: "VM Network", setting: "vlan", source: 10, destination: 20 }];
    const h = startMigration({
      behaviour: { switchover: () => ({ after: 900, value: { stunMs: 120, rarpSent: false, drift } }) },
    });
    await h.run();
    expect(h.outcome()).toMatchObject({ stunMs: 120, rarpSent: false, drift });
  });

  it("reports a progress that only grows, ending at 100", async () => {
    const h = startMigration();
    await h.run();
    const percents = h.transitions.map((t) => t.percent);
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
    expect(percents.at(-1)).toBe(100);
    const precopy = h.transitions.filter((t) => t.phase === "precopy").map((t) => t.percent);
    expect(new Set(precopy).size).toBeGreaterThan(2);
    expect(Math.max(...precopy)).toBeLessThanOrEqual(90);
  });

  it("is committed from the switchover's result on, and only then", async () => {
    const h = startMigration();
    await h.run();
    const committed = h.transitions.map((t) => t.phase === "releasing" || t.phase === "completed");
    const snapshots = h.transitions.map((t) => migrationSnapshotView(t.persisted));
    expect(snapshots.map((s) => isCommitted(s))).toEqual(committed);
    expect(h.transitions.find((t) => t.phase === "releasing")?.value).toBe('{"committed":"releasingSource"}');
  });

  it("switches over after the maximum iterations when the VM dirties memory faster than it is copied", async () => {
    const h = startMigration({ input: { dirtyRateMBps: 1500, maxPrecopyIterations: 4 } });
    await h.run();
    const sent = callsTo(h, "precopyIteration").map((c) => ("remainingMB" in c.input ? c.input.remainingMB : NaN));
    expect(sent).toEqual([4096, 4096, 4096, 4096]);
    expect(h.outcome()).toMatchObject({ result: "completed", precopyIterations: 4, precopyStoppedBecause: "maxIterations" });
    expect(callsTo(h, "switchover")[0]?.input).toMatchObject({ remainingMB: 4096 });
  });

  it("adds what an iteration did not copy to what the VM dirtied", async () => {
    const h = startMigration({
      behaviour: {
        precopyIteration: (input) => ({
          after: 1_000,
          value: { copiedMB: input.remainingMB / 2, durationMs: 1_000, ...(input.iteration === 1 ? {} : { dirtiedMB: 0 }) },
        }),
      },
      input: { maxPrecopyIterations: 20 },
    });
    await h.run();
    const sent = callsTo(h, "precopyIteration").map((c) => ("remainingMB" in c.input ? c.input.remainingMB : NaN));
    expect(sent.slice(0, 3)).toEqual([4096, 2048 + 100, 1074]);
  });
});
