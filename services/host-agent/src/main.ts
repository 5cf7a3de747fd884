#!/usr/bin/env node
import { join } from "node:path";
import { connectNats, createLogger, onShutdown } from "@vdsim/runtime";
import { HostAgent } from "./agent.js";

const host = process.env.VDSIM_HOST ?? process.argv[2];
if (!host) {
  console.error("usage: host-agent HOST (or VDSIM_HOST=HOST)");
  process.exit(2);
}
const pnics = (process.env.VDSIM_PNICS ?? "vmnic0,vmnic1").split(",").map((s) => s.trim());
const dataDir = process.env.VDSIM_HOST_DATA_DIR;
const log = createLogger("vdsim-host-agent", { host });
const nc = await connectNats({ name: `vdsim-host-${host}`, waitOnFirstConnect: true });
const agent = await HostAgent.start(
  nc,
  { host, pnics, ...(dataDir ? { snapshotFile: join(dataDir, "snapshot.json") } : {}) },
  log.child({ component: "agent" }),
);
log.info({ server: nc.getServer() }, "host agent ready");
onShutdown(async () => {
  await agent[Symbol.asyncDispose]();
  await nc.drain();
});
