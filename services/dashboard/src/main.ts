#!/usr/bin/env node
import { parseArgs } from "node:util";
import { VdsimClient } from "@vdsim/client";
import { connectNats, createLogger, onShutdown } from "@vdsim/runtime";
import { DashboardService } from "./service.js";
import { writeUrlFile } from "./url-file.js";

const { values } = parseArgs({ options: { port: { type: "string" }, host: { type: "string" }, "url-file": { type: "string" } } });
const port = Number(values.port ?? process.env.VDSIM_DASHBOARD_PORT ?? 0);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`invalid dashboard port "${values.port ?? process.env.VDSIM_DASHBOARD_PORT}": expected 0-65535 (0: any free port)`);
  process.exit(2);
}
const host = values.host ?? process.env.VDSIM_DASHBOARD_HOST ?? "127.0.0.1";
const urlFile = values["url-file"] ?? process.env.VDSIM_DASHBOARD_URL_FILE;
const log = createLogger("vdsim-dashboard");
const nc = await connectNats({ name: "vdsim-dashboard", waitOnFirstConnect: true });
const client = VdsimClient.over(nc);
const service = await DashboardService.start(client, log.child({ component: "dashboard" }), { host, port });
if (urlFile) writeUrlFile(urlFile, service.url);
log.info({ url: service.url, server: nc.getServer() }, "dashboard ready");
onShutdown(async () => {
  await service[Symbol.asyncDispose]();
  await nc.drain();
});
