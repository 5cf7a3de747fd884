import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { NEMESES, parseChaosOptions, runChaos, withDeadline } from "@vdsim/chaos";
import type { Cleanup } from "./cleanup.js";
import { progress, round } from "./stats.js";

/** how long past its duration the run may take (setup, heal, convergence, checker) before it counts as hung */
const OVERRUN_MS = 10 * 60_000;

/**
 * The run of the bug report: `vdsim chaos run --hosts 8 --duration 300s --seed long-c3` with
 * every nemesis at 5 operations/s, until it completes (or is given up on as hung). Reports
 * whether it completed, its operations and the checker's verdict. Not in the default set
 * (`node bench/dist/run.js chaos-long`); VDSIM_BENCH_CHAOS_DURATION (e.g. 60s),
 * VDSIM_BENCH_CHAOS_NEMESES and VDSIM_BENCH_CHAOS_HOSTS change the run.
 */
export async function chaosLongBench(cleanup: Cleanup): Promise<Record<string, unknown>> {
  const out = mkdtempSync(join(tmpdir(), "vdsim-bench-chaos-"));
  const abort = new AbortController();
  /** a run the checker found violated keeps its history and report, to be read */
  let keep = false;
  let running: Promise<unknown> = Promise.resolve();
  const stop = cleanup.add("chaos-long run", async () => {
    abort.abort();
    // an interrupted run heals and stops its cluster within seconds; one that hung is not waited for
    await withDeadline("the chaos run to stop", 60_000, running).catch(() => undefined);
    if (keep) progress(`chaos-long: kept the run's history and checker report in ${out}`);
    else rmSync(out, { recursive: true, force: true });
  });
  const options = parseChaosOptions(
    {
      hosts: process.env.VDSIM_BENCH_CHAOS_HOSTS ?? "8",
      duration: process.env.VDSIM_BENCH_CHAOS_DURATION ?? "300s",
      seed: "long-c3",
      nemesis: process.env.VDSIM_BENCH_CHAOS_NEMESES ?? NEMESES.join(","),
      rate: "5",
      out,
    },
    () => "long-c3",
  );
  progress(`chaos-long: ${options.hosts} hosts, ${options.durationMs / 1_000} s, nemeses ${options.nemeses.join(",")}, seed ${options.seed}`);
  const t0 = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<"hung">((resolve) => {
    timer = setTimeout(() => resolve("hung"), options.durationMs + OVERRUN_MS);
    timer.unref();
  });
  try {
    const run = runChaos(options, (line) => progress(`chaos-long: ${line}`), abort.signal);
    running = run;
    const result = await Promise.race([run, hung]);
    const wallMs = performance.now() - t0;
    if (result === "hung") {
      return { bench: "chaos-long", completed: false, wall_s: round(wallMs / 1_000, 1), detail: `no end ${OVERRUN_MS / 60_000} min past the run's duration` };
    }
    const { summary } = result;
    keep = !summary.ok;
    return {
      bench: "chaos-long",
      completed: !result.interrupted,
      wall_s: round(wallMs / 1_000, 1),
      run_s: round(summary.durationMs / 1_000, 1),
      ops: summary.ops,
      migrations: summary.migrations,
      faults: summary.faults,
      planted: summary.planted.map((p) => `${p.seq} (${p.bad})`),
      convergence: summary.convergence,
      frames: summary.frames,
      verdict: summary.ok ? "ok" : "violated",
      violations: summary.violations,
      detail: { hosts: options.hosts, duration_s: options.durationMs / 1_000, rate: options.rate, nemeses: options.nemeses, seed: options.seed },
    };
  } finally {
    clearTimeout(timer);
    await stop();
  }
}
