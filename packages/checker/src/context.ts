import type { HostStateReport } from "@vdsim/protocol";
import type { History } from "./history.js";
import type { FoldedLog } from "./log-fold.js";
import type { ClusterObservation } from "./observation.js";
import type { InvariantResult } from "./types.js";

/** What every invariant is evaluated against: the observation, the folded log, the history if any. */
export interface CheckContext {
  readonly observation: ClusterObservation;
  readonly log: FoldedLog;
  readonly history: History | undefined;
  readonly convergenceBoundMs: number;
}

export type Invariant = (ctx: CheckContext) => InvariantResult;

export const DEFAULT_CONVERGENCE_BOUND_MS = 30_000;

export function notEvaluated(name: string, why: string): InvariantResult {
  return { name, ok: true, evaluated: false, detail: `not evaluated (${why})` };
}

/** Hosts that answered, with their reports. */
export function respondingHosts(ctx: CheckContext): Array<{ host: string; report: HostStateReport }> {
  return ctx.observation.hosts.flatMap((h) => (h.report ? [{ host: h.host, report: h.report }] : []));
}

export function silentHosts(ctx: CheckContext): string[] {
  return ctx.observation.hosts.filter((h) => !h.report).map((h) => h.host);
}

/** "a, b and c" */
export function listed(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}
