// Test support only.
import { evaluate } from "../evaluate.js";
import type { History, HistoryEntry } from "../history.js";
import type { ClusterObservation } from "../observation.js";
import type { InvariantResult } from "../types.js";
import { T0 } from "./scenario.js";

/** The named invariant's result for an observation (and history). */
export function row(observation: ClusterObservation, name: string, history?: History, convergenceBoundMs?: number): InvariantResult {
  const report = evaluate(observation, { ...(history ? { history } : {}), ...(convergenceBoundMs === undefined ? {} : { convergenceBoundMs }) });
  const found = report.invariants.find((r) => r.name === name);
  if (!found) throw new Error(`no invariant ${name}`);
  return found;
}

/** A history that started at `startedAt` (default: before the scenario's first event). */
export function history(entries: readonly HistoryEntry[], startedAt = T0): History {
  return { seed: "unit", startedAt, endedAt: startedAt + 60_000, entries };
}
