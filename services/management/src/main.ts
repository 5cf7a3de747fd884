#!/usr/bin/env node
import { UsageError, connectNats, createLogger, onShutdown, parsePlantedFaults } from "@vdsim/runtime";
import { managementConfig, type ManagementConfig } from "./config.js";
import { ManagementService } from "./service.js";

let config: ManagementConfig;
try {
  config = managementConfig(process.argv.slice(2), process.env);
} catch (err) {
  if (!(err instanceof UsageError)) throw err;
  console.error(err.message);
  process.exit(2);
}
const log = createLogger("vdsim-management");
// tests only: bugs planted on purpose for the consistency checker to catch
const planted = process.env.VDSIM_FAULT ? parsePlantedFaults(process.env.VDSIM_FAULT) : undefined;
if (planted) log.warn({ VDSIM_FAULT: process.env.VDSIM_FAULT }, "planted bugs active (tests only)");
const nc = await connectNats({ ...config.nats, name: "vdsim-management", waitOnFirstConnect: true });
const service = await ManagementService.start(
  nc,
  log.child({ component: "management" }),
  { ...(config.replicas === undefined ? {} : { replicas: config.replicas }), ...(planted ? { planted } : {}) },
);
log.info({ server: nc.getServer(), ...(config.replicas === undefined ? {} : { replicas: config.replicas }) }, "management service ready");
onShutdown(async () => {
  await service[Symbol.asyncDispose]();
  await nc.drain();
});
