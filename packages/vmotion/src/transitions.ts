import { errorMessage, type MigrationContext } from "./context.js";
import type { MigrationPhase } from "./phase.js";
import type { MigrationStep } from "./steps.js";
import { backoffDelayMs, type MigrationTimeouts } from "./timing.js";
import { cancelled, stepFailed, stepTimedOut } from "./updates.js";

// Transitions that several states of the machine share. They refer to the machine's actions,
// guards and actors by name; xstate checks them against its setup where machine.ts uses them.

/** Before the reservation nothing needs undoing; from it on, the destination port is released. */
export type RollbackTarget = "#migration.rolledBack" | "#migration.rollingBack";

/** The step rejected: roll back with its error. */
export const rollBackOnError = (step: MigrationStep, target: RollbackTarget) =>
  ({
    target,
    actions: {
      type: "rollBack",
      params: ({ event }: { event: { error: unknown } }) => ({ reason: stepFailed(step, event.error) }),
    },
  }) as const;

/** The timer invoked next to the step (child "timeout"): it settling first rolls back. */
export const rollBackOnTimeout = (step: MigrationStep, target: RollbackTarget, ms: (t: MigrationTimeouts) => number) =>
  ({
    id: "timeout",
    src: "timer",
    input: ({ context }: { context: MigrationContext }) => ({ ms: ms(context.input.timeouts) }),
    onDone: {
      target,
      actions: {
        type: "rollBack",
        params: ({ context }: { context: MigrationContext }) => ({
          reason: stepTimedOut(step, ms(context.input.timeouts)),
        }),
      },
    },
  }) as const;

export const rollBackOnCancel = (during: MigrationPhase, target: RollbackTarget) =>
  ({
    CANCEL: {
      target,
      actions: {
        type: "rollBack",
        params: ({ event }: { event: { reason?: string } }) => ({ reason: cancelled(during, event.reason) }),
      },
    },
  }) as const;

/** A port release attempt rejected: record why; `attemptFailed` then retries or gives up. */
export const releaseFailed = {
  target: "attemptFailed",
  actions: {
    type: "recordCleanupError",
    params: ({ event }: { event: { error: unknown } }) => ({ message: errorMessage(event.error) }),
  },
} as const;

/** The timer next to a port release attempt: a timeout counts as a failed attempt. */
export const releaseTimeout = {
  id: "timeout",
  src: "timer",
  input: ({ context }: { context: MigrationContext }) => ({ ms: context.input.timeouts.releaseMs }),
  onDone: {
    target: "attemptFailed",
    actions: {
      type: "recordCleanupError",
      params: ({ context }: { context: MigrationContext }) => ({
        message: `timed out after ${context.input.timeouts.releaseMs} ms`,
      }),
    },
  },
} as const;

/**
 * The states after a failed release attempt: another attempt after a backoff while attempts are
 * left, else the end, marking the port as left for its host to clean up.
 */
export const retryOrGiveUp = (
  attempt: "releasingSource" | "releasingDestination",
  giveUp: "#migration.completed" | "#migration.failed",
  pending: "markSourceCleanupPending" | "markDestinationCleanupPending",
) =>
  ({
    attemptFailed: {
      always: [{ guard: "cleanupAttemptsLeft", target: "backoff" }, { target: giveUp, actions: pending }],
    },
    backoff: {
      invoke: {
        id: "backoff",
        src: "timer",
        input: ({ context }: { context: MigrationContext }) => ({
          ms: backoffDelayMs(context.cleanupAttempts, context.input.retry),
        }),
        onDone: attempt,
      },
    },
  }) as const;
