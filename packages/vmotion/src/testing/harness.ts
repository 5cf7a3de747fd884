// Test support only: nothing exports this file.
import { createActor, type Actor, type Snapshot } from "xstate";
import type { MigrationOutcome } from "../context.js";
import type { MigrationInput } from "../input.js";
import { migrationMachine, type MigrationMachine, type MigrationSnapshot } from "../machine.js";
import { phaseOf, progressOf, type MigrationPhase } from "../phase.js";
import { migrationActors } from "../steps.js";
import { fakeSteps, SteppingClock, type FakeBehaviour, type StepCall } from "./fake-hosts.js";

export const INPUT: MigrationInput = {
  migrationId: "m-1",
  vm: "web-01",
  source: "esx-01",
  destination: "esx-02",
  memoryMB: 4096,
  dirtyRateMBps: 100,
  bandwidthMBps: 1000,
  switchoverThresholdMB: 10,
  maxPrecopyIterations: 10,
  timeouts: { precheckMs: 5_000, reserveMs: 5_000, precopyIterationMs: 30_000, switchoverMs: 5_000, releaseMs: 2_000 },
  retry: { maxAttempts: 3, baseDelayMs: 1_000, maxDelayMs: 10_000 },
  startedAt: 1_000_000,
};

/** One snapshot the service would persist: what it was, and what had happened by then. */
export interface Transition {
  readonly phase: MigrationPhase;
  readonly value: string;
  readonly percent: number;
  readonly at: number;
  /** getPersistedSnapshot(), through JSON.stringify and JSON.parse */
  readonly persisted: Snapshot<unknown>;
  /** step calls made so far, the one just invoked included */
  readonly calls: number;
}

export interface HarnessOptions {
  readonly input?: Partial<MigrationInput>;
  readonly behaviour?: FakeBehaviour;
  /** restore from this persisted snapshot instead of starting afresh */
  readonly snapshot?: Snapshot<unknown>;
  /** the clock's time at start; the input's startedAt by default */
  readonly now?: number;
  /** send ADMIT when the migration is queued (default true) */
  readonly admit?: boolean;
}

export interface Harness {
  readonly actor: Actor<MigrationMachine>;
  readonly clock: SteppingClock;
  readonly calls: StepCall[];
  readonly transitions: Transition[];
  /** runs the simulated clock until the migration ends or waits for an event */
  run(): Promise<void>;
  /** runs it until the snapshot matches */
  runUntil(done: (snapshot: MigrationSnapshot) => boolean): Promise<void>;
  outcome(): MigrationOutcome;
}

const settleMicrotasks = () => new Promise<void>((resolve) => setImmediate(resolve));

export function startMigration(options: HarnessOptions = {}): Harness {
  const input = { ...INPUT, ...options.input };
  const clock = new SteppingClock();
  clock.set(options.now ?? input.startedAt);
  const calls: StepCall[] = [];
  const machine = migrationMachine.provide({ actors: migrationActors(fakeSteps(clock, calls, options.behaviour ?? {})) });
  const actor = createActor(machine, { input, clock, ...(options.snapshot ? { snapshot: options.snapshot } : {}) });
  const transitions: Transition[] = [];
  actor.subscribe((snapshot) => {
    transitions.push({
      phase: phaseOf(snapshot),
      value: JSON.stringify(snapshot.value),
      percent: progressOf(snapshot),
      at: clock.now(),
      persisted: JSON.parse(JSON.stringify(actor.getPersistedSnapshot())) as Snapshot<unknown>,
      calls: calls.length,
    });
  });
  actor.start();
  if (options.admit !== false && actor.getSnapshot().matches("queued")) actor.send({ type: "ADMIT" });

  const runUntil = async (done: (snapshot: MigrationSnapshot) => boolean) => {
    for (let step = 0; step < 10_000; step++) {
      await settleMicrotasks();
      const snapshot = actor.getSnapshot();
      if (done(snapshot) || snapshot.status !== "active") return;
      const next = clock.nextDeadline();
      if (next === undefined) return;
      clock.set(next);
    }
    throw new Error("the migration did not settle in 10000 clock steps");
  };
  return {
    actor,
    clock,
    calls,
    transitions,
    run: () => runUntil(() => false),
    runUntil,
    outcome: () => {
      const snapshot = actor.getSnapshot();
      if (snapshot.status !== "done") throw new Error(`migration not over: ${JSON.stringify(snapshot.value)}`);
      return snapshot.output;
    },
  };
}

/** The phases a run went through, each once, in order. */
export function phasesOf(h: Harness): MigrationPhase[] {
  return h.transitions.map((t) => t.phase).filter((p, i, all) => p !== all[i - 1]);
}

export function callsTo(h: Harness, step: StepCall["step"]): StepCall[] {
  return h.calls.filter((c) => c.step === step);
}
