import { convergenceTimes, quantile, type CheckReport, type Convergence, type Fault, type Flow, type History, type Operation, type PlantedMessage } from "@vdsim/checker";
import type { MigrationSummary } from "@vdsim/client";

/** What `vdsim chaos run` prints and writes to report.json beside the checker's report. */
export interface ChaosSummary {
  readonly seed: string;
  readonly durationMs: number;
  readonly ops: { readonly tried: number; readonly ok: number; readonly failed: number; readonly unknown: number };
  readonly migrations: { readonly tried: number; readonly completed: number; readonly rolledBack: number; readonly failed: number };
  readonly faults: Readonly<Record<string, number>>;
  /** after each host fault healed (p50/p99), and at the run's end (every host, its longest time) */
  readonly convergence: {
    readonly hosts: number;
    readonly notConverged: number;
    readonly p50Ms: number | null;
    readonly p99Ms: number | null;
    readonly atEnd: { readonly hosts: number; readonly maxMs: number | null };
  };
  readonly frames: { readonly sent: number; readonly lost: number };
  /** the bad messages the corrupt nemesis appended to the event stream */
  readonly planted: readonly PlantedMessage[];
  /** the checker's verdict: true when every invariant it evaluated held */
  readonly ok: boolean;
  readonly violations: readonly string[];
}

export function summarize(history: History, migrations: readonly MigrationSummary[], report: CheckReport): ChaosSummary {
  const ops = history.entries.filter((e): e is Operation => e.type === "op");
  const faults = history.entries.filter((e): e is Fault => e.type === "fault");
  const flows = history.entries.filter((e): e is Flow => e.type === "flow");
  const conv = history.entries.filter((e): e is Convergence => e.type === "convergence");
  const afterFaults = conv.filter((c) => c.after !== "run");
  const atEnd = conv.filter((c) => c.after === "run");
  const times = convergenceTimes(afterFaults);
  const endTimes = convergenceTimes(atEnd);
  const byKind: Record<string, number> = {};
  for (const f of faults) byKind[f.kind] = (byKind[f.kind] ?? 0) + 1;
  const tried = new Set(ops.flatMap((o) => o.migrations ?? [])).size;
  return {
    seed: history.seed,
    durationMs: history.endedAt - history.startedAt,
    ops: {
      tried: ops.length,
      ok: ops.filter((o) => o.outcome === "ok").length,
      failed: ops.filter((o) => o.outcome === "fail").length,
      unknown: ops.filter((o) => o.outcome === "info").length,
    },
    migrations: {
      tried,
      completed: migrations.filter((m) => m.result === "completed").length,
      rolledBack: migrations.filter((m) => m.result === "rolledBack").length,
      failed: migrations.filter((m) => m.result === "failed").length,
    },
    faults: byKind,
    convergence: {
      hosts: afterFaults.length,
      notConverged: conv.length - times.length - endTimes.length,
      p50Ms: quantile(times, 0.5) ?? null,
      p99Ms: quantile(times, 0.99) ?? null,
      atEnd: { hosts: atEnd.length, maxMs: endTimes.length > 0 ? Math.max(...endTimes) : null },
    },
    frames: { sent: flows.reduce((s, f) => s + f.sent, 0), lost: flows.reduce((s, f) => s + f.lost, 0) },
    planted: faults.flatMap((f) => (f.planted ? [f.planted] : [])),
    ok: report.ok,
    violations: report.invariants.filter((i) => i.evaluated && !i.ok).map((i) => i.name),
  };
}

export function formatSummary(s: ChaosSummary): string {
  const faults = Object.entries(s.faults).map(([k, n]) => `${k} ${n}`).join(", ") || "none";
  const ms = (v: number | null): string => (v === null ? "-" : `${v} ms`);
  return [
    `chaos run, seed ${s.seed}: ${(s.durationMs / 1_000).toFixed(1)} s`,
    `  operations  ${s.ops.tried} tried: ${s.ops.ok} ok, ${s.ops.failed} failed, ${s.ops.unknown} unknown`,
    `  migrations  ${s.migrations.tried} tried: ${s.migrations.completed} completed, ${s.migrations.rolledBack} rolled back, ${s.migrations.failed} failed`,
    `  faults      ${faults}`,
    `  convergence ${s.convergence.hosts} after host faults: p50 ${ms(s.convergence.p50Ms)}, p99 ${ms(s.convergence.p99Ms)}; ` +
      `${s.convergence.atEnd.hosts} hosts at the run's end within ${ms(s.convergence.atEnd.maxMs)}` +
      `${s.convergence.notConverged > 0 ? `; ${s.convergence.notConverged} did not converge` : ""}`,
    `  traffic     ${s.frames.sent} frames sent, ${s.frames.lost} lost`,
    ...(s.planted.length > 0 ? [`  planted     ${s.planted.length} bad messages at sequences ${s.planted.map((p) => `${p.seq} (${p.bad})`).join(", ")}`] : []),
    s.ok ? `  checker     ok: every invariant held` : `  checker     VIOLATED: ${s.violations.join(", ")}`,
  ].join("\n");
}
