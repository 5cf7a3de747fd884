import type { MigrationContext } from "./context.js";
import { MIGRATION_STATES, type MigrationPhase, type MigrationState } from "./phase-names.js";

export { MIGRATION_PHASES, MIGRATION_STATES } from "./phase-names.js";
export type { MigrationPhase, MigrationState } from "./phase-names.js";

/** What phaseOf and progressOf read: a live snapshot, or a persisted one parsed back from JSON. */
export interface MigrationSnapshotView {
  readonly status: "active" | "done" | "error" | "stopped";
  readonly value: string | { readonly [state: string]: unknown };
  readonly context: MigrationContext;
}

const STATUSES: readonly string[] = ["active", "done", "error", "stopped"];

/** A persisted snapshot read back from the event log, checked enough for phaseOf and progressOf. */
export function migrationSnapshotView(persisted: unknown): MigrationSnapshotView {
  const p = persisted as Partial<Record<keyof MigrationSnapshotView, unknown>> | null;
  const fits =
    typeof p === "object" &&
    p !== null &&
    typeof p.status === "string" &&
    STATUSES.includes(p.status) &&
    (typeof p.value === "string" || (typeof p.value === "object" && p.value !== null)) &&
    typeof p.context === "object" &&
    p.context !== null &&
    "input" in p.context;
  if (!fits) throw new Error("Not a persisted migration snapshot");
  const view = persisted as MigrationSnapshotView;
  stateOf(view);
  return view;
}

export function stateOf(snapshot: Pick<MigrationSnapshotView, "value">): MigrationState {
  const top = typeof snapshot.value === "string" ? snapshot.value : Object.keys(snapshot.value)[0];
  const state = MIGRATION_STATES.find((s) => s === top);
  if (state === undefined) throw new Error(`Not a migration state: ${JSON.stringify(snapshot.value)}`);
  return state;
}

export function phaseOf(snapshot: MigrationSnapshotView): MigrationPhase {
  if (snapshot.status === "error") return "failed";
  const state = stateOf(snapshot);
  return state === "committed" ? "releasing" : state;
}

/** 0..100 for a progress bar; 100 once the migration is over, whichever way it ended. */
export function progressOf(snapshot: MigrationSnapshotView): number {
  if (snapshot.status === "done") return 100;
  return Math.round(snapshot.context.percent);
}

/**
 * Which side of the commit point the migration is on. Past it the destination owns the VM and
 * the migration only rolls forward; before it, any failure rolls back.
 */
export function isCommitted(snapshot: MigrationSnapshotView): boolean {
  const state = stateOf(snapshot);
  return state === "committed" || state === "completed";
}

/** The percent at which each phase starts; pre-copy fills the span up to the switchover. */
export const PHASE_PERCENT: Readonly<Record<MigrationPhase, number>> = {
  queued: 0,
  precheck: 2,
  reserving: 5,
  precopy: 10,
  switchover: 90,
  releasing: 95,
  completed: 100,
  rollingBack: 0,
  rolledBack: 100,
  failed: 100,
};
