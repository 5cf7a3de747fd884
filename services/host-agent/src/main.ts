#!/usr/bin/env node
import { join } from "node:path";
import { UsageError, connectNats, createLogger, onShutdown, parsePlantedFaults } from "@vdsim/runtime";
import { HostAgent } from "./agent.js";
import { hostAgentConfig, type HostAgentConfig } from "./config.js";

let config: HostAgentConfig;
try {
  config = hostAgentConfig(process.argv.slice(2), process.env);
} catch (err) {
  if (!(err instanceof UsageError)) throw err;
  console.error(err.message);
  process.exit(2);
}
const { host } = config;
const log = createLogger("vdsim-host-agent", { host });
// tests only: bugs planted on purpose for the consistency checker to catch
const planted = process.env.VDSIM_FAULT ? parsePlantedFaults(process.env.VDSIM_FAULT, host) : undefined;
if (planted) log.warn({ VDSIM_FAULT: process.env.VDSIM_FAULT }, "planted bugs active (tests only)");
const nc = await connectNats({ ...config.nats, name: `vdsim-host-${host}`, waitOnFirstConnect: true });
const agent = await HostAgent.start(
  nc,
  { host, pnics: config.pnics, ...(config.dataDir ? { snapshotFile: join(config.dataDir, "snapshot.json") } : {}), ...(planted ? { planted } : {}) },
  log.child({ component: "agent" }),
);
log.info({ server: nc.getServer() }, "host agent ready");
onShutdown(async () => {
  await agent[Symbol.asyncDispose]();
  await nc.drain();
});
