import { fromPromise } from "xstate";

/** The steps the machine invokes; the host agents carry them out. */
export const MIGRATION_STEPS = [
  "precheck",
  "reserveDestination",
  "precopyIteration",
  "switchover",
  "releaseSource",
  "releaseDestination",
] as const;
export type MigrationStep = (typeof MIGRATION_STEPS)[number];

/** `${migrationId}:${step}`, and `:${iteration}` for pre-copy: what a host dedupes a re-run step by. */
export function stepKey(migrationId: string, step: MigrationStep, iteration?: number): string {
  return iteration === undefined ? `${migrationId}:${step}` : `${migrationId}:${step}:${iteration}`;
}

export interface StepInput {
  /** the idempotency key: the same every time this step runs again (restore, retry) */
  readonly key: string;
  readonly migrationId: string;
  readonly vm: string;
  readonly source: string;
  readonly destination: string;
}

/** Every reason the migration cannot go ahead; empty when it can. */
export type PrecheckResult = readonly string[];

/** A port created blocked on the destination for one vNIC of the VM. */
export interface DestinationPort {
  readonly vnic: string;
  readonly port: string;
}

export interface DestinationReservation {
  readonly ports: readonly DestinationPort[];
}

export interface PrecopyIterationInput extends StepInput {
  /** 1-based */
  readonly iteration: number;
  /** what this iteration has to send: all memory first, then what was dirtied meanwhile */
  readonly remainingMB: number;
  readonly memoryMB: number;
  readonly dirtyRateMBps: number;
  readonly bandwidthMBps: number;
  readonly reservation: DestinationReservation;
}

/** What one pre-copy iteration measured. */
export interface PrecopyIterationResult {
  readonly copiedMB: number;
  readonly durationMs: number;
  /** memory the VM dirtied during the copy; when absent the machine takes dirtyRateMBps * duration */
  readonly dirtiedMB?: number;
}

export interface SwitchoverInput extends StepInput {
  readonly reservation: DestinationReservation;
  /** the dirty remainder copied while the VM is stunned */
  readonly remainingMB: number;
}

export type DriftValue = string | number | boolean | null;

/** A setting of the destination's same-named standard port group that differs from the source's. */
export interface PortDrift {
  readonly vnic: string;
  readonly portGroup: string;
  readonly setting: string;
  readonly source: DriftValue;
  readonly destination: DriftValue;
}

export interface SwitchoverResult {
  /** how long the VM was paused; when absent the machine measures the step on its clock */
  readonly stunMs?: number;
  /** the destination announced the VM's MAC (teaming policy "notify switches") */
  readonly rarpSent: boolean;
  readonly drift: readonly PortDrift[];
}

export interface ReleaseSourceInput extends StepInput {
  /** 1-based; the key stays the same across attempts */
  readonly attempt: number;
}

export interface ReleaseDestinationInput extends StepInput {
  readonly attempt: number;
  /** null when the reservation's outcome is unknown (the reserve step failed or timed out): release by key */
  readonly reservation: DestinationReservation | null;
  /** the switchover ran and did not resolve: make sure the VM runs on the source */
  readonly switchoverAttempted: boolean;
}

/** The step implementations as plain async functions; `signal` aborts when the machine stops waiting. */
export interface MigrationSteps {
  precheck(input: StepInput, signal: AbortSignal): Promise<PrecheckResult>;
  reserveDestination(input: StepInput, signal: AbortSignal): Promise<DestinationReservation>;
  precopyIteration(input: PrecopyIterationInput, signal: AbortSignal): Promise<PrecopyIterationResult>;
  switchover(input: SwitchoverInput, signal: AbortSignal): Promise<SwitchoverResult>;
  releaseSource(input: ReleaseSourceInput, signal: AbortSignal): Promise<void>;
  releaseDestination(input: ReleaseDestinationInput, signal: AbortSignal): Promise<void>;
}

/** The machine's step actors built from plain functions: `migrationMachine.provide({ actors: migrationActors(steps) })`. */
export function migrationActors(steps: MigrationSteps) {
  return {
    precheck: fromPromise<PrecheckResult, StepInput>(({ input, signal }) => steps.precheck(input, signal)),
    reserveDestination: fromPromise<DestinationReservation, StepInput>(({ input, signal }) =>
      steps.reserveDestination(input, signal),
    ),
    precopyIteration: fromPromise<PrecopyIterationResult, PrecopyIterationInput>(({ input, signal }) =>
      steps.precopyIteration(input, signal),
    ),
    switchover: fromPromise<SwitchoverResult, SwitchoverInput>(({ input, signal }) => steps.switchover(input, signal)),
    releaseSource: fromPromise<void, ReleaseSourceInput>(({ input, signal }) => steps.releaseSource(input, signal)),
    releaseDestination: fromPromise<void, ReleaseDestinationInput>(({ input, signal }) =>
      steps.releaseDestination(input, signal),
    ),
  };
}

export type MigrationActors = ReturnType<typeof migrationActors>;

const notProvided = (step: MigrationStep) => () =>
  Promise.reject(new Error(`vMotion step "${step}" has no implementation: provide it`));

/** What the machine runs until the service provides real steps: every step fails, so a migration rolls back. */
export const UNPROVIDED_STEPS: MigrationSteps = {
  precheck: notProvided("precheck"),
  reserveDestination: notProvided("reserveDestination"),
  precopyIteration: notProvided("precopyIteration"),
  switchover: notProvided("switchover"),
  releaseSource: notProvided("releaseSource"),
  releaseDestination: notProvided("releaseDestination"),
};
