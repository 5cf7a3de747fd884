export { migrationMachine } from "./machine.js";
export { MigrationScheduler, VMOTION_LIMITS, concurrentVmotionLimit } from "./scheduler.js";
export {
  MIGRATION_PHASES,
  MIGRATION_STATES,
  PHASE_PERCENT,
  isCommitted,
  migrationSnapshotView,
  phaseOf,
  progressOf,
  stateOf,
} from "./phase.js";
export { modelPrecopyIteration, nextPrecopyStep, precopyFraction, remainderAfter } from "./precopy.js";
export { MIGRATION_STEPS, UNPROVIDED_STEPS, migrationActors, stepKey } from "./steps.js";
export {
  DEFAULT_MAX_PRECOPY_ITERATIONS,
  DEFAULT_SWITCHOVER_BUDGET_MS,
  checkMigrationInput,
  migrationInput,
} from "./input.js";
export { DEFAULT_RELEASE_RETRY, DEFAULT_TIMEOUTS, backoffDelayMs, nowOf, timer } from "./timing.js";
export { describeRollbackReason, outcomeOf } from "./context.js";

export type { MigrationActor, MigrationEvent, MigrationMachine, MigrationSnapshot } from "./machine.js";
export type { HostLimits, ScheduledMigration } from "./scheduler.js";
export type { MigrationPhase, MigrationSnapshotView, MigrationState } from "./phase.js";
export type {
  PrecopyDecision,
  PrecopyLimits,
  PrecopyModelInput,
  PrecopyStanding,
  PrecopyStopReason,
  VmMemory,
} from "./precopy.js";
export type {
  DestinationReservation,
  DriftValue,
  MigrationActors,
  MigrationStep,
  MigrationSteps,
  PortDrift,
  PrecheckResult,
  PrecopyIterationInput,
  PrecopyIterationResult,
  ReleaseDestinationInput,
  ReleaseSourceInput,
  DestinationPort,
  StepInput,
  SwitchoverInput,
  SwitchoverResult,
} from "./steps.js";
export type { MigrationInput, MigrationRequest } from "./input.js";
export type {
  MigrationContext,
  MigrationOutcome,
  MigrationResult,
  PhaseMark,
  PrecopyIterationReport,
  RollbackReason,
  SwitchoverReport,
} from "./context.js";
export type { MigrationClock, MigrationTimeouts, ReleaseRetryPolicy, TimerInput } from "./timing.js";
