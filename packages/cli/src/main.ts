#!/usr/bin/env node
import { Command, CommanderError } from "commander";
import { RemoteError } from "@vdsim/client";
import { registerClusterCommands } from "./commands/cluster.js";
import { registerDemoCommand } from "./commands/demo.js";
import { registerEventCommands } from "./commands/events.js";
import { registerVdsCommands } from "./commands/vds.js";
import { registerVmCommands } from "./commands/vm.js";

const program = new Command("vdsim")
  .description("vdsim: an event-sourced simulator of a vSphere networking cluster")
  .option("--state-dir <dir>", "where `vdsim up` keeps the cluster (default $VDSIM_STATE_DIR or ./.vdsim)")
  .option("--nats <url>", "talk to the cluster on this NATS server directly")
  .showHelpAfterError("(run with --help for usage)")
  .exitOverride();

registerClusterCommands(program);
registerVdsCommands(program);
registerVmCommands(program);
registerEventCommands(program);
registerDemoCommand(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    process.exitCode = err.exitCode;
  } else {
    console.error(`Error: ${err instanceof RemoteError || err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  }
}
