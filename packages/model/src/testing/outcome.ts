import type { MigrationOutcome } from "../migration/outcome.js";

/** A migration's outcome for tests: a completed one of m1 (web-01, esx-01 -> esx-02), with `over` set. */
export function outcomeOf(over: Partial<MigrationOutcome> = {}): MigrationOutcome {
  return {
    migrationId: "m1",
    vm: "web-01",
    source: "esx-01",
    destination: "esx-02",
    result: "completed",
    startedAt: 0,
    endedAt: 900,
    totalMs: 900,
    timeline: [],
    precopyIterations: 1,
    precopiedMB: 1024,
    precopyStoppedBecause: "converged",
    stunMs: 5,
    rarpSent: true,
    committedAt: 890,
    drift: [],
    rollbackReason: null,
    sourceCleanupPending: false,
    destinationCleanupPending: false,
    cleanupErrors: [],
    ...over,
  };
}
