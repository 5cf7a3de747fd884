import { SingleBar } from "cli-progress";
import type { Command } from "commander";
import type { RollbackReason } from "@vdsim/model";
import type { MigrationSummary } from "@vdsim/protocol";
import { UserError, withClient, type GlobalOptions } from "../context.js";
import { table } from "../format.js";
import { parseIntArg } from "../parse.js";

const g = (cmd: Command): GlobalOptions => cmd.optsWithGlobals<GlobalOptions>();

function describeRollback(r: RollbackReason | null | undefined): string {
  if (!r) return "";
  switch (r.kind) {
    case "precheckFailed":
      return `precheck failed:\n${r.reasons.map((x) => `  - ${x}`).join("\n")}`;
    case "stepFailed":
      return `stepFailed in ${r.step}: ${r.message}`;
    case "stepTimedOut":
      return `stepTimedOut in ${r.step}`;
    case "cancelled":
      return `cancelled${r.message ? `: ${r.message}` : ""}`;
  }
}

export function registerMigrateCommands(program: Command, vm: Command): void {
  vm.command("migrate")
    .argument("<vm>", "VM to move")
    .requiredOption("--to <host>", "destination host")
    .option("--wait", "follow the migration to its end, with a progress bar")
    .option("--memory-mb <mb>", "override the VM's memory size for this migration", parseIntArg)
    .option("--dirty-rate <mbps>", "override the VM's memory dirty rate, MB/s", parseIntArg)
    .description("vMotion: move a running VM to another host; its ports and their state follow it")
    .action(async (name: string, opts: { to: string; wait?: boolean; memoryMb?: number; dirtyRate?: number }, cmd: Command) => {
      await withClient(g(cmd), async (client) => {
        const params = { ...(opts.memoryMb === undefined ? {} : { memoryMB: opts.memoryMb }), ...(opts.dirtyRate === undefined ? {} : { dirtyRateMBps: opts.dirtyRate }) };
        const { migration, seq } = await client.migrate(name, opts.to, params);
        console.log(`migration ${migration}: ${name} -> ${opts.to}`);
        if (!opts.wait) return;
        const bar = process.stdout.isTTY ? new SingleBar({ format: " {phase} [{bar}] {percentage}%", hideCursor: true }) : undefined;
        bar?.start(100, 0, { phase: "queued".padEnd(11) });
        const done = await client.waitForMigration(migration, seq, (phase, percent) => {
          if (bar) bar.update(Math.round(percent), { phase: phase.padEnd(11) });
          else console.log(`  ${phase} ${Math.round(percent)}%`);
        });
        bar?.stop();
        printOutcome(done);
        if (done.result !== "completed") process.exitCode = 1;
      });
    });

  const host = program.commands.find((c) => c.name() === "host");
  (host ?? program.command("host"))
    .command("maintenance")
    .argument("<host>", "host to empty")
    .description("maintenance mode: migrate every VM off a host, within the per-host vMotion limit, and report progress")
    .action(async (name: string, _opts: unknown, cmd: Command) => {
      await withClient(g(cmd), async (client) => {
        const plan = await client.evacuate(name);
        const started = plan.migrations.filter((m) => m.migration !== null);
        for (const m of plan.migrations.filter((x) => x.migration === null)) console.log(`  ${m.vm}: no host can take it: ${m.reasons.join("; ")}`);
        console.log(`entering maintenance mode on ${name}: ${started.length} VM${started.length === 1 ? "" : "s"} to migrate`);
        const bar = process.stdout.isTTY ? new SingleBar({ format: " evacuating [{bar}] {value}/{total} VMs", hideCursor: true }) : undefined;
        bar?.start(started.length, 0);
        const byId = new Map(started.map((m) => [m.migration as string, m]));
        const results = await client.waitForMigrations([...byId.keys()], plan.seq, (id, result, ended) => {
          const m = byId.get(id);
          if (bar) bar.update(ended);
          else console.log(`  ${m?.vm} -> ${m?.destination}: ${result} (${ended}/${started.length})`);
        });
        bar?.stop();
        const failed = [...results].filter(([, r]) => r !== "completed").map(([id]) => byId.get(id)?.vm);
        const stranded = plan.migrations.length - started.length;
        console.log(`${name}: ${started.length - failed.length} migrated${failed.length ? `, ${failed.length} not (${failed.join(", ")})` : ""}${stranded ? `, ${stranded} with nowhere to go` : ""}`);
        if (failed.length > 0 || stranded > 0) process.exitCode = 1;
      });
    });

  program
    .command("migrations")
    .description("migrations with their phase, times and outcome")
    .option("--json", "machine-readable output")
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      await withClient(g(cmd), async (client) => {
        const list = await client.migrations();
        if (opts.json) return console.log(JSON.stringify(list, null, 2));
        console.log(
          table(
            ["Migration", "VM", "From", "To", "Phase", "Progress", "Result", "Total ms", "Iterations", "Stun ms", "Frames lost", "Drift"],
            list.map((m) => {
              const o = m.outcome;
              return [m.id, m.vm, m.source, m.destination, m.phase, `${Math.round(m.progress)}%`, m.result ?? "-", o?.totalMs ?? "-", o?.precopyIterations ?? "-", o?.stunMs == null ? "-" : o.stunMs.toFixed(1), o?.traffic?.framesLost ?? "-", o?.drift.length ?? 0];
            }),
          ),
        );
        for (const m of list.filter((x) => x.result !== null && x.result !== "completed")) {
          console.log(`${m.id} ${m.result === "rolledBack" ? "rolled back" : "failed"}: ${describeRollback(m.outcome?.rollbackReason)}`);
        }
      });
    });
}

function printOutcome(m: MigrationSummary): void {
  const o = m.outcome;
  if (m.result === "completed") {
    console.log(`completed in ${o?.totalMs ?? "?"} ms: ${o?.precopyIterations ?? "?"} pre-copy iterations, switchover (stun) ${o?.stunMs == null ? "?" : o.stunMs.toFixed(1)} ms${o?.rarpSent ? ", RARP sent" : ""}`);
    if (o?.traffic) console.log(`  traffic: ${o.traffic.flows} flow${o.traffic.flows === 1 ? "" : "s"}, ${o.traffic.framesLost} frames lost, longest gap ${o.traffic.longestGapMs.toFixed(1)} ms`);
    for (const d of o?.drift ?? []) console.log(`  drift: ${d.vnic} on "${d.portGroup}": ${d.setting} was ${String(d.source)} on the source, is ${String(d.destination)} on the destination`);
    if (o?.sourceCleanupPending) console.log("  the source host did not release its ports; it cleans them up when it comes back");
    return;
  }
  throw new UserError(`migration ${m.id} of ${m.vm} ${m.result === "rolledBack" ? "rolled back" : "failed"}; ${m.vm} keeps running on ${m.source}: ${describeRollback(o?.rollbackReason)}`);
}
