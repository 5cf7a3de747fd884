import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { natsServerBinary, supportsSyncAlways } from "@vdsim/runtime";
import { k8sObject, readK8sObjects, readText, type Yaml } from "./support/deploy-files.js";

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), "vdsim-nats-conf-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `nats-server -t`: parses the config as the server would, and exits. */
async function natsServerAccepts(name: string, conf: string): Promise<string> {
  // sync_interval exists from 2.10 (the containers' server); an older local binary is given the rest
  const text = supportsSyncAlways() ? conf : conf.replace(/^\s*sync_interval:.*$/m, "");
  const file = join(dir, name);
  writeFileSync(file, text);
  const { stdout, stderr } = await run(natsServerBinary(), ["-c", file, "-t"], { env: { ...process.env, SERVER_NAME: "nats-1" } });
  return stdout + stderr;
}

describe(`the NATS cluster configs are accepted by nats-server ${supportsSyncAlways() ? "" : "(2.9 here: checked without sync_interval) "}`, () => {
  it("deploy/nats/cluster.conf (docker compose)", async () => {
    expect(await natsServerAccepts("compose.conf", readText("deploy", "nats", "cluster.conf"))).toMatch(/is valid/);
  });

  it("the nats-config ConfigMap (Kubernetes)", async () => {
    const data = k8sObject(readK8sObjects(), "ConfigMap", "nats-config").body.data as Yaml;
    expect(await natsServerAccepts("k8s.conf", data["nats.conf"] as string)).toMatch(/is valid/);
  });
});
