import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { checkCluster, formatReport, type CheckReport, type History } from "@vdsim/checker";
import { plantedBugsWarning, untilInterrupted, withDeadline } from "@vdsim/runtime";
import { HistoryLog } from "./history-log.js";
import { clusterNodes } from "./nats-node.js";
import type { ChaosOptions } from "./options.js";
import { ScheduleExecution } from "./runner.js";
import { generateSchedule, type Schedule } from "./schedule.js";
import { attachChaosCluster, prepareCluster, startChaosCluster, type ChaosCluster } from "./setup.js";
import { formatSummary, summarize, type ChaosSummary } from "./summary.js";

export interface ChaosRunResult {
  readonly schedule: Schedule;
  readonly history: History;
  readonly report: CheckReport;
  readonly summary: ChaosSummary;
  /** where history.jsonl, report.json, report.txt and schedule.json were written (and, for a cluster the run started, cluster/ with its logs) */
  readonly out: string;
  /** the run was interrupted (its signal aborted): it healed, stopped its cluster and ran no checker */
  readonly interrupted: boolean;
}

/** how long a host may take to converge once nothing runs any more, as the checker judges it */
export const CONVERGENCE_BOUND_MS = 30_000;
/** deadlines of the waits before the clock starts and of the checker */
const PREPARE_MS = 120_000;
const SETUP_MS = 120_000;
const CHECKER_MS = 180_000;

/**
 * `vdsim chaos run`: starts a cluster (or attaches to one), prepares it, runs the seeded
 * schedule of operations and faults, heals, waits for convergence, runs the checker and writes
 * the history (appended to history.jsonl entry by entry) and the reports to `options.out`. The
 * cluster it started is stopped however it ends. Aborted, it heals, stops and returns within seconds.
 */
export async function runChaos(options: ChaosOptions, log: (line: string) => void = () => undefined, signal?: AbortSignal): Promise<ChaosRunResult> {
  const out = resolve(options.out);
  mkdirSync(out, { recursive: true });
  log(options.attach ? `attaching to the cluster in ${options.attach}` : `starting ${options.hosts} hosts${options.nemeses.includes("nats-kill") ? " on a 3-node NATS cluster" : ""}`);
  if (options.plantedBugs) log(plantedBugsWarning(options.plantedBugs));
  const nemesisOptions = options.natsCreds === undefined ? {} : { natsCreds: options.natsCreds };
  const cluster = options.attach
    ? await attachChaosCluster(options.attach, options.nemeses, nemesisOptions)
    : await startChaosCluster(options.hosts, options.nemeses, join(out, "cluster"), options.plantedBugs, nemesisOptions, options.hostsPerProcess);
  try {
    return await runOn(cluster, options, out, log, signal);
  } finally {
    if (!cluster.attached) log("stopping the cluster");
    await cluster[Symbol.asyncDispose]();
  }
}

async function runOn(cluster: ChaosCluster, options: ChaosOptions, out: string, log: (line: string) => void, signal?: AbortSignal): Promise<ChaosRunResult> {
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
  const preparing = "the cluster to be prepared for the run";
  await untilInterrupted(preparing, signal, withDeadline(preparing, PREPARE_MS, prepareCluster(cluster.client, cluster.hosts, schedule.setup)));
  // the history starts after the preparation: the checker counts every event from its start as asked for by one of its entries
  const history = new HistoryLog(join(out, "history.jsonl"), schedule.seed, Date.now());
  try {
    const execution = new ScheduleExecution(cluster.client, cluster.nemesis, cluster.hosts, schedule, log, (e) => history.record(e), signal);
    let result;
    try {
      const settingUp = "the run's VMs and flows to be set up";
      await untilInterrupted(settingUp, signal, withDeadline(settingUp, SETUP_MS, execution.setUp()));
      log("running");
      result = await execution.run();
    } catch (err) {
      await withDeadline("every nemesis to heal", 60_000, cluster.nemesis.healAll()).catch(() => []);
      throw err;
    }
    const recorded = history.finish(Date.now());
    const report = result.interrupted ? interruptedReport() : await check(cluster, recorded, log);
    const summary = summarize(recorded, result.migrations, report);
    writeFileSync(join(out, "report.json"), JSON.stringify({ summary, check: report }, null, 2) + "\n");
    writeFileSync(join(out, "report.txt"), `${formatSummary(summary)}\n\n${formatReport(report)}\n`);
    return { schedule, history: recorded, report, summary, out, interrupted: result.interrupted };
  } finally {
    history.close();
  }
}

async function check(cluster: ChaosCluster, history: History, log: (line: string) => void): Promise<CheckReport> {
  log("running the checker");
  try {
    return await withDeadline("the checker", CHECKER_MS, checkCluster(cluster.client, { history, convergenceBoundMs: CONVERGENCE_BOUND_MS }));
  } catch (err) {
    const detail = `the checker did not finish: ${err instanceof Error ? err.message : String(err)}`;
    log(detail);
    return { ok: false, invariants: [{ name: "checker-finished", ok: false, evaluated: true, detail }], figures: {} };
  }
}

function interruptedReport(): CheckReport {
  return { ok: false, invariants: [{ name: "run-completed", ok: false, evaluated: true, detail: "the run was interrupted: the checker did not run" }], figures: {} };
}
