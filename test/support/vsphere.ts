import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { ClusterHandle } from "@vdsim/cluster";
import { waitFor } from "@vdsim/runtime";

const ROOT = resolve(fileURLToPath(new URL("../..", import.meta.url)));
const MAIN = join(ROOT, "services/vsphere-api/dist/main.js");
/** Debian's python3, whose dist-packages hold python3-pyvmomi (not the pyenv python3 on PATH). */
export const PYTHON = "/usr/bin/python3";
export const VSPHERE_USER = "administrator@vsphere.local";
export const VSPHERE_PASSWORD = "e2e-Secret!";
export const hasPyVmomi = spawnSync(PYTHON, ["-c", "import pyVmomi, pyVim.connect"]).status === 0;

/** A vSphere API service process in front of a cluster, as `vdsim up` starts it (the client role). */
export interface VsphereApi extends AsyncDisposable {
  readonly url: string;
  readonly port: string;
  readonly process: ChildProcess;
  stop(): Promise<void>;
}

export async function startVsphereApi(cluster: ClusterHandle): Promise<VsphereApi> {
  const dir = mkdtempSync(join(tmpdir(), "vsphere-api-e2e-"));
  const urlFile = join(dir, "vsphere-api.url");
  const child = spawn(process.execPath, [MAIN, "--port", "0", "--state-dir", dir, "--url-file", urlFile], {
    env: { ...process.env, NATS_URL: cluster.natsUrl, NATS_CREDS: cluster.natsAccess("client").credsFile ?? "", VDSIM_VSPHERE_PASSWORD: VSPHERE_PASSWORD },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((done) => child.once("exit", done));
      child.kill("SIGTERM");
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const url = await waitFor("the vSphere API's url file", () => (existsSync(urlFile) ? readFileSync(urlFile, "utf8").trim() : undefined), 30_000, 100);
    return { url, port: new URL(url).port, process: child, stop, [Symbol.asyncDispose]: stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/**
 * Runs a pyVmomi script of test/vsphere with PORT USER PASSWORD and the extra arguments, and parses
 * the JSON it prints. A script that fails throws with its stderr, so a test shows the Python trace.
 */
export function runPyVmomi<T = Record<string, unknown>>(script: string, api: Pick<VsphereApi, "port">, args: readonly string[] = [], timeoutMs = 120_000): Promise<T> {
  return new Promise((done, fail) => {
    const child = spawn(PYTHON, [join(ROOT, "test/vsphere", script), api.port, VSPHERE_USER, VSPHERE_PASSWORD, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString("utf8")));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString("utf8")));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      if (code !== 0) return fail(new Error(`${script} exited ${code ?? signal}:\n${stderr}\n${stdout}`));
      try {
        done(JSON.parse(stdout) as T);
      } catch (err) {
        fail(new Error(`${script} printed what is not JSON (${String(err)}):\n${stdout}\n${stderr}`));
      }
    });
  });
}
