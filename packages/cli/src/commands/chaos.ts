import type { Command } from "commander";
import { randomBytes } from "node:crypto";
import { ChaosUsageError, NEMESES, WaitInterrupted, formatSummary, parseChaosOptions, runChaos, type RawChaosOptions } from "@vdsim/chaos";
import { resolveStateDir } from "@vdsim/cluster";
import { UserError, type GlobalOptions } from "../context.js";
import { plantBugOption } from "./planted.js";

export function registerChaosCommands(program: Command): void {
  const chaos = program.command("chaos").description("chaos experiments: a seeded workload and nemeses, a recorded history, the checker's verdict");
  chaos
    .command("run")
    .description("start a cluster (or --attach to the running one), run a workload and nemeses, heal, converge, check; exit 1 on any violation")
    .option("--hosts <n>", "host agents to start (2-16)", "4")
    .option("--hosts-per-process <k>", "run the hosts K to a process (racks; default 1, or 2 with rack-kill)")
    .option("--duration <time>", "how long the workload and nemeses run (30s, 2m, ...)", "60s")
    .option("--seed <seed>", "replays the same schedule (default: a random one, printed)")
    .option("--nemesis <list>", `comma-separated: ${NEMESES.join(",")}, or none (default: all but nats-kill and corrupt)`)
    .option("--rate <ops>", "workload operations per second", "2")
    .option("--out <dir>", "where history.jsonl, report.json and report.txt go", "chaos-out")
    .option("--attach", "use the cluster running from --state-dir instead of starting one (no partition; nats-kill only with --nats-cluster 3)")
    .addOption(plantBugOption())
    .action(async (opts: Omit<RawChaosOptions, "attach"> & { attach?: boolean }, cmd: Command) => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      const { attach, ...rest } = opts;
      if (attach && cmd.getOptionValueSource("hosts") === "cli") {
        throw new UserError("--hosts sizes a cluster the run starts; --attach uses the hosts of the running one: leave --hosts out");
      }
      let options;
      try {
        options = parseChaosOptions({ ...rest, ...(attach ? { attach: resolveStateDir(g.stateDir) } : {}) }, () => randomBytes(4).toString("hex"));
      } catch (err) {
        throw err instanceof ChaosUsageError ? new UserError(err.message) : err;
      }
      const abort = new AbortController();
      const stop = (signal: NodeJS.Signals): void => {
        if (abort.signal.aborted) {
          console.error(`${signal} again: exiting now (processes of the cluster may be left running)`);
          process.exit(130);
        }
        console.error("stopping: healing everything and stopping the cluster (send the signal again to exit at once)");
        abort.abort();
      };
      process.on("SIGINT", stop);
      process.on("SIGTERM", stop);
      try {
        const result = await runChaos(options, (line) => console.error(`[chaos] ${line}`), abort.signal).catch((err: unknown) => {
          if (err instanceof WaitInterrupted) return err;
          throw err instanceof ChaosUsageError ? new UserError(err.message) : err;
        });
        if (result instanceof WaitInterrupted) {
          console.error(`${result.message}: the cluster is stopped`);
          process.exitCode = 130;
          return;
        }
        console.log(formatSummary(result.summary));
        console.log(`  files       ${result.out}/{history.jsonl,report.json,report.txt,schedule.json}${options.attach ? "" : ", the cluster's logs in cluster/logs"}`);
        if (result.interrupted) {
          console.log("  interrupted: the schedule did not run to its end; the checker did not run");
          process.exitCode = 130;
        } else if (!result.summary.ok) process.exitCode = 1;
      } finally {
        process.off("SIGINT", stop);
        process.off("SIGTERM", stop);
        // a NATS call abandoned at its deadline holds no process open: the run is over
        setTimeout(() => process.exit(), 5_000).unref();
      }
    });
}
