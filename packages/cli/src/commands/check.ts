import { existsSync } from "node:fs";
import type { Command } from "commander";
import { checkCluster, formatReport, readHistory, type History } from "@vdsim/checker";
import { UserError, withClient, type GlobalOptions } from "../context.js";
import { parseIntArg } from "../parse.js";

const g = (cmd: Command): GlobalOptions => cmd.optsWithGlobals<GlobalOptions>();

function loadHistory(file: string | undefined): History | undefined {
  if (file === undefined) return undefined;
  if (!existsSync(file)) throw new UserError(`history file ${file} not found`);
  try {
    return readHistory(file);
  } catch (err) {
    throw new UserError(`cannot read the history: ${err instanceof Error ? err.message : String(err)}`);
  }
}

export function registerCheckCommand(program: Command): void {
  program
    .command("check")
    .description("check the live cluster and its log against the consistency invariants; exit 1 on any violation")
    .option("--history <file>", "a recorded history (a chaos run's history.jsonl): also checks acknowledged commands, traffic and convergence")
    .option("--bound <ms>", "how long a host may take to converge after healing (default 30000)", parseIntArg)
    .option("--settle <ms>", "how long to wait for every host to apply the whole log before checking", parseIntArg, 10_000)
    .option("--json", "the report as JSON")
    .action(async (opts: { history?: string; bound?: number; settle: number; json?: boolean }, cmd: Command) => {
      const history = loadHistory(opts.history);
      await withClient(g(cmd), async (client) => {
        const report = await checkCluster(client, {
          ...(history ? { history } : {}),
          ...(opts.bound === undefined ? {} : { convergenceBoundMs: opts.bound }),
          settleMs: opts.settle,
        });
        console.log(opts.json ? JSON.stringify(report, null, 2) : formatReport(report));
        if (!report.ok) process.exitCode = 1;
      });
    });
}
