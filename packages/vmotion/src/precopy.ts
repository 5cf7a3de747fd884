import type { PrecopyIterationResult } from "./steps.js";

/** Why pre-copy stopped and the switchover began. */
export type PrecopyStopReason = "converged" | "maxIterations";

export type PrecopyDecision =
  | { readonly next: "iterate"; readonly remainingMB: number }
  | { readonly next: "switchover"; readonly remainingMB: number; readonly because: PrecopyStopReason };

export interface PrecopyLimits {
  readonly switchoverThresholdMB: number;
  readonly maxPrecopyIterations: number;
}

/** What pre-copy stands at once an iteration is over. */
export interface PrecopyStanding {
  /** iterations completed, the last one included */
  readonly iterations: number;
  /** the dirty remainder left to send */
  readonly remainingMB: number;
}

/**
 * After each iteration: copy the remainder again, or switch over because the remainder is small
 * enough to send while the VM is stunned, or because the iterations ran out (vSphere then stuns
 * the VM during the page send rather than pre-copying forever).
 */
export function nextPrecopyStep(standing: PrecopyStanding, limits: PrecopyLimits): PrecopyDecision {
  const { iterations, remainingMB } = standing;
  if (remainingMB <= limits.switchoverThresholdMB) return { next: "switchover", remainingMB, because: "converged" };
  if (iterations >= limits.maxPrecopyIterations) return { next: "switchover", remainingMB, because: "maxIterations" };
  return { next: "iterate", remainingMB };
}

export interface VmMemory {
  readonly memoryMB: number;
  readonly dirtyRateMBps: number;
}

/**
 * The remainder after an iteration: what it did not copy, plus what the VM dirtied meanwhile
 * (measured, or the dirty rate over the iteration's duration), never more than the VM's memory.
 */
export function remainderAfter(sentMB: number, result: PrecopyIterationResult, vm: VmMemory): number {
  const uncopied = Math.max(0, sentMB - result.copiedMB);
  const dirtied = result.dirtiedMB ?? (vm.dirtyRateMBps * result.durationMs) / 1_000;
  return Math.min(vm.memoryMB, uncopied + dirtied);
}

export interface PrecopyModelInput extends VmMemory {
  readonly remainingMB: number;
  readonly bandwidthMBps: number;
}

/**
 * The model of one iteration: send `remainingMB` at `bandwidthMBps`, taking remaining / bandwidth
 * seconds, while the VM dirties dirtyRate * duration MB (capped at its memory). A simulated host
 * copies this way; tests use it for fake actors.
 */
export function modelPrecopyIteration(input: PrecopyModelInput): Required<PrecopyIterationResult> {
  const durationMs = (input.remainingMB / input.bandwidthMBps) * 1_000;
  const dirtiedMB = Math.min(input.memoryMB, (input.dirtyRateMBps * durationMs) / 1_000);
  return { copiedMB: input.remainingMB, durationMs, dirtiedMB };
}

/**
 * How far pre-copy has come, 0..1: the larger of the share of iterations used and the share of
 * memory no longer dirty, so it moves whether the VM converges or runs into the iteration limit.
 */
export function precopyFraction(standing: PrecopyStanding, limits: PrecopyLimits, memoryMB: number): number {
  const byIterations = standing.iterations / limits.maxPrecopyIterations;
  const byMemory = memoryMB > 0 ? 1 - standing.remainingMB / memoryMB : 1;
  return Math.min(1, Math.max(0, byIterations, byMemory));
}
