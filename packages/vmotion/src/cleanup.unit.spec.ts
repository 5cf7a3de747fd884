import { describe, expect, it } from "vitest";
import { callsTo, INPUT, phasesOf, startMigration } from "./testing/harness.js";

// INPUT.retry: 3 attempts, backoff 1 s then 2 s (base 1 s, doubling, at most 10 s); releaseMs 2 s.

describe("migrationMachine: after the commit the migration rolls forward", () => {
  it("retries a failed source release with backoff, under the same key", async () => {
    const h = startMigration({
      behaviour: {
        releaseSource: (input) =>
          input.attempt < 3 ? { after: 10, fail: "esx-01 not responding" } : { after: 10, value: undefined },
      },
    });
    await h.run();
    const attempts = callsTo(h, "releaseSource");
    expect(attempts.map((c) => c.input)).toEqual([1, 2, 3].map((attempt) => ({ ...keyed("releaseSource"), attempt })));
    const first = attempts[0]?.at ?? NaN;
    expect(attempts.map((c) => c.at - first)).toEqual([0, 10 + 1_000, 10 + 1_000 + 10 + 2_000]);
    expect(h.outcome()).toMatchObject({
      result: "completed",
      sourceCleanupPending: false,
      cleanupErrors: ["attempt 1: esx-01 not responding", "attempt 2: esx-01 not responding"],
    });
  });

  it("gives up after the last attempt: completed, the source port left for its host to clean up", async () => {
    const h = startMigration({ behaviour: { releaseSource: () => ({ after: 10, fail: "esx-01 is down" }) } });
    await h.run();
    expect(callsTo(h, "releaseSource")).toHaveLength(INPUT.retry.maxAttempts);
    expect(h.outcome()).toMatchObject({ result: "completed", sourceCleanupPending: true, rollbackReason: null });
    expect(h.outcome().committedAt).not.toBeNull();
    expect(callsTo(h, "releaseDestination")).toEqual([]);
    expect(phasesOf(h)).toEqual(["queued", "precheck", "reserving", "precopy", "switchover", "releasing", "completed"]);
  });

  it("counts a release that times out as a failed attempt", async () => {
    const h = startMigration({ behaviour: { releaseSource: () => ({ hang: true }) } });
    await h.run();
    const attempts = callsTo(h, "releaseSource");
    const first = attempts[0]?.at ?? NaN;
    expect(attempts.map((c) => c.at - first)).toEqual([0, 2_000 + 1_000, 2_000 + 1_000 + 2_000 + 2_000]);
    expect(h.outcome()).toMatchObject({
      result: "completed",
      sourceCleanupPending: true,
      cleanupErrors: [1, 2, 3].map((n) => `attempt ${n}: timed out after 2000 ms`),
    });
  });

  it("caps the backoff at maxDelayMs", async () => {
    const h = startMigration({
      input: { retry: { maxAttempts: 5, baseDelayMs: 1_000, maxDelayMs: 3_000 } },
      behaviour: { releaseSource: () => ({ fail: "down" }) },
    });
    await h.run();
    const at = callsTo(h, "releaseSource").map((c) => c.at);
    expect(at.slice(1).map((t, i) => t - (at[i] ?? NaN))).toEqual([1_000, 2_000, 3_000, 3_000]);
  });
});

describe("migrationMachine: the rollback retries its release too", () => {
  it("retries the destination release and ends rolledBack once it succeeds", async () => {
    const h = startMigration({
      behaviour: {
        switchover: () => ({ fail: "stun failed" }),
        releaseDestination: (input) => (input.attempt === 1 ? { fail: "esx-02 busy" } : { after: 5, value: undefined }),
      },
    });
    await h.run();
    expect(callsTo(h, "releaseDestination").map((c) => [c.key, "attempt" in c.input ? c.input.attempt : 0])).toEqual([
      ["m-1:releaseDestination", 1],
      ["m-1:releaseDestination", 2],
    ]);
    expect(h.outcome()).toMatchObject({
      result: "rolledBack",
      destinationCleanupPending: false,
      cleanupErrors: ["attempt 1: esx-02 busy"],
    });
  });

  it("ends failed, the VM still on the source, when the destination port cannot be released", async () => {
    const h = startMigration({
      behaviour: { switchover: () => ({ fail: "stun failed" }), releaseDestination: () => ({ hang: true }) },
    });
    await h.run();
    expect(callsTo(h, "releaseDestination")).toHaveLength(INPUT.retry.maxAttempts);
    expect(h.outcome()).toMatchObject({
      result: "failed",
      committedAt: null,
      destinationCleanupPending: true,
      sourceCleanupPending: false,
      rollbackReason: { kind: "stepFailed", step: "switchover", message: "stun failed" },
    });
    expect(phasesOf(h)).toEqual(["queued", "precheck", "reserving", "precopy", "switchover", "rollingBack", "failed"]);
  });
});

function keyed(step: string) {
  return { key: `m-1:${step}`, migrationId: "m-1", vm: "web-01", source: "esx-01", destination: "esx-02" };
}
