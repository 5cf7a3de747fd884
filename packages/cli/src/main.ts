#!/usr/bin/env node
import { createRequire } from "node:module";
import { Command, CommanderError } from "commander";
import { RemoteError } from "@vdsim/client";
import { registerChaosCommands } from "./commands/chaos.js";
import { registerCheckCommand } from "./commands/check.js";
import { registerClusterCommands } from "./commands/cluster.js";
import { registerDashboardCommand } from "./commands/dashboard.js";
import { registerDemoCommand } from "./commands/demo.js";
import { registerEventCommands } from "./commands/events.js";
import { registerGuestCommands, registerNetworkCommands } from "./commands/network.js";
import { runHostTool, splitHostToolArgv } from "./commands/host-tools.js";
import { registerVdsCommands } from "./commands/vds.js";
import { registerVmCommands } from "./commands/vm.js";
import { registerVsphereCommands } from "./commands/vsphere.js";
import { registerTopologyCommands } from "./commands/topology.js";
import { endQuietlyOnClosedPipe } from "./pipe.js";

endQuietlyOnClosedPipe();
const { version } = createRequire(import.meta.url)("../package.json") as { version: string };

const program = new Command("vdsim")
  .description("vdsim: an event-sourced simulator of a vSphere networking cluster")
  .option("--state-dir <dir>", "where `vdsim up` keeps the cluster (default $VDSIM_STATE_DIR or ./.vdsim)")
  .option("--nats <url>", "talk to the cluster on this NATS server directly (a cluster: comma-separated URLs; default $NATS_URL)")
  .option("--nats-creds <file>", "NATS credentials: a .creds file or an nkey seed (.nk) (default $NATS_CREDS, else the client role's that `vdsim up` wrote)")
  .option("--nats-ca <file>", "CA certificate for TLS to NATS (default $NATS_CA)")
  .version(version, "-V, --version", "print the version of vdsim")
  .showHelpAfterError("(run with --help for usage)")
  .exitOverride();

registerClusterCommands(program);
registerDashboardCommand(program);
registerVdsCommands(program);
registerVmCommands(program);
registerEventCommands(program);
registerNetworkCommands(program);
registerGuestCommands(program);
registerDemoCommand(program);
registerChaosCommands(program);
registerCheckCommand(program);
registerTopologyCommands(program);
registerVsphereCommands(program);
program.addHelpText(
  "after",
  "\nHost command surface (answered by the host agent):\n  vdsim esxcli --server HOST network vswitch standard list\n  vdsim vicfg-vswitch --server HOST -l\n  vdsim vicfg-vmknic --server HOST -l\n  vdsim vmkping --server HOST -I vmk1 IP",
);

try {
  const hostTool = splitHostToolArgv(process.argv.slice(2));
  if (hostTool) process.exitCode = await runHostTool(hostTool);
  else await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    process.exitCode = err.exitCode;
  } else {
    console.error(`Error: ${err instanceof RemoteError || err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  }
}
