import type { MigrationInput } from "./input.js";
import type { MigrationPhase } from "./phase-names.js";
import type { PrecopyStopReason } from "./precopy.js";
import type { DestinationReservation, MigrationStep, PortDrift } from "./steps.js";

/** Why a migration rolled back (or, for "failed", why it was rolling back). */
export type RollbackReason =
  | { readonly kind: "precheckFailed"; readonly reasons: readonly string[] }
  | { readonly kind: "stepFailed"; readonly step: MigrationStep; readonly message: string }
  | { readonly kind: "stepTimedOut"; readonly step: MigrationStep; readonly timeoutMs: number }
  | { readonly kind: "cancelled"; readonly during: MigrationPhase; readonly message: string | null };

export type MigrationResult = "completed" | "rolledBack" | "failed";

export interface PhaseMark {
  readonly phase: MigrationPhase;
  readonly at: number;
}

export interface PrecopyIterationReport {
  readonly iteration: number;
  /** the remainder this iteration was asked to send */
  readonly sentMB: number;
  readonly copiedMB: number;
  readonly durationMs: number;
  /** the remainder it left behind */
  readonly remainingMB: number;
}

export interface SwitchoverReport {
  readonly stunMs: number;
  readonly rarpSent: boolean;
  readonly drift: readonly PortDrift[];
}

/** The machine's context: plain data, persisted with every snapshot. */
export interface MigrationContext {
  readonly input: MigrationInput;
  /** 0..100, never going back */
  readonly percent: number;
  /** when each phase was entered */
  readonly timeline: readonly PhaseMark[];
  readonly reservation: DestinationReservation | null;
  readonly precopy: {
    readonly remainingMB: number;
    readonly iterations: readonly PrecopyIterationReport[];
    readonly stoppedBecause: PrecopyStopReason | null;
  };
  readonly switchoverStartedAt: number | null;
  readonly switchover: SwitchoverReport | null;
  /** set by the commit transition: non-null exactly when the destination owns the VM */
  readonly committedAt: number | null;
  /** attempts of the port release in progress (source after the commit, destination on rollback) */
  readonly cleanupAttempts: number;
  readonly cleanupErrors: readonly string[];
  readonly rollbackReason: RollbackReason | null;
  readonly sourceCleanupPending: boolean;
  readonly destinationCleanupPending: boolean;
  readonly result: MigrationResult | null;
  readonly endedAt: number | null;
}

/** What a finished migration reports (the machine's output). */
export interface MigrationOutcome {
  readonly migrationId: string;
  readonly vm: string;
  readonly source: string;
  readonly destination: string;
  readonly result: MigrationResult;
  readonly startedAt: number;
  readonly endedAt: number;
  readonly totalMs: number;
  readonly timeline: readonly PhaseMark[];
  readonly precopyIterations: number;
  readonly precopiedMB: number;
  readonly precopyStoppedBecause: PrecopyStopReason | null;
  readonly stunMs: number | null;
  readonly rarpSent: boolean;
  readonly committedAt: number | null;
  readonly drift: readonly PortDrift[];
  readonly rollbackReason: RollbackReason | null;
  readonly sourceCleanupPending: boolean;
  readonly destinationCleanupPending: boolean;
  readonly cleanupErrors: readonly string[];
}

export function initialContext(input: MigrationInput): MigrationContext {
  return {
    input,
    percent: 0,
    timeline: [],
    reservation: null,
    precopy: { remainingMB: input.memoryMB, iterations: [], stoppedBecause: null },
    switchoverStartedAt: null,
    switchover: null,
    committedAt: null,
    cleanupAttempts: 0,
    cleanupErrors: [],
    rollbackReason: null,
    sourceCleanupPending: false,
    destinationCleanupPending: false,
    result: null,
    endedAt: null,
  };
}

export function outcomeOf(context: MigrationContext): MigrationOutcome {
  const { input } = context;
  const endedAt = context.endedAt ?? input.startedAt;
  return {
    migrationId: input.migrationId,
    vm: input.vm,
    source: input.source,
    destination: input.destination,
    result: context.result ?? "failed",
    startedAt: input.startedAt,
    endedAt,
    totalMs: endedAt - input.startedAt,
    timeline: context.timeline,
    precopyIterations: context.precopy.iterations.length,
    precopiedMB: context.precopy.iterations.reduce((sum, it) => sum + it.copiedMB, 0),
    precopyStoppedBecause: context.precopy.stoppedBecause,
    stunMs: context.switchover?.stunMs ?? null,
    rarpSent: context.switchover?.rarpSent ?? false,
    committedAt: context.committedAt,
    drift: context.switchover?.drift ?? [],
    rollbackReason: context.rollbackReason,
    sourceCleanupPending: context.sourceCleanupPending,
    destinationCleanupPending: context.destinationCleanupPending,
    cleanupErrors: context.cleanupErrors,
  };
}

export function describeRollbackReason(reason: RollbackReason): string {
  switch (reason.kind) {
    case "precheckFailed":
      return `precheck failed: ${reason.reasons.join("; ")}`;
    case "stepFailed":
      return `${reason.step} failed: ${reason.message}`;
    case "stepTimedOut":
      return `${reason.step} timed out after ${reason.timeoutMs} ms`;
    case "cancelled":
      return `cancelled during ${reason.during}${reason.message ? `: ${reason.message}` : ""}`;
  }
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return typeof error === "string" ? error : JSON.stringify(error) ?? String(error);
}
