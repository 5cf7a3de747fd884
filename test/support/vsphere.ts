import { spawn, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { startVsphereApi as startApiProcess, type ClusterHandle } from "@vdsim/cluster";
import { stopProcess } from "@vdsim/runtime";

const ROOT = resolve(fileURLToPath(new URL("../..", import.meta.url)));
/** Debian's python3, whose dist-packages hold python3-pyvmomi (not the pyenv python3 on PATH). */
export const PYTHON = "/usr/bin/python3";
export const hasPyVmomi = spawnSync(PYTHON, ["-c", "import pyVmomi, pyVim.connect"]).status === 0;

/** A vSphere API service process in front of a cluster, started as `vdsim up` starts it (the client role). */
export interface VsphereApi extends AsyncDisposable {
  readonly url: string;
  readonly port: string;
  readonly user: string;
  /** the password generated into the cluster's state dir */
  readonly password: string;
  readonly pid: number;
  stop(): Promise<void>;
}

/** Starts the vSphere API of a cluster with `up`'s own launcher; the test stops it (its state dir goes with the cluster's). */
export async function startVsphereApi(cluster: ClusterHandle): Promise<VsphereApi> {
  let pid: number | undefined;
  const stop = async (): Promise<void> => {
    if (pid !== undefined) await stopProcess(pid);
  };
  try {
    const api = await startApiProcess(cluster.stateDir, cluster.natsAccess("client"), { port: 0, timeoutMs: 30_000 }, (p) => (pid = p));
    const password = api.passwordFile === null ? (process.env.VDSIM_VSPHERE_PASSWORD ?? "") : readFileSync(api.passwordFile, "utf8").trim();
    return { url: api.url, port: new URL(api.url).port, user: api.user, password, pid: api.pid, stop, [Symbol.asyncDispose]: stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/**
 * Runs a pyVmomi script of test/vsphere with PORT USER PASSWORD and the extra arguments, and parses
 * the JSON it prints. A script that fails throws with its stderr, so a test shows the Python trace.
 */
export function runPyVmomi<T = Record<string, unknown>>(script: string, api: Pick<VsphereApi, "port" | "user" | "password">, args: readonly string[] = [], timeoutMs = 120_000): Promise<T> {
  return new Promise((done, fail) => {
    const child = spawn(PYTHON, [join(ROOT, "test/vsphere", script), api.port, api.user, api.password, ...args], { stdio: ["ignore", "pipe", "pipe"] });
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
