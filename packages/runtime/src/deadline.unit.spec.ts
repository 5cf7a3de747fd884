import { describe, expect, it } from "vitest";
import { DeadlineExceeded, WaitInterrupted, untilInterrupted, withDeadline } from "./deadline.js";

describe("withDeadline", () => {
  it("resolves with the work's value, and rejects with its error, when it settles in time", async () => {
    await expect(withDeadline("a quick answer", 1_000, Promise.resolve(42))).resolves.toBe(42);
    await expect(withDeadline("a quick refusal", 1_000, Promise.reject(new Error("no")))).rejects.toThrow("no");
  });

  it("fails naming what was awaited and the deadline when the work never settles, aborts its signal and abandons it", async () => {
    let aborted: unknown;
    let abandoned = false;
    const never = (signal: AbortSignal): Promise<never> =>
      new Promise(() => signal.addEventListener("abort", () => (aborted = signal.reason), { once: true }));
    const err = await withDeadline("8 hosts to converge on sequence 11828", 20, never, () => (abandoned = true)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeadlineExceeded);
    expect((err as DeadlineExceeded).message).toBe("gave up waiting for 8 hosts to converge on sequence 11828 after 20 ms");
    expect(aborted).toBeInstanceOf(DeadlineExceeded);
    expect(abandoned).toBe(true);
  });

  it("a work that rejects after its deadline is no unhandled rejection", async () => {
    const late = new Promise<never>((_, reject) => setTimeout(() => reject(new Error("late")), 30));
    await expect(withDeadline("a late refusal", 5, late)).rejects.toBeInstanceOf(DeadlineExceeded);
    await new Promise((r) => setTimeout(r, 50));
  });

  it("untilInterrupted gives up on a wait the moment the run's signal aborts, naming the wait", async () => {
    const abort = new AbortController();
    const waiting = untilInterrupted("the cluster to be prepared for the run", abort.signal, new Promise<never>(() => undefined));
    abort.abort();
    const err = await waiting.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WaitInterrupted);
    expect((err as Error).message).toBe("interrupted while waiting for the cluster to be prepared for the run");
    await expect(untilInterrupted("an answer", new AbortController().signal, Promise.resolve(7))).resolves.toBe(7);
  });
});
