#!/usr/bin/env node
import { connectNats, createLogger, onShutdown } from "@vdsim/runtime";
import { ManagementService } from "./service.js";

const log = createLogger("vdsim-management");
const nc = await connectNats({ name: "vdsim-management", waitOnFirstConnect: true });
const replicas = process.env.VDSIM_REPLICAS ? Number(process.env.VDSIM_REPLICAS) : undefined;
const service = await ManagementService.start(nc, log.child({ component: "management" }), replicas ? { replicas } : {});
log.info({ server: nc.getServer() }, "management service ready");
onShutdown(async () => {
  await service[Symbol.asyncDispose]();
  await nc.drain();
});
