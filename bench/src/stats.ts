import { availableParallelism, loadavg } from "node:os";

/** Exact percentiles over the sorted samples (nearest-rank): no interpolation, no bucketing. */
export interface LatencySummary {
  readonly n: number;
  readonly p50_ms: number;
  readonly p99_ms: number;
  readonly mean_ms: number;
  readonly min_ms: number;
  readonly max_ms: number;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) throw new Error("percentile of no samples");
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export function summarize(samples: readonly number[]): LatencySummary {
  const sorted = [...samples].sort((a, b) => a - b);
  const sum = sorted.reduce((a, b) => a + b, 0);
  return {
    n: sorted.length,
    p50_ms: round(percentile(sorted, 50)),
    p99_ms: round(percentile(sorted, 99)),
    mean_ms: round(sum / sorted.length),
    min_ms: round(sorted[0]!),
    max_ms: round(sorted[sorted.length - 1]!),
  };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function round(x: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** Progress and diagnostics go to stderr; stdout carries only the JSON result lines. */
export function progress(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

export function emit(result: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

/** What the machine was doing around a benchmark: on a shared 2-core box, load from elsewhere shows in the figures. */
export function machineLoad(): { cpus: number; loadavg_1m: number } {
  return { cpus: availableParallelism(), loadavg_1m: round(loadavg()[0]!, 2) };
}
