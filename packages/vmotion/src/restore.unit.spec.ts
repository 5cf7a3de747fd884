import { describe, expect, it } from "vitest";
import { isCommitted, migrationSnapshotView } from "./phase.js";
import type { FakeBehaviour } from "./testing/fake-hosts.js";
import { callsTo, startMigration, type Harness, type Transition } from "./testing/harness.js";

// The service persists getPersistedSnapshot() with every transition; after a crash it restores
// with createActor(machine, { snapshot, input }). Each scenario runs once, then again from every
// snapshot it persisted, restored at the moment that snapshot was taken.

const scenarios: Record<string, FakeBehaviour> = {
  "the happy path": {},
  "a failed precheck": { precheck: () => ({ after: 10, value: ["esx-02 is not connected"] }) },
  "a source release retried": {
    releaseSource: (input) => (input.attempt < 3 ? { after: 10, fail: "esx-01 busy" } : { after: 10, value: undefined }),
  },
  "a source release given up": { releaseSource: () => ({ hang: true }) },
  "a failed switchover, the destination release retried": {
    switchover: () => ({ after: 100, fail: "stun failed" }),
    releaseDestination: (input) => (input.attempt === 1 ? { after: 10, fail: "esx-02 busy" } : { after: 10, value: undefined }),
  },
  "a pre-copy timeout, the destination release given up": {
    precopyIteration: () => ({ hang: true }),
    releaseDestination: () => ({ fail: "esx-02 down" }),
  },
};

interface InFlight {
  readonly src: string;
  readonly key: string;
}

/** The step the persisted snapshot was waiting for, if it was waiting for one. */
function inFlightStep(t: Transition): InFlight | undefined {
  type Child = { src: string; snapshot: { input?: { key?: string } } };
  const step = (t.persisted as { children?: Record<string, Child> }).children?.["step"];
  return step ? { src: step.src, key: step.snapshot.input?.key ?? "" } : undefined;
}

async function original(behaviour: FakeBehaviour): Promise<Harness> {
  const h = startMigration({ behaviour });
  await h.run();
  return h;
}

describe("migrationMachine: restored from a persisted snapshot", () => {
  for (const [name, behaviour] of Object.entries(scenarios)) {
    it(`${name}: from every state, finishes as the original did and re-runs only what was in flight`, async () => {
      const first = await original(behaviour);
      const states = new Set(first.transitions.map((t) => t.value));
      expect(states.size).toBeGreaterThanOrEqual(3);
      for (const t of first.transitions) {
        const restored = startMigration({ behaviour, snapshot: t.persisted, now: t.at });
        await restored.run();
        const label = `restored at ${t.value}`;
        expect(restored.outcome(), label).toEqual(first.outcome());

        const step = inFlightStep(t);
        const from = step ? t.calls - 1 : t.calls;
        expect(restored.calls, label).toEqual(first.calls.slice(from));
        if (step) {
          expect(restored.calls[0]?.step, label).toBe(step.src);
          expect(restored.calls[0]?.key, label).toBe(step.key);
          expect(first.calls[t.calls - 1]?.key, label).toBe(step.key);
        }
      }
    });
  }

  it("covers every state of the machine across the scenarios", async () => {
    const seen = new Set<string>();
    for (const behaviour of Object.values(scenarios)) for (const t of (await original(behaviour)).transitions) seen.add(t.value);
    expect([...seen].sort()).toEqual(
      [
        '"queued"',
        '"precheck"',
        '"reserving"',
        '{"precopy":"copying"}',
        '"switchover"',
        '{"committed":"releasingSource"}',
        '{"committed":"backoff"}',
        '"completed"',
        '{"rollingBack":"releasingDestination"}',
        '{"rollingBack":"backoff"}',
        '"rolledBack"',
        '"failed"',
      ].sort(),
    );
  });

  it("persists plain data: the snapshot survives JSON unchanged", async () => {
    const h = startMigration();
    await h.runUntil((s) => s.matches({ precopy: "copying" }) && s.context.precopy.iterations.length === 1);
    const persisted = h.actor.getPersistedSnapshot();
    expect(JSON.parse(JSON.stringify(persisted))).toEqual(persisted);
  });

  it("knows which side of the commit point it is on from the persisted snapshot alone", async () => {
    const h = await original({});
    const sides = h.transitions.map((t) => isCommitted(migrationSnapshotView(t.persisted)));
    const commit = sides.indexOf(true);
    expect(commit).toBeGreaterThan(0);
    expect(sides.slice(0, commit).every((s) => !s) && sides.slice(commit).every((s) => s)).toBe(true);
    expect(h.transitions[commit - 1]?.value).toBe('"switchover"');
  });

  it("gives a step re-run after an outage its full timeout again, counted from the restore", async () => {
    const first = await original({});
    const atSwitchover = first.transitions.find((t) => t.value === '"switchover"');
    if (!atSwitchover) throw new Error("no switchover snapshot");
    const restored = startMigration({
      behaviour: { switchover: () => ({ hang: true }) },
      snapshot: atSwitchover.persisted,
      now: atSwitchover.at + 60_000,
    });
    await restored.run();
    expect(callsTo(restored, "switchover").map((c) => [c.key, c.at])).toEqual([["m-1:switchover", atSwitchover.at + 60_000]]);
    expect(restored.outcome()).toMatchObject({
      result: "rolledBack",
      rollbackReason: { kind: "stepTimedOut", step: "switchover" },
    });
    const rolledBackAt = restored.outcome().timeline.find((m) => m.phase === "rollingBack")?.at;
    expect(rolledBackAt).toBe(atSwitchover.at + 60_000 + 5_000);
  });

  it("re-runs an interrupted pre-copy iteration with the same iteration number and remainder", async () => {
    const first = await original({});
    const second = first.transitions.find((t) => inFlightStep(t)?.key === "m-1:precopyIteration:2");
    if (!second) throw new Error("no snapshot at iteration 2");
    const restored = startMigration({ snapshot: second.persisted, now: second.at + 1_000 });
    await restored.run();
    expect(restored.calls[0]?.input).toEqual(callsTo(first, "precopyIteration")[1]?.input);
    expect(restored.outcome()).toMatchObject({ result: "completed", precopyIterations: 3 });
    expect(restored.outcome().totalMs).toBeCloseTo(first.outcome().totalMs + 1_000);
  });
});
