import { errorMessage, type MigrationContext, type PrecopyIterationReport, type RollbackReason } from "./context.js";
import { PHASE_PERCENT, type MigrationPhase } from "./phase.js";
import { nextPrecopyStep, precopyFraction, remainderAfter } from "./precopy.js";
import {
  stepKey,
  type DestinationReservation,
  type MigrationStep,
  type PrecopyIterationInput,
  type PrecopyIterationResult,
  type ReleaseDestinationInput,
  type ReleaseSourceInput,
  type StepInput,
  type SwitchoverInput,
  type SwitchoverResult,
} from "./steps.js";

// The machine's context updates and step inputs, as pure functions of the context.

const NO_RESERVATION: DestinationReservation = { ports: [] };

export function stepInputOf(context: MigrationContext, step: MigrationStep, iteration?: number): StepInput {
  const { migrationId, vm, source, destination } = context.input;
  return { key: stepKey(migrationId, step, iteration), migrationId, vm, source, destination };
}

/** The iteration about to run is the one after those recorded. */
export function precopyInputOf(context: MigrationContext): PrecopyIterationInput {
  const iteration = context.precopy.iterations.length + 1;
  const { memoryMB, dirtyRateMBps, bandwidthMBps } = context.input;
  return {
    ...stepInputOf(context, "precopyIteration", iteration),
    iteration,
    remainingMB: context.precopy.remainingMB,
    memoryMB,
    dirtyRateMBps,
    bandwidthMBps,
    reservation: context.reservation ?? NO_RESERVATION,
  };
}

export function switchoverInputOf(context: MigrationContext): SwitchoverInput {
  return {
    ...stepInputOf(context, "switchover"),
    reservation: context.reservation ?? NO_RESERVATION,
    remainingMB: context.precopy.remainingMB,
  };
}

export function releaseSourceInputOf(context: MigrationContext): ReleaseSourceInput {
  return { ...stepInputOf(context, "releaseSource"), attempt: context.cleanupAttempts };
}

export function releaseDestinationInputOf(context: MigrationContext): ReleaseDestinationInput {
  return {
    ...stepInputOf(context, "releaseDestination"),
    attempt: context.cleanupAttempts,
    reservation: context.reservation,
    switchoverAttempted: context.switchoverStartedAt !== null,
  };
}

export function enteredPhase(context: MigrationContext, phase: MigrationPhase, now: number): Partial<MigrationContext> {
  return {
    timeline: [...context.timeline, { phase, at: now }],
    percent: Math.max(context.percent, PHASE_PERCENT[phase]),
  };
}

/** Records an iteration and, through nextPrecopyStep, whether pre-copy is over. */
export function afterPrecopyIteration(context: MigrationContext, result: PrecopyIterationResult): Partial<MigrationContext> {
  const { input, precopy } = context;
  const sentMB = precopy.remainingMB;
  const report: PrecopyIterationReport = {
    iteration: precopy.iterations.length + 1,
    sentMB,
    copiedMB: result.copiedMB,
    durationMs: result.durationMs,
    remainingMB: remainderAfter(sentMB, result, input),
  };
  const standing = { iterations: report.iteration, remainingMB: report.remainingMB };
  const decision = nextPrecopyStep(standing, input);
  const span = PHASE_PERCENT.switchover - PHASE_PERCENT.precopy;
  return {
    precopy: {
      remainingMB: decision.remainingMB,
      iterations: [...precopy.iterations, report],
      stoppedBecause: decision.next === "switchover" ? decision.because : null,
    },
    percent: Math.max(context.percent, PHASE_PERCENT.precopy + span * precopyFraction(standing, input, input.memoryMB)),
  };
}

/** The commit: the destination owns the VM from here on. */
export function committed(context: MigrationContext, result: SwitchoverResult, now: number): Partial<MigrationContext> {
  const measured = now - (context.switchoverStartedAt ?? now);
  return {
    committedAt: now,
    switchover: { stunMs: result.stunMs ?? measured, rarpSent: result.rarpSent, drift: result.drift },
  };
}

export const stepFailed = (step: MigrationStep, error: unknown): RollbackReason => ({
  kind: "stepFailed",
  step,
  message: errorMessage(error),
});

export const stepTimedOut = (step: MigrationStep, timeoutMs: number): RollbackReason => ({
  kind: "stepTimedOut",
  step,
  timeoutMs,
});

export const cancelled = (during: MigrationPhase, message: string | undefined): RollbackReason => ({
  kind: "cancelled",
  during,
  message: message ?? null,
});
