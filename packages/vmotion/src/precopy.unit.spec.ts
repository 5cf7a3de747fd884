import { describe, expect, it } from "vitest";
import { checkMigrationInput, migrationInput } from "./input.js";
import { modelPrecopyIteration, nextPrecopyStep, precopyFraction, remainderAfter } from "./precopy.js";
import { INPUT } from "./testing/harness.js";
import { backoffDelayMs, DEFAULT_RELEASE_RETRY, DEFAULT_TIMEOUTS } from "./timing.js";

const limits = { switchoverThresholdMB: 64, maxPrecopyIterations: 5 };

describe("nextPrecopyStep", () => {
  it("iterates while the remainder is above the threshold", () => {
    expect(nextPrecopyStep({ iterations: 1, remainingMB: 512 }, limits)).toEqual({ next: "iterate", remainingMB: 512 });
  });

  it("switches over once the remainder is at most the threshold", () => {
    expect(nextPrecopyStep({ iterations: 2, remainingMB: 64 }, limits)).toEqual({
      next: "switchover",
      remainingMB: 64,
      because: "converged",
    });
  });

  it("switches over anyway after the last iteration", () => {
    expect(nextPrecopyStep({ iterations: 5, remainingMB: 4096 }, limits)).toEqual({
      next: "switchover",
      remainingMB: 4096,
      because: "maxIterations",
    });
  });

  it("calls a small enough remainder converged even on the last iteration", () => {
    expect(nextPrecopyStep({ iterations: 5, remainingMB: 1 }, limits)).toMatchObject({ because: "converged" });
  });
});

describe("the pre-copy model", () => {
  it("copies the remainder at the bandwidth while the VM dirties memory at its rate", () => {
    expect(modelPrecopyIteration({ remainingMB: 4096, bandwidthMBps: 1024, dirtyRateMBps: 128, memoryMB: 4096 })).toEqual({
      copiedMB: 4096,
      durationMs: 4_000,
      dirtiedMB: 512,
    });
  });

  it("caps what is dirtied at the VM's memory", () => {
    const iteration = modelPrecopyIteration({ remainingMB: 4096, bandwidthMBps: 512, dirtyRateMBps: 2048, memoryMB: 4096 });
    expect(iteration.dirtiedMB).toBe(4096);
  });

  it("converges geometrically when the dirty rate is below the bandwidth", () => {
    const vm = { memoryMB: 4096, dirtyRateMBps: 128, bandwidthMBps: 1024 };
    const remainders = [4096];
    for (let i = 0; i < 3; i++) {
      const sent = remainders.at(-1) ?? 0;
      remainders.push(remainderAfter(sent, modelPrecopyIteration({ ...vm, remainingMB: sent }), vm));
    }
    expect(remainders).toEqual([4096, 512, 64, 8]);
  });

  it("takes the dirty rate over the measured duration when the result has no dirtied amount, plus what was not copied", () => {
    expect(remainderAfter(1000, { copiedMB: 600, durationMs: 2_000 }, { memoryMB: 4096, dirtyRateMBps: 50 })).toBe(500);
    const vm = { memoryMB: 4096, dirtyRateMBps: 0 };
    expect(remainderAfter(4096, { copiedMB: 0, durationMs: 1_000, dirtiedMB: 4096 }, vm)).toBe(4096);
  });

  it("measures progress by iterations used or by memory no longer dirty, whichever is further", () => {
    expect(precopyFraction({ iterations: 0, remainingMB: 4096 }, limits, 4096)).toBe(0);
    expect(precopyFraction({ iterations: 1, remainingMB: 1024 }, limits, 4096)).toBe(0.75);
    expect(precopyFraction({ iterations: 4, remainingMB: 4096 }, limits, 4096)).toBe(0.8);
  });
});

describe("inputs, timeouts and backoff", () => {
  it("doubles the backoff after each failed attempt, up to the maximum", () => {
    const policy = { maxAttempts: 6, baseDelayMs: 500, maxDelayMs: 3_000 };
    expect([1, 2, 3, 4, 5].map((n) => backoffDelayMs(n, policy))).toEqual([500, 1_000, 2_000, 3_000, 3_000]);
  });

  it("fills a request with the defaults; the threshold is half a second of copying", () => {
    const input = migrationInput({
      migrationId: "m",
      vm: "v",
      source: "a",
      destination: "b",
      memoryMB: 1024,
      dirtyRateMBps: 10,
      bandwidthMBps: 1000,
      startedAt: 0,
    });
    expect(input).toMatchObject({ switchoverThresholdMB: 500, timeouts: DEFAULT_TIMEOUTS, retry: DEFAULT_RELEASE_RETRY });
    expect(checkMigrationInput(input)).toEqual([]);
  });

  it("names every problem with an input", () => {
    const problems = checkMigrationInput({
      ...INPUT,
      vm: "",
      bandwidthMBps: 0,
      maxPrecopyIterations: 0,
      timeouts: { ...INPUT.timeouts, switchoverMs: -1 },
      retry: { maxAttempts: 1, baseDelayMs: 10, maxDelayMs: 5 },
    });
    expect(problems).toEqual([
      "vm is empty",
      "bandwidthMBps must be positive",
      "maxPrecopyIterations must be a whole number of at least 1",
      "timeouts.switchoverMs must be positive",
      "retry delays must satisfy 0 <= baseDelayMs <= maxDelayMs",
    ]);
  });
});
