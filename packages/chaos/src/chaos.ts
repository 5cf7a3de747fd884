import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { checkCluster, formatReport, writeHistory, type CheckReport, type History } from "@vdsim/checker";
import { plantedBugsWarning } from "@vdsim/runtime";
import { clusterNodes } from "./nats-node.js";
import type { ChaosOptions } from "./options.js";
import { ScheduleExecution } from "./runner.js";
import { generateSchedule, type Schedule } from "./schedule.js";
import { attachChaosCluster, prepareCluster, startChaosCluster } from "./setup.js";
import { formatSummary, summarize, type ChaosSummary } from "./summary.js";

export interface ChaosRunResult {
  readonly schedule: Schedule;
  readonly history: History;
  readonly report: CheckReport;
  readonly summary: ChaosSummary;
  /** where history.jsonl, report.json, report.txt and schedule.json were written (and, for a cluster the run started, cluster/ with its logs) */
  readonly out: string;
}

/** how long a host may take to converge once nothing runs any more, as the checker judges it */
export const CONVERGENCE_BOUND_MS = 30_000;

/**
 * `vdsim chaos run`: starts a cluster (or attaches to one), prepares it, runs the seeded
 * schedule of operations and faults, heals, waits for convergence, runs the checker and writes
 * the history and the reports to `options.out`. The cluster it started is stopped however it ends.
 */
export async function runChaos(options: ChaosOptions, log: (line: string) => void = () => undefined, signal?: AbortSignal): Promise<ChaosRunResult> {
  const out = resolve(options.out);
  mkdirSync(out, { recursive: true });
  log(options.attach ? `attaching to the cluster in ${options.attach}` : `starting ${options.hosts} hosts${options.nemeses.includes("nats-kill") ? " on a 3-node NATS cluster" : ""}`);
  if (options.plantedBugs) log(plantedBugsWarning(options.plantedBugs));
  await using cluster = options.attach
    ? await attachChaosCluster(options.attach, options.nemeses)
    : await startChaosCluster(options.hosts, options.nemeses, join(out, "cluster"), options.plantedBugs);
  log(`cluster state in ${cluster.stateDir}`);
  // a cluster that ran other runs holds their VMs: this run's names get a tag of their own
  const prefix = options.attach ? `${Date.now().toString(36).slice(-5)}-` : "";
  if (prefix) log(`names of this run start with ${prefix}`);
  const schedule = generateSchedule({
    prefix,
    seed: options.seed,
    durationMs: options.durationMs,
    nemeses: options.nemeses,
    rate: options.rate,
    hosts: cluster.hosts,
    natsNodes: clusterNodes(cluster.stateDir).map((n) => n.name),
  });
  writeFileSync(join(out, "schedule.json"), JSON.stringify(schedule, null, 2) + "\n");
  log(`seed ${schedule.seed}: ${schedule.ops.length} operations and ${schedule.faults.length} faults over ${schedule.durationMs / 1_000} s`);
  await prepareCluster(cluster.client, cluster.hosts, schedule.setup);
  const execution = new ScheduleExecution(cluster.client, cluster.nemesis, cluster.hosts, schedule, log, signal);
  const startedAt = Date.now();
  let result;
  try {
    await execution.setUp();
    result = await execution.run();
  } catch (err) {
    await cluster.nemesis.healAll().catch(() => []);
    throw err;
  }
  const history: History = { seed: schedule.seed, startedAt, endedAt: Date.now(), entries: result.entries };
  writeHistory(join(out, "history.jsonl"), history);
  log("running the checker");
  const report = await checkCluster(cluster.client, { history, convergenceBoundMs: CONVERGENCE_BOUND_MS });
  const summary = summarize(history, result.migrations, report);
  writeFileSync(join(out, "report.json"), JSON.stringify({ summary, check: report }, null, 2) + "\n");
  writeFileSync(join(out, "report.txt"), `${formatSummary(summary)}\n\n${formatReport(report)}\n`);
  return { schedule, history, report, summary, out };
}
