#!/usr/bin/env node
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { connectNats, createLogger, onShutdown } from "@vdsim/runtime";
import { ensureCertificate } from "./certificate.js";
import { stableUuid } from "./inventory/ids.js";
import { VsphereApiService } from "./service.js";
import { writeUrlFile } from "./url-file.js";

const { values } = parseArgs({
  options: {
    port: { type: "string" },
    host: { type: "string" },
    "url-file": { type: "string" },
    "state-dir": { type: "string" },
    user: { type: "string" },
    "password-file": { type: "string" },
  },
});
const port = Number(values.port ?? process.env.VDSIM_VSPHERE_PORT ?? 0);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`invalid vSphere API port "${values.port ?? process.env.VDSIM_VSPHERE_PORT}": expected 0-65535 (0: any free port)`);
  process.exit(2);
}
const stateDir = values["state-dir"] ?? process.env.VDSIM_VSPHERE_STATE_DIR;
if (!stateDir) {
  console.error("give --state-dir DIR (or VDSIM_VSPHERE_STATE_DIR): where the certificate and the generated password are kept");
  process.exit(2);
}
const log = createLogger("vdsim-vsphere-api");
const { certFile, keyFile } = await ensureCertificate(stateDir);
const password = readPassword(stateDir);
const version = (JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string }).version;

const nc = await connectNats({ name: "vdsim-vsphere-api", waitOnFirstConnect: true });
const service = await VsphereApiService.start(nc, log.child({ component: "vsphere-api" }), {
  host: values.host ?? process.env.VDSIM_VSPHERE_HOST ?? "127.0.0.1",
  port,
  certFile,
  keyFile,
  userName: values.user ?? process.env.VDSIM_VSPHERE_USER ?? "administrator@vsphere.local",
  password,
  vdsimVersion: version,
  instanceUuid: stableUuid(`vsphere-api:${stateDir}`),
});
const urlFile = values["url-file"] ?? process.env.VDSIM_VSPHERE_URL_FILE;
if (urlFile) writeUrlFile(urlFile, service.url);
console.log(service.url);
log.info({ url: service.url, server: nc.getServer() }, "vSphere API ready");
onShutdown(async () => {
  await service[Symbol.asyncDispose]();
  await nc.drain();
});

/** --password-file, else VDSIM_VSPHERE_PASSWORD, else the one generated (once, mode 0600) in the state dir. */
function readPassword(dir: string): string {
  const file = values["password-file"];
  if (file) return readFileSync(file, "utf8").trim();
  const fromEnv = process.env.VDSIM_VSPHERE_PASSWORD;
  if (fromEnv) return fromEnv;
  const generated = join(dir, "vsphere-api.password");
  if (!existsSync(generated)) {
    writeFileSync(generated, `${randomBytes(12).toString("base64url")}\n`, { mode: 0o600 });
    chmodSync(generated, 0o600);
  }
  return readFileSync(generated, "utf8").trim();
}
