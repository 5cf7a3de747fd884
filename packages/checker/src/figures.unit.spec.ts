import { describe, expect, it } from "vitest";
import { evaluate } from "./evaluate.js";
import type { Convergence } from "./history.js";
import { history } from "./testing/rows.js";
import { T0, twoHostsWithVms } from "./testing/scenario.js";

const converged = (host: string, after: Convergence["after"], ms: number): Convergence => ({ type: "convergence", host, after, healedAt: T0, convergedAt: T0 + ms });

describe("the report's convergence figures", () => {
  it("given convergences after faults and at the run's end, when evaluated, then p50/p99 are the faults' and the run's end is apart", () => {
    const entries = [converged("esx-01", "kill", 400), converged("esx-02", "partition", 900), converged("esx-01", "run", 2), converged("esx-02", "run", 5)];
    const { figures } = evaluate(twoHostsWithVms().observe(), { history: history(entries) });
    expect(figures["convergence p50 ms"]).toBe(400);
    expect(figures["convergence p99 ms"]).toBe(900);
    expect(figures["convergence at the run's end, max ms"]).toBe(5);
  });

  it("given entries of a history that does not say what they followed, when evaluated, then they count as after faults", () => {
    const entries: Convergence[] = [{ type: "convergence", host: "esx-01", healedAt: T0, convergedAt: T0 + 300 }];
    const { figures } = evaluate(twoHostsWithVms().observe(), { history: history(entries) });
    expect(figures["convergence p50 ms"]).toBe(300);
    expect(figures["convergence at the run's end, max ms"]).toBeUndefined();
  });
});
