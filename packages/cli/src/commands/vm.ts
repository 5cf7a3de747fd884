import type { Command } from "commander";
import { guestIp } from "@vdsim/dataplane";
import { withClient, type GlobalOptions } from "../context.js";
import { table } from "../format.js";
import { parseList } from "../parse.js";
import { report, waitOptions, withWait, type WaitFlags } from "./changes.js";
import { registerMigrateCommands } from "./migrate.js";

const g = (cmd: Command): GlobalOptions => cmd.optsWithGlobals<GlobalOptions>();

export function registerVmCommands(program: Command): void {
  const vm = program.command("vm").description("virtual machines");
  registerMigrateCommands(program, vm);

  withWait(
    vm
      .command("create")
      .argument("<name>", "VM name")
      .description("create a VM on a host; each network gets a vNIC with a MAC in 00:50:56 and a dvPort")
      .requiredOption("--host <host>", "host to run on")
      .requiredOption("--network <portgroups>", "port group per vNIC, comma-separated", parseList),
  ).action(async (name: string, opts: WaitFlags & { host: string; network: string[] }, cmd: Command) => {
    await withClient(g(cmd), async (client) => {
      const r = await client.createVm(name, opts.host, opts.network, waitOptions(opts));
      report(`created VM ${name} on ${opts.host}`, r, opts);
      const created = (await client.status()).vms.find((v) => v.name === name);
      for (const n of created?.nics ?? []) {
        const where = n.vds === undefined ? `standard switch ${n.vswitch ?? "?"}` : `${n.vds}, dvPort ${n.portKey ?? "?"}`;
        console.log(`  Network adapter ${n.index + 1}: ${n.mac} on ${n.portgroup} (${where}), IP ${guestIp(n.mac)}`);
      }
    });
  });

  withWait(vm.command("remove").argument("<name>", "VM name").description("remove a VM and free its ports")).action(
    async (name: string, opts: WaitFlags, cmd: Command) => {
      await withClient(g(cmd), async (client) => report(`removed VM ${name}`, await client.removeVm(name, waitOptions(opts)), opts));
    },
  );

  vm.command("list")
    .description("list VMs, where they run and their vNICs")
    .option("--json", "machine-readable output")
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      await withClient(g(cmd), async (client) => {
        const { vms } = await client.status();
        if (opts.json) return console.log(JSON.stringify(vms, null, 2));
        console.log(
          table(
            ["Name", "Host", "vNIC", "MAC", "IP", "Port group", "Switch", "dvPort"],
            vms.flatMap((v) =>
              v.nics.map((n) => [v.name, v.host, `Network adapter ${n.index + 1}`, n.mac, guestIp(n.mac), n.portgroup, n.vds ?? n.vswitch ?? "", n.portKey ?? "-"]),
            ),
          ),
        );
      });
    });
}
