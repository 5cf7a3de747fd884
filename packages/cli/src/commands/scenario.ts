import { writeFileSync } from "node:fs";
import type { Command } from "commander";
import { loadScenarioFile } from "@vdsim/client";
import { attachCluster } from "@vdsim/cluster";
import { runScenarioFile, type RunScenarioOptions, type ScenarioReport } from "@vdsim/scenario";
import { resolveContext, type GlobalOptions } from "../context.js";

type StepEvent = Parameters<NonNullable<RunScenarioOptions["onStep"]>>[0];

const seconds = (ms: number | undefined): string => `${((ms ?? 0) / 1000).toFixed(1)} s`;

/** One line per step as it ends; on a terminal, the running step shows until it ends. */
function progress(out: NodeJS.WriteStream): (step: StepEvent, total: number) => void {
  const tty = out.isTTY === true;
  return (step, total) => {
    const n = `[${step.number}/${total - 1}]`;
    if (step.status === undefined) {
      if (tty) out.write(`  ..  ${n} ${step.label}`);
      return;
    }
    if (tty) out.write("\r\x1b[2K");
    const mark = step.status === "passed" ? "ok  " : step.status === "failed" ? "FAIL" : "skip";
    const tail = step.status === "passed" ? `: ${step.detail ?? ""}` : step.status === "failed" ? `: ${step.error ?? ""}` : "";
    out.write(`  ${mark} ${n} ${step.label} (line ${step.line}, ${seconds(step.ms)})${tail}\n`);
  };
}

export function registerScenarioCommands(program: Command): void {
  const scenario = program.command("scenario").description("scenarios as code: a topology and steps with expected outcomes");
  scenario
    .command("run")
    .argument("<file>", "scenario file (YAML)")
    .description("start a fresh cluster of the scenario's hosts, apply its topology, run its steps in order, stop the cluster; exit 1 on any failed step")
    .option("--json", "print the report as JSON on standard output (progress goes to standard error)")
    .option("--report <file>", "write the JSON report to a file")
    .option("--attach", "run on the cluster `vdsim up` started in the state dir instead (and leave it running)")
    .action(async (file: string, opts: { json?: boolean; report?: string; attach?: boolean }, cmd: Command) => {
      const out = opts.json ? process.stderr : process.stdout;
      const { value } = loadScenarioFile(file);
      out.write(`scenario ${value.name} (${file})\n`);
      await using attached = opts.attach ? await attachCluster(resolveContext(cmd.optsWithGlobals<GlobalOptions>())) : undefined;
      if (attached) out.write(`  on the cluster in ${attached.stateDir}\n`);
      const report: ScenarioReport = await runScenarioFile(file, {
        ...(attached ? { cluster: attached } : {}),
        onCluster: (hosts) => out.write(`  starting a cluster of ${hosts} hosts\n`),
        onStep: progress(out),
      });
      const passed = report.steps.filter((s) => s.status === "passed").length;
      out.write(`${report.ok ? "PASSED" : "FAILED"}: ${passed} of ${report.steps.length} steps passed in ${seconds(report.ms)}\n`);
      if (opts.report) writeFileSync(opts.report, `${JSON.stringify(report, null, 2)}\n`);
      if (opts.json) console.log(JSON.stringify(report, null, 2));
      if (!report.ok) process.exitCode = 1;
    });
}
