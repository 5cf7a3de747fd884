// Test support only: nothing exports this file.
import { SimulatedClock } from "xstate";
import { modelPrecopyIteration } from "../precopy.js";
import type { MigrationStep, MigrationSteps } from "../steps.js";

/**
 * xstate's SimulatedClock, which also tells when its next timer is due, so a test can jump
 * from one event to the next and every timestamp is exact.
 */
export class SteppingClock extends SimulatedClock {
  readonly #deadlines = new Map<number, number>();

  override setTimeout(fn: (...args: unknown[]) => void, timeout: number): number {
    const id = super.setTimeout(() => {
      this.#deadlines.delete(id);
      fn();
    }, timeout);
    this.#deadlines.set(id, dueAt(this.now(), timeout));
    return id;
  }

  override clearTimeout(id: number): void {
    this.#deadlines.delete(id);
    super.clearTimeout(id);
  }

  nextDeadline(): number | undefined {
    return this.#deadlines.size === 0 ? undefined : Math.min(...this.#deadlines.values());
  }
}

/** The first time at which SimulatedClock fires a timer (it checks now - start >= timeout, in floating point). */
function dueAt(start: number, timeout: number): number {
  let t = start + timeout;
  while (t - start < timeout) t += Math.max(Number.MIN_VALUE, Math.abs(t) * Number.EPSILON);
  return t;
}

type InputOf<K extends MigrationStep> = Parameters<MigrationSteps[K]>[0];
type OutputOf<K extends MigrationStep> = Awaited<ReturnType<MigrationSteps[K]>>;

/** What a fake host does for one step call: answer or fail after `after` ms, or never answer. */
export type Script<T> =
  | { readonly after?: number; readonly value: T }
  | { readonly after?: number; readonly fail: string }
  | { readonly hang: true };

export type FakeBehaviour = { readonly [K in MigrationStep]?: (input: InputOf<K>) => Script<OutputOf<K>> };

export interface StepCall {
  readonly step: MigrationStep;
  readonly key: string;
  readonly input: InputOf<MigrationStep>;
  readonly at: number;
}

export const RESERVATION = { ports: [{ vnic: "Network adapter 1", port: "dvport-42" }] };
export const SWITCHOVER_MS = 300;

const DEFAULTS: { readonly [K in MigrationStep]: (input: InputOf<K>) => Script<OutputOf<K>> } = {
  precheck: () => ({ after: 100, value: [] }),
  reserveDestination: () => ({ after: 50, value: RESERVATION }),
  precopyIteration: (input) => {
    const { durationMs, ...rest } = modelPrecopyIteration(input);
    return { after: durationMs, value: { durationMs, ...rest } };
  },
  switchover: () => ({ after: SWITCHOVER_MS, value: { rarpSent: true, drift: [] } }),
  releaseSource: () => ({ after: 50, value: undefined }),
  releaseDestination: () => ({ after: 50, value: undefined }),
};

function play<T>(clock: SteppingClock, script: Script<T>, signal: AbortSignal): Promise<T> {
  if ("hang" in script) return new Promise<T>(() => {});
  return new Promise<T>((resolve, reject) => {
    const settle = () => ("fail" in script ? reject(new Error(script.fail)) : resolve(script.value));
    const id = clock.setTimeout(settle, script.after ?? 0);
    signal.addEventListener("abort", () => clock.clearTimeout(id), { once: true });
  });
}

/** Hosts that answer every step on the simulated clock, recording each call. */
export function fakeSteps(clock: SteppingClock, calls: StepCall[], behaviour: FakeBehaviour): MigrationSteps {
  const run = <K extends MigrationStep>(step: K, input: InputOf<K>, signal: AbortSignal): Promise<OutputOf<K>> => {
    calls.push({ step, key: input.key, input, at: clock.now() });
    const script = (behaviour[step] ?? DEFAULTS[step]) as (input: InputOf<K>) => Script<OutputOf<K>>;
    return play(clock, script(input), signal);
  };
  return {
    precheck: (input, signal) => run("precheck", input, signal),
    reserveDestination: (input, signal) => run("reserveDestination", input, signal),
    precopyIteration: (input, signal) => run("precopyIteration", input, signal),
    switchover: (input, signal) => run("switchover", input, signal),
    releaseSource: (input, signal) => run("releaseSource", input, signal),
    releaseDestination: (input, signal) => run("releaseDestination", input, signal),
  };
}
