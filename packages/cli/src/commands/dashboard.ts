import { spawn, spawnSync } from "node:child_process";
import type { Command } from "commander";
import { readClusterRecord, resolveStateDir } from "@vdsim/cluster";
import { isAlive } from "@vdsim/runtime";
import { UserError, type GlobalOptions } from "../context.js";

export function registerDashboardCommand(program: Command): void {
  program
    .command("dashboard")
    .description("print the web dashboard's URL (and open it in a browser when there is a display)")
    .option("--no-open", "only print the URL")
    .action((opts: { open: boolean }, cmd: Command) => {
      const stateDir = resolveStateDir(cmd.optsWithGlobals<GlobalOptions>().stateDir);
      const record = readClusterRecord(stateDir);
      if (!record) throw new UserError(`no running cluster found in ${stateDir}: run "vdsim up" first`);
      const dashboard = record.dashboard;
      if (!dashboard) throw new UserError(`the cluster in ${stateDir} was started without a dashboard: "vdsim down", then "vdsim up"`);
      if (!isAlive(dashboard.pid)) {
        throw new UserError(`the dashboard (pid ${dashboard.pid}) is not running; its log is ${stateDir}/logs/dashboard.log`);
      }
      console.log(dashboard.url);
      if (opts.open && process.env.DISPLAY) openInBrowser(dashboard.url);
    });
}

/** xdg-open, when the machine has it; a browser that cannot start is not an error. */
function openInBrowser(url: string): void {
  if (spawnSync("sh", ["-c", "command -v xdg-open"], { stdio: "ignore" }).status !== 0) return;
  const child = spawn("xdg-open", [url], { detached: true, stdio: "ignore" });
  child.on("error", () => undefined);
  child.unref();
}
