import { DEFAULT_RELEASE_RETRY, DEFAULT_TIMEOUTS, type MigrationTimeouts, type ReleaseRetryPolicy } from "./timing.js";

/** Everything a migration needs, as plain data: it is persisted with the machine's snapshot. */
export interface MigrationInput {
  readonly migrationId: string;
  readonly vm: string;
  readonly source: string;
  readonly destination: string;
  readonly memoryMB: number;
  /** how fast the running VM dirties memory */
  readonly dirtyRateMBps: number;
  /** the vMotion network's throughput between the two vmknics */
  readonly bandwidthMBps: number;
  /** pre-copy stops once the dirty remainder is at most this */
  readonly switchoverThresholdMB: number;
  /** pre-copy stops after this many iterations even if it did not converge */
  readonly maxPrecopyIterations: number;
  readonly timeouts: MigrationTimeouts;
  readonly retry: ReleaseRetryPolicy;
  /** when the migration was requested (epoch ms, from the command's metadata) */
  readonly startedAt: number;
}

/** A bound on pre-copy, so a VM that dirties memory faster than the network copies it still migrates. */
export const DEFAULT_MAX_PRECOPY_ITERATIONS = 30;

/** Every problem with an input; empty when the machine can run it. */
export function checkMigrationInput(input: MigrationInput): readonly string[] {
  const problems: string[] = [];
  for (const key of ["migrationId", "vm", "source", "destination"] as const) {
    if (input[key].length === 0) problems.push(`${key} is empty`);
  }
  if (!(input.memoryMB > 0)) problems.push("memoryMB must be positive");
  if (!(input.bandwidthMBps > 0)) problems.push("bandwidthMBps must be positive");
  if (!(input.dirtyRateMBps >= 0)) problems.push("dirtyRateMBps must not be negative");
  if (!(input.switchoverThresholdMB >= 0)) problems.push("switchoverThresholdMB must not be negative");
  if (!Number.isInteger(input.maxPrecopyIterations) || input.maxPrecopyIterations < 1) {
    problems.push("maxPrecopyIterations must be a whole number of at least 1");
  }
  for (const [name, ms] of Object.entries(input.timeouts)) {
    if (!(ms > 0)) problems.push(`timeouts.${name} must be positive`);
  }
  if (!Number.isInteger(input.retry.maxAttempts) || input.retry.maxAttempts < 1) {
    problems.push("retry.maxAttempts must be a whole number of at least 1");
  }
  if (!(input.retry.baseDelayMs >= 0) || !(input.retry.maxDelayMs >= input.retry.baseDelayMs)) {
    problems.push("retry delays must satisfy 0 <= baseDelayMs <= maxDelayMs");
  }
  return problems;
}

/** The stun vdsim aims for: by default pre-copy stops once the remainder sends in this long. */
export const DEFAULT_SWITCHOVER_BUDGET_MS = 500;

export type MigrationRequest = Pick<
  MigrationInput,
  "migrationId" | "vm" | "source" | "destination" | "memoryMB" | "dirtyRateMBps" | "bandwidthMBps" | "startedAt"
> &
  Partial<MigrationInput>;

/** A full input from a request: default timeouts, retries, iteration bound and switchover threshold. */
export function migrationInput(request: MigrationRequest): MigrationInput {
  return {
    switchoverThresholdMB: (request.bandwidthMBps * DEFAULT_SWITCHOVER_BUDGET_MS) / 1_000,
    maxPrecopyIterations: DEFAULT_MAX_PRECOPY_ITERATIONS,
    timeouts: DEFAULT_TIMEOUTS,
    retry: DEFAULT_RELEASE_RETRY,
    ...request,
  };
}
