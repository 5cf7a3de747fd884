/** What `vdsim vm migrate` shows; every change of phase is a transition the service records. */
export const MIGRATION_PHASES = [
  "queued",
  "precheck",
  "reserving",
  "precopy",
  "switchover",
  "releasing",
  "completed",
  "rollingBack",
  "rolledBack",
  "failed",
] as const;
export type MigrationPhase = (typeof MIGRATION_PHASES)[number];

/** The states of the machine's top level; every one but `committed` is the phase of the same name. */
export const MIGRATION_STATES = [
  "queued",
  "precheck",
  "reserving",
  "precopy",
  "switchover",
  "committed",
  "completed",
  "rollingBack",
  "rolledBack",
  "failed",
] as const;
export type MigrationState = (typeof MIGRATION_STATES)[number];
