import { notEvaluated, type CheckContext } from "../context.js";
import type { Convergence } from "../history.js";
import { mergeStories, storyWithin } from "../story.js";
import type { InvariantResult } from "../types.js";

export const CONVERGENCE = "hosts-converged";

/** The q-quantile (0..1) of a set of numbers, nearest rank; undefined when empty. */
export function quantile(values: readonly number[], q: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

export function convergenceTimes(entries: readonly Convergence[]): number[] {
  return entries.flatMap((c) => (c.convergedAt === undefined ? [] : [c.convergedAt - c.healedAt]));
}

/** After healing, every host converged (applied the whole log, its hash matching) within the bound. */
export function hostsConverged(ctx: CheckContext): InvariantResult {
  if (!ctx.history) return notEvaluated(CONVERGENCE, "no history");
  const entries = ctx.history.entries.filter((e): e is Convergence => e.type === "convergence");
  if (entries.length === 0) return notEvaluated(CONVERGENCE, "the history records no convergence");
  const bound = ctx.convergenceBoundMs;
  const late = entries.filter((c) => c.convergedAt === undefined || c.convergedAt - c.healedAt > bound);
  const problems = late.map((c) =>
    c.convergedAt === undefined ? `host ${c.host} had not converged when the run gave up` : `host ${c.host} took ${c.convergedAt - c.healedAt} ms to converge, over the bound of ${bound} ms`,
  );
  const times = convergenceTimes(entries);
  const figures = `p50 ${quantile(times, 0.5) ?? "-"} ms, p99 ${quantile(times, 0.99) ?? "-"} ms, bound ${bound} ms`;
  if (problems.length === 0) return { name: CONVERGENCE, ok: true, evaluated: true, detail: `${entries.length} convergences after heals, each within the bound: ${figures}` };
  // what the late hosts had to apply after their heal
  const events = mergeStories(...late.map((c) => storyWithin(ctx.observation.events, [{ host: c.host }], c.healedAt, c.convergedAt ?? Infinity)));
  return { name: CONVERGENCE, ok: false, evaluated: true, detail: `${problems.join("; ")} (${figures})`, events };
}
