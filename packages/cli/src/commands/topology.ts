import { writeFileSync } from "node:fs";
import { Option, type Command } from "commander";
import { exportCluster, loadTopologyFile, renderTopology } from "@vdsim/client";
import { withClient, type GlobalOptions } from "../context.js";
import { parseDuration } from "../parse.js";
import { registerScenarioCommands } from "./scenario.js";

const g = (cmd: Command): GlobalOptions => cmd.optsWithGlobals<GlobalOptions>();

/** `vdsim apply`, `vdsim export` and `vdsim scenario run`: the cluster as code. */
export function registerTopologyCommands(program: Command): void {
  program
    .command("apply")
    .argument("<file>", "topology file (YAML)")
    .description("converge the cluster to a topology file; applying the same file twice records nothing")
    .option("--wait", "return once every responding host applied the changes")
    .addOption(new Option("--timeout <duration>", "how long --wait waits").argParser(parseDuration).default(30_000, "30s"))
    .option("--dry-run", "print the plan, check it against the cluster, record nothing")
    .action(async (file: string, opts: { wait?: boolean; timeout: number; dryRun?: boolean }, cmd: Command) => {
      const parsed = loadTopologyFile(file);
      await withClient(g(cmd), async (client) => {
        const report = await client.apply(parsed, {
          ...(opts.dryRun ? { dryRun: true } : {}),
          ...(opts.wait ? { waitMs: opts.timeout } : {}),
          onStep: (step, seq) => console.log(`  ${step.summary}${seq === null ? " (already so)" : ` (event ${seq})`}`),
        });
        if (opts.dryRun) {
          for (const s of report.steps) console.log(`  would ${s.summary}`);
          console.log(`${file}: ${report.steps.length === 0 ? "the cluster already matches" : `${report.steps.length} changes planned`}, nothing recorded`);
          return;
        }
        console.log(report.recorded === 0 ? `${file}: the cluster already matches, nothing recorded` : `applied ${file}: ${report.recorded} changes recorded`);
        console.log(`topology hash ${report.topologyHash}`);
      });
    });

  program
    .command("export")
    .argument("[file]", "where to write the topology (default: standard output)")
    .description("write the cluster's configuration as a topology file that `vdsim apply` takes")
    .action(async (file: string | undefined, _opts: unknown, cmd: Command) => {
      await withClient(g(cmd), async (client) => {
        const { topology, hash, seq } = await exportCluster(client);
        const text = renderTopology(topology, `vdsim export at event ${seq}\ntopology hash ${hash}`);
        if (file === undefined) process.stdout.write(text);
        else {
          writeFileSync(file, text);
          console.log(`wrote ${file} (event ${seq}, topology hash ${hash})`);
        }
      });
    });

  registerScenarioCommands(program);
}
