import type { CheckContext } from "./context.js";
import type { Convergence, Fault, Flow, Operation } from "./history.js";
import { convergenceTimes, quantile } from "./invariants/convergence.js";

/** The figures a report prints: migrations, faults, convergence, frames lost, the log's size. */
export function figures(ctx: CheckContext): Record<string, number | string> {
  const migrations = Object.values(ctx.log.state.migrations);
  const out: Record<string, number | string> = {
    events: ctx.observation.events.length,
    hosts: ctx.observation.hosts.length,
    "hosts responding": ctx.observation.hosts.filter((h) => h.report).length,
    vms: Object.keys(ctx.log.state.vms).length,
    "migrations tried": migrations.length,
    "migrations completed": migrations.filter((m) => m.result === "completed").length,
    "migrations rolled back": migrations.filter((m) => m.result === "rolledBack").length,
    "migrations failed": migrations.filter((m) => m.result === "failed").length,
    "migrations not ended": migrations.filter((m) => m.result === null).length,
  };
  const history = ctx.history;
  if (!history) return out;
  const ops = history.entries.filter((e): e is Operation => e.type === "op");
  const faults = history.entries.filter((e): e is Fault => e.type === "fault");
  const flows = history.entries.filter((e): e is Flow => e.type === "flow");
  const convergences = history.entries.filter((e): e is Convergence => e.type === "convergence");
  // after a fault, and apart from it the final one at the run's end, when hosts had long caught up
  const times = convergenceTimes(convergences.filter((c) => c.after !== "run"));
  const atEnd = convergenceTimes(convergences.filter((c) => c.after === "run"));
  Object.assign(out, {
    seed: history.seed,
    "run ms": history.endedAt - history.startedAt,
    operations: ops.length,
    "operations ok": ops.filter((o) => o.outcome === "ok").length,
    "operations refused": ops.filter((o) => o.outcome === "fail").length,
    "operations unknown": ops.filter((o) => o.outcome === "info").length,
    "faults injected": faults.length,
  });
  for (const kind of [...new Set(faults.map((f) => f.kind))].sort()) out[`faults ${kind}`] = faults.filter((f) => f.kind === kind).length;
  out["convergence p50 ms"] = quantile(times, 0.5) ?? "-";
  out["convergence p99 ms"] = quantile(times, 0.99) ?? "-";
  if (atEnd.length > 0) out["convergence at the run's end, max ms"] = Math.max(...atEnd);
  out.flows = flows.length;
  out["frames sent"] = flows.reduce((n, f) => n + f.sent, 0);
  out["frames lost"] = flows.reduce((n, f) => n + f.lost, 0);
  out["frames lost (flows that did not migrate)"] = flows.filter((f) => !f.migrated).reduce((n, f) => n + f.lost, 0);
  return out;
}
