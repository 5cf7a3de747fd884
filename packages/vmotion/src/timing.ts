import { fromPromise, type ActorSystem } from "xstate";

/** How long each step may run before the machine gives up on it, in milliseconds. */
export interface MigrationTimeouts {
  readonly precheckMs: number;
  readonly reserveMs: number;
  /** one pre-copy iteration, not the whole pre-copy */
  readonly precopyIterationMs: number;
  readonly switchoverMs: number;
  /** one attempt at releasing a port (source after the commit, destination on rollback) */
  readonly releaseMs: number;
}

/** Retries of a port release: after failed attempt n the machine waits min(baseDelayMs * 2^(n-1), maxDelayMs). */
export interface ReleaseRetryPolicy {
  /** attempts in all, the first one included */
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export const DEFAULT_TIMEOUTS: MigrationTimeouts = {
  precheckMs: 10_000,
  reserveMs: 10_000,
  precopyIterationMs: 60_000,
  switchoverMs: 10_000,
  releaseMs: 10_000,
};

export const DEFAULT_RELEASE_RETRY: ReleaseRetryPolicy = { maxAttempts: 5, baseDelayMs: 1_000, maxDelayMs: 30_000 };

/** The wait after failed attempt `attempt` (1-based) before the next one. */
export function backoffDelayMs(attempt: number, policy: ReleaseRetryPolicy): number {
  return Math.min(policy.baseDelayMs * 2 ** Math.max(0, attempt - 1), policy.maxDelayMs);
}

/**
 * The machine's only time source is the clock its actor runs on: `createActor(machine, { clock })`.
 * xstate's `SimulatedClock` has `now()`; a clock without one (xstate's default) falls back to the
 * system time.
 */
export interface MigrationClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(id: unknown): void;
}

/** Now, in milliseconds, on the clock of the actor system. */
export function nowOf(system: Pick<ActorSystem<{ actors: {} }>, "_clock">): number {
  const clock: object = system._clock;
  return "now" in clock && typeof clock.now === "function" ? Number(clock.now()) : Date.now();
}

export interface TimerInput {
  readonly ms: number;
}

/**
 * Resolves after `ms` on the actor system's clock.
 *
 * Step timeouts and retry backoffs are invoked timers rather than `after` transitions because
 * xstate does not persist delayed events: a machine restored from a snapshot would never time
 * out. An invoked timer is part of the persisted snapshot and starts again, in full, on restore,
 * alongside the step it guards.
 */
export const timer = fromPromise<void, TimerInput>(
  ({ input, system, signal }) =>
    new Promise<void>((resolve) => {
      const clock = system._clock;
      const id: unknown = clock.setTimeout(resolve, input.ms);
      signal.addEventListener("abort", () => clock.clearTimeout(id), { once: true });
    }),
);
