import { decide, decideHost, evolve, isDomainError, type ClusterState } from "@vdsim/model";
import type { PlanProblem, PlanStep } from "./steps.js";

/**
 * Runs a plan through the pure deciders on a copy of the state, so a file the cluster would
 * refuse halfway is refused before anything is recorded. Returns the first refusal, if any,
 * and the state the plan leads to.
 */
export function simulate(
  steps: readonly PlanStep[],
  current: ClusterState,
  isHostResponding: (host: string) => boolean = () => true,
): { problem: PlanProblem | undefined; state: ClusterState } {
  const state = structuredClone(current);
  for (const step of steps) {
    try {
      const events = step.kind === "management" ? decide(step.command, state, { isHostResponding }) : decideHost(step.command, state, step.host);
      for (const e of events) evolve(state, e);
    } catch (err) {
      if (!isDomainError(err)) throw err;
      return { problem: { path: step.path, message: `${step.summary}: ${err.message}` }, state };
    }
  }
  return { problem: undefined, state };
}
