import type { CheckReport } from "./types.js";

/** The human summary `vdsim check` prints: each invariant pass/fail/not evaluated, its story on failure, the figures. */
export function formatReport(report: CheckReport): string {
  const lines: string[] = [];
  for (const r of report.invariants) {
    const mark = !r.evaluated ? "SKIP" : r.ok ? "PASS" : "FAIL";
    lines.push(`${mark}  ${r.name}: ${r.detail}`);
    if (r.evaluated && !r.ok && r.events && r.events.length > 0) {
      lines.push("      events that led to it:");
      for (const e of r.events) lines.push(`        #${e.seq} ${e.type} ${e.summary}`);
    }
  }
  lines.push("");
  const width = Math.max(...Object.keys(report.figures).map((k) => k.length));
  for (const [k, v] of Object.entries(report.figures)) lines.push(`${k.padEnd(width)}  ${v}`);
  lines.push("");
  const failed = report.invariants.filter((r) => r.evaluated && !r.ok).map((r) => r.name);
  const skipped = report.invariants.filter((r) => !r.evaluated).length;
  lines.push(
    report.ok
      ? `consistent: every evaluated invariant holds${skipped > 0 ? ` (${skipped} not evaluated)` : ""}`
      : `INCONSISTENT: ${failed.length} invariant${failed.length === 1 ? "" : "s"} violated (${failed.join(", ")})`,
  );
  return lines.join("\n");
}
