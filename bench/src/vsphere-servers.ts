/**
 * The servers the vsphere benchmark measures: vdsim's vSphere API service in front of a cluster
 * (started by `up`'s launcher, as the tests start it) and govmomi's vcsim,
 * built from Debian's golang-go and golang-github-vmware-govmomi-dev when they are installed.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { startVsphereApi as startApiProcess, type ClusterHandle } from "@vdsim/cluster";
import { stopProcess } from "@vdsim/runtime";
import type { Cleanup } from "./cleanup.js";

export const ROOT = resolve(fileURLToPath(new URL("../..", import.meta.url)));
/** Debian's python3, whose dist-packages hold python3-pyvmomi (not a python3 earlier on PATH). */
export const PYTHON = "/usr/bin/python3";
export const hasPyVmomi = (): boolean => spawnSync(PYTHON, ["-c", "import pyVmomi, pyVim.connect"]).status === 0;

/** Where a server answers, and who logs in. */
export interface SoapServer {
  readonly name: string;
  readonly url: string;
  readonly port: string;
  readonly user: string;
  readonly password: string;
}

/** Sends SIGTERM and waits for the exit (SIGKILL after 5 s: a bench must not leave a process behind). */
async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((done) => child.once("exit", done));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
  await exited;
  clearTimeout(timer);
}

/** services/vsphere-api in front of the cluster, started by `up`'s own launcher (the client role, its password generated into the state dir). */
export async function startVsphereApi(cleanup: Cleanup, cluster: ClusterHandle): Promise<SoapServer> {
  let pid: number | undefined;
  const stop = cleanup.add("vSphere API service", async () => {
    if (pid !== undefined) await stopProcess(pid);
  });
  try {
    const api = await startApiProcess(cluster.stateDir, cluster.natsAccess("client"), { port: 0, timeoutMs: 30_000 }, (p) => (pid = p));
    const password = api.passwordFile === null ? (process.env.VDSIM_VSPHERE_PASSWORD ?? "") : readFileSync(api.passwordFile, "utf8").trim();
    return { name: "vdsim", url: api.url, port: new URL(api.url).port, user: api.user, password };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** Debian's layout: the Go sources of its golang-*-dev packages. */
const GOPATH = "/usr/share/gocode";
const GOVMOMI_SIMULATOR = join(GOPATH, "src/github.com/vmware/govmomi/simulator");
/** the binary and Go's build cache, kept between runs so that a rebuild takes a second, not half a minute */
const VCSIM_CACHE = join(tmpdir(), "vdsim-bench-vcsim");

/** Why vcsim cannot be built here, or undefined when it can. */
export function vcsimMissing(): string | undefined {
  if (spawnSync("go", ["version"]).status !== 0) return "no `go` on PATH (Debian: apt-get install golang-go)";
  if (!existsSync(GOVMOMI_SIMULATOR)) return `no govmomi sources at ${GOVMOMI_SIMULATOR} (Debian: apt-get install golang-github-vmware-govmomi-dev)`;
  return undefined;
}

/** Builds bench/vcsim (offline, GOPATH mode against Debian's sources); returns the binary. */
export function buildVcsim(): string {
  mkdirSync(VCSIM_CACHE, { recursive: true });
  const out = join(VCSIM_CACHE, "vcsim");
  const build = spawnSync("go", ["build", "-o", out, "."], {
    cwd: join(ROOT, "bench/vcsim"),
    env: { ...process.env, GOPATH, GO111MODULE: "off", GOFLAGS: "", GOPROXY: "off", GOCACHE: join(VCSIM_CACHE, "gocache") },
    encoding: "utf8",
    timeout: 300_000,
  });
  if (build.status !== 0) throw new Error(`building vcsim failed (${build.status ?? build.signal}):\n${build.stderr}`);
  return out;
}

/** Runs vcsim with the model's counts; it prints https://user:pass@127.0.0.1:PORT/sdk once it answers. */
export async function startVcsim(cleanup: Cleanup, binary: string, vms: number, hosts: number): Promise<SoapServer> {
  // vcsim logs every property change on stderr: kept (its end) for an error, not shown
  const child = spawn(binary, ["-vms", String(vms), "-hosts", String(hosts)], { stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (c: Buffer) => (stderr = (stderr + c.toString("utf8")).slice(-4_000)));
  const stop = cleanup.add("vcsim", () => stopChild(child));
  try {
    const printed = await new Promise<string>((done, fail) => {
      let out = "";
      const timer = setTimeout(() => fail(new Error("vcsim printed no URL within 60 s")), 60_000);
      child.stdout.on("data", (c: Buffer) => {
        out += c.toString("utf8");
        const line = out.split("\n").find((l) => l.startsWith("https://"));
        if (line !== undefined) {
          clearTimeout(timer);
          done(line.trim());
        }
      });
      child.once("exit", (code) => {
        clearTimeout(timer);
        fail(new Error(`vcsim exited ${code} before printing its URL:\n${stderr}`));
      });
    });
    const u = new URL(printed);
    const user = decodeURIComponent(u.username);
    const password = decodeURIComponent(u.password);
    u.username = "";
    u.password = "";
    return { name: "vcsim", url: u.toString(), port: u.port, user, password };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** Runs a pyVmomi script of bench/vsphere to its end and parses the JSON it prints. */
export function runPython<T>(cleanup: Cleanup, script: string, server: SoapServer, args: readonly string[], timeoutMs = 120_000): Promise<T> {
  return new Promise((done, fail) => {
    const child = spawn(PYTHON, [join(ROOT, "bench/vsphere", script), server.port, server.user, server.password, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    const stop = cleanup.add(`pyVmomi ${script}`, () => stopChild(child));
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString("utf8")));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString("utf8")));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      void stop();
      if (code !== 0) return fail(new Error(`${script} against ${server.name} exited ${code ?? signal}:\n${stderr}\n${stdout}`));
      try {
        done(JSON.parse(stdout) as T);
      } catch (err) {
        fail(new Error(`${script} printed what is not JSON (${String(err)}):\n${stdout}\n${stderr}`));
      }
    });
  });
}

/** A pyVmomi script that talks in JSON lines: one written to its stdin, the next it prints read back. */
export class PythonLines {
  readonly #child: ChildProcess;
  readonly #lines: string[] = [];
  #wake: (() => void) | undefined;
  #stderr = "";
  #exited = false;
  readonly stop: () => Promise<void>;

  constructor(cleanup: Cleanup, script: string, server: SoapServer, args: readonly string[]) {
    const child = spawn(PYTHON, [join(ROOT, "bench/vsphere", script), server.port, server.user, server.password, ...args], { stdio: ["pipe", "pipe", "pipe"] });
    this.#child = child;
    this.stop = cleanup.add(`pyVmomi ${script}`, async () => {
      if (!child.stdin?.destroyed) child.stdin?.end("quit\n");
      const timer = setTimeout(() => child.kill("SIGTERM"), 3_000);
      if (!this.#exited) await new Promise((d) => child.once("exit", d));
      clearTimeout(timer);
    });
    let partial = "";
    child.stdout?.on("data", (c: Buffer) => {
      partial += c.toString("utf8");
      const parts = partial.split("\n");
      partial = parts.pop() ?? "";
      this.#lines.push(...parts.filter((l) => l.trim() !== ""));
      this.#wake?.();
    });
    child.stderr?.on("data", (c: Buffer) => (this.#stderr += c.toString("utf8")));
    child.once("exit", () => {
      this.#exited = true;
      this.#wake?.();
    });
  }

  send(line: string): void {
    this.#child.stdin?.write(`${line}\n`);
  }

  async next<T>(timeoutMs = 30_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    while (this.#lines.length === 0) {
      if (this.#exited) throw new Error(`pyVmomi watcher exited:\n${this.#stderr}`);
      if (Date.now() > deadline) throw new Error(`pyVmomi watcher said nothing for ${timeoutMs} ms:\n${this.#stderr}`);
      await new Promise<void>((wake) => {
        this.#wake = wake;
        setTimeout(wake, 1_000);
      });
      this.#wake = undefined;
    }
    return JSON.parse(this.#lines.shift() ?? "null") as T;
  }
}
