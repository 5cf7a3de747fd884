import { assign, setup, type ActorRefFrom, type SnapshotFrom } from "xstate";
import {
  initialContext,
  outcomeOf,
  type MigrationContext,
  type MigrationOutcome,
  type MigrationResult,
  type RollbackReason,
} from "./context.js";
import type { MigrationInput } from "./input.js";
import type { MigrationPhase } from "./phase.js";
import { migrationActors, UNPROVIDED_STEPS } from "./steps.js";
import { nowOf, timer } from "./timing.js";
import {
  releaseFailed,
  releaseTimeout,
  retryOrGiveUp,
  rollBackOnCancel,
  rollBackOnError,
  rollBackOnTimeout,
} from "./transitions.js";
import {
  afterPrecopyIteration,
  committed,
  enteredPhase,
  precopyInputOf,
  releaseDestinationInputOf,
  releaseSourceInputOf,
  stepInputOf,
  switchoverInputOf,
} from "./updates.js";

export type MigrationEvent =
  /** the scheduler gave the migration a slot on both hosts */
  | { readonly type: "ADMIT" }
  /** rolls back before the commit point; ignored after it */
  | { readonly type: "CANCEL"; readonly reason?: string };

/**
 * One vMotion. Every state that does work invokes its step (child "step") next to a timer
 * (child "timeout"); whichever settles first decides. The switchover resolving is the commit
 * point: the transition into `committed` records it, so any persisted snapshot says which side
 * of it the migration is on. Before it, failure, timeout or CANCEL rolls back; after it, the
 * migration rolls forward.
 */
export const migrationMachine = setup({
  types: {
    input: {} as MigrationInput,
    context: {} as MigrationContext,
    events: {} as MigrationEvent,
    output: {} as MigrationOutcome,
  },
  actors: { ...migrationActors(UNPROVIDED_STEPS), timer },
  guards: {
    precopyOver: ({ context }) => context.precopy.stoppedBecause !== null,
    cleanupAttemptsLeft: ({ context }) => context.cleanupAttempts < context.input.retry.maxAttempts,
  },
  actions: {
    enterPhase: assign(({ context, system }, params: { phase: MigrationPhase }) =>
      enteredPhase(context, params.phase, nowOf(system)),
    ),
    rollBack: assign((_, params: { reason: RollbackReason }) => ({ rollbackReason: params.reason })),
    startSwitchover: assign(({ system }) => ({ switchoverStartedAt: nowOf(system) })),
    startCleanup: assign({ cleanupAttempts: 0 }),
    countCleanupAttempt: assign(({ context }) => ({ cleanupAttempts: context.cleanupAttempts + 1 })),
    recordCleanupError: assign(({ context }, params: { message: string }) => ({
      cleanupErrors: [...context.cleanupErrors, `attempt ${context.cleanupAttempts}: ${params.message}`],
    })),
    markSourceCleanupPending: assign({ sourceCleanupPending: true }),
    markDestinationCleanupPending: assign({ destinationCleanupPending: true }),
    finish: assign(({ context, system }, params: { result: MigrationResult }) => ({
      ...enteredPhase(context, params.result, nowOf(system)),
      result: params.result,
      endedAt: nowOf(system),
    })),
  },
}).createMachine({
  id: "migration",
  context: ({ input }) => initialContext(input),
  output: ({ context }) => outcomeOf(context),
  initial: "queued",
  states: {
    queued: {
      entry: { type: "enterPhase", params: { phase: "queued" } },
      on: {
        ADMIT: "precheck",
        ...rollBackOnCancel("queued", "#migration.rolledBack"),
      },
    },
    precheck: {
      entry: { type: "enterPhase", params: { phase: "precheck" } },
      invoke: [
        {
          id: "step",
          src: "precheck",
          input: ({ context }) => stepInputOf(context, "precheck"),
          onDone: [
            {
              guard: ({ event }) => event.output.length > 0,
              target: "rolledBack",
              actions: {
                type: "rollBack",
                params: ({ event }) => ({ reason: { kind: "precheckFailed", reasons: event.output } }),
              },
            },
            { target: "reserving" },
          ],
          onError: rollBackOnError("precheck", "#migration.rolledBack"),
        },
        rollBackOnTimeout("precheck", "#migration.rolledBack", (t) => t.precheckMs),
      ],
      on: rollBackOnCancel("precheck", "#migration.rolledBack"),
    },
    reserving: {
      entry: { type: "enterPhase", params: { phase: "reserving" } },
      invoke: [
        {
          id: "step",
          src: "reserveDestination",
          input: ({ context }) => stepInputOf(context, "reserveDestination"),
          onDone: { target: "precopy", actions: assign({ reservation: ({ event }) => event.output }) },
          onError: rollBackOnError("reserveDestination", "#migration.rollingBack"),
        },
        rollBackOnTimeout("reserveDestination", "#migration.rollingBack", (t) => t.reserveMs),
      ],
      on: rollBackOnCancel("reserving", "#migration.rollingBack"),
    },
    precopy: {
      entry: { type: "enterPhase", params: { phase: "precopy" } },
      initial: "copying",
      states: {
        copying: {
          invoke: [
            {
              id: "step",
              src: "precopyIteration",
              input: ({ context }) => precopyInputOf(context),
              onDone: {
                target: "deciding",
                actions: assign(({ context, event }) => afterPrecopyIteration(context, event.output)),
              },
              onError: rollBackOnError("precopyIteration", "#migration.rollingBack"),
            },
            rollBackOnTimeout("precopyIteration", "#migration.rollingBack", (t) => t.precopyIterationMs),
          ],
        },
        deciding: {
          always: [{ guard: "precopyOver", target: "#migration.switchover" }, { target: "copying" }],
        },
      },
      on: rollBackOnCancel("precopy", "#migration.rollingBack"),
    },
    switchover: {
      entry: [{ type: "enterPhase", params: { phase: "switchover" } }, "startSwitchover"],
      invoke: [
        {
          id: "step",
          src: "switchover",
          input: ({ context }) => switchoverInputOf(context),
          onDone: {
            target: "committed",
            actions: assign(({ context, event, system }) => committed(context, event.output, nowOf(system))),
          },
          onError: rollBackOnError("switchover", "#migration.rollingBack"),
        },
        rollBackOnTimeout("switchover", "#migration.rollingBack", (t) => t.switchoverMs),
      ],
      on: rollBackOnCancel("switchover", "#migration.rollingBack"),
    },
    committed: {
      entry: [{ type: "enterPhase", params: { phase: "releasing" } }, "startCleanup"],
      initial: "releasingSource",
      states: {
        releasingSource: {
          entry: "countCleanupAttempt",
          invoke: [
            {
              id: "step",
              src: "releaseSource",
              input: ({ context }) => releaseSourceInputOf(context),
              onDone: "#migration.completed",
              onError: releaseFailed,
            },
            releaseTimeout,
          ],
        },
        ...retryOrGiveUp("releasingSource", "#migration.completed", "markSourceCleanupPending"),
      },
    },
    rollingBack: {
      entry: [{ type: "enterPhase", params: { phase: "rollingBack" } }, "startCleanup"],
      initial: "releasingDestination",
      states: {
        releasingDestination: {
          entry: "countCleanupAttempt",
          invoke: [
            {
              id: "step",
              src: "releaseDestination",
              input: ({ context }) => releaseDestinationInputOf(context),
              onDone: "#migration.rolledBack",
              onError: releaseFailed,
            },
            releaseTimeout,
          ],
        },
        ...retryOrGiveUp("releasingDestination", "#migration.failed", "markDestinationCleanupPending"),
      },
    },
    completed: { type: "final", entry: { type: "finish", params: { result: "completed" } } },
    rolledBack: { type: "final", entry: { type: "finish", params: { result: "rolledBack" } } },
    failed: { type: "final", entry: { type: "finish", params: { result: "failed" } } },
  },
});

export type MigrationMachine = typeof migrationMachine;
export type MigrationActor = ActorRefFrom<MigrationMachine>;
export type MigrationSnapshot = SnapshotFrom<MigrationMachine>;
