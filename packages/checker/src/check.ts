import { evaluate } from "./evaluate.js";
import { observeCluster, type ObservedCluster } from "./gather.js";
import type { CheckOptions, CheckReport } from "./types.js";

/** Checks a live cluster and its log (and a run's history, when given) against every invariant. */
export async function checkCluster(client: ObservedCluster, options: CheckOptions = {}): Promise<CheckReport> {
  const observation = await observeCluster(client, options.settleMs === undefined ? {} : { settleMs: options.settleMs });
  return evaluate(observation, {
    ...(options.history ? { history: options.history } : {}),
    ...(options.convergenceBoundMs === undefined ? {} : { convergenceBoundMs: options.convergenceBoundMs }),
  });
}
