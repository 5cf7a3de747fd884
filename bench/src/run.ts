#!/usr/bin/env node
/**
 * `npm run bench`: runs the benchmarks and prints one JSON object per line on stdout, each
 * with its figures and the baseline measured in the same run. Progress goes to stderr.
 * `node bench/dist/run.js replay` (or `snapshots`, `propagation`, `switching`, `cross-host`, `vmotion`, `convergence`, `authorization`, `vsphere`) runs just one.
 * `chaos-long` (a 300 s chaos run with every nemesis) runs only when named.
 */
import { authorizationBench } from "./authorization.js";
import { chaosLongBench } from "./chaos-long.js";
import { Cleanup } from "./cleanup.js";
import { convergenceBench } from "./convergence.js";
import { crossHostBench } from "./crosshost.js";
import { propagationBench } from "./propagation.js";
import { replayBench } from "./replay.js";
import { benchSwitching } from "./switching.js";
import { vmotionBench } from "./vmotion.js";
import { vsphereBench } from "./vsphere.js";
import { emit, machineLoad, progress } from "./stats.js";

const BENCHES = {
  propagation: propagationBench,
  replay: replayBench,
  snapshots: async (cleanup: Cleanup) => (await import("./snapshots.js")).snapshotsBench(cleanup),
  switching: () => benchSwitching(),
  "cross-host": crossHostBench,
  vmotion: vmotionBench,
  convergence: convergenceBench,
  authorization: authorizationBench,
  vsphere: vsphereBench,
  "chaos-long": chaosLongBench,
  scale: async (cleanup: Cleanup) => (await import("./scale.js")).scaleBench(cleanup),
} as const;
type BenchName = keyof typeof BENCHES;
/** benchmarks too long for every `npm run bench`: they run only when named */
const OPT_IN: readonly BenchName[] = ["chaos-long"];

const cleanup = new Cleanup();
let shuttingDown: Promise<never> | undefined;

/** Stops everything the benchmarks started, then exits; the first caller's exit code wins. */
function shutdown(code: number, why?: string, err?: unknown): Promise<never> {
  if (shuttingDown === undefined) {
    if (why !== undefined) {
      const detail = err === undefined ? "" : `: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`;
      process.stderr.write(`[bench] ${why}${detail}\n`);
    }
    shuttingDown = cleanup.runAll().then(
      () => process.exit(code),
      () => process.exit(code),
    );
  }
  return shuttingDown;
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => void shutdown(130, `${signal}: stopping everything the benchmarks started`));
}
process.on("unhandledRejection", (err) => void shutdown(1, "unhandled rejection", err));
process.on("uncaughtException", (err) => void shutdown(1, "uncaught exception", err));

const args = process.argv.slice(2);
const unknown = args.filter((a) => !(a in BENCHES));
if (unknown.length > 0) {
  process.stderr.write(`unknown benchmark ${unknown.join(", ")}: expected ${Object.keys(BENCHES).join(", ")}\n`);
  process.exit(2);
}
const selected = (args.length > 0 ? args : Object.keys(BENCHES).filter((b) => !OPT_IN.includes(b as BenchName))) as BenchName[];

const t0 = performance.now();
try {
  for (const name of selected) {
    progress(`${name}: start`);
    const t = performance.now();
    const before = machineLoad();
    const result = await BENCHES[name](cleanup);
    emit({ ...result, machine: { cpus: before.cpus, loadavg_1m_before: before.loadavg_1m, loadavg_1m_after: machineLoad().loadavg_1m } });
    progress(`${name}: done in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }
} catch (err) {
  await shutdown(1, "benchmark failed", err);
}
await cleanup.runAll();
progress(`all done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
