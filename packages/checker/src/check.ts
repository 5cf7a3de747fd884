import type { VdsimClient } from "@vdsim/client";
import { evaluate } from "./evaluate.js";
import { observeCluster } from "./gather.js";
import type { CheckOptions, CheckReport } from "./types.js";

/** Checks a live cluster and its log (and a run's history, when given) against every invariant. */
export async function checkCluster(client: VdsimClient, options: CheckOptions = {}): Promise<CheckReport> {
  const observation = await observeCluster(client, options.settleMs === undefined ? {} : { settleMs: options.settleMs });
  return evaluate(observation, {
    ...(options.history ? { history: options.history } : {}),
    ...(options.convergenceBoundMs === undefined ? {} : { convergenceBoundMs: options.convergenceBoundMs }),
  });
}
