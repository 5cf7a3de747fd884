import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startCluster, type ClusterHandle } from "@vdsim/cluster";
import { PYTHON, hasPyVmomi, startVsphereApi, type VsphereApi } from "./support/vsphere.js";

const ROOT = resolve(fileURLToPath(new URL("..", import.meta.url)));

/** Runs a watching pyVmomi script: resolves its lines as they come, and its exit. */
function watcher(api: VsphereApi, script: string, args: readonly string[]) {
  const child = spawn(PYTHON, [join(ROOT, "test/vsphere", script), api.port, api.user, api.password, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (c: Buffer) => (stderr += c.toString("utf8")));
  const lines: Array<Record<string, unknown>> = [];
  const waiters: Array<() => void> = [];
  createInterface({ input: child.stdout }).on("line", (line) => {
    lines.push(JSON.parse(line) as Record<string, unknown>);
    waiters.splice(0).forEach((w) => w());
  });
  const exited = new Promise<number | null>((done) => child.once("exit", (code) => done(code)));
  const line = async (n: number, timeoutMs = 60_000): Promise<Record<string, unknown>> => {
    const t0 = Date.now();
    while (lines.length <= n) {
      if (child.exitCode !== null) throw new Error(`${script} exited ${child.exitCode} before line ${n + 1}:\n${stderr}`);
      if (Date.now() - t0 > timeoutMs) throw new Error(`${script} printed no line ${n + 1} in ${timeoutMs} ms:\n${stderr}`);
      await Promise.race([new Promise<void>((w) => waiters.push(w)), exited, new Promise((r) => setTimeout(r, 500))]);
    }
    return lines[n]!;
  };
  return { line, exited, kill: () => child.kill("SIGKILL"), stderr: () => stderr };
}

/** The two faces see one state: a change made with the vdsim client is seen by a pyVmomi watcher. */
describe("watching through the vSphere API", () => {
  let cluster: ClusterHandle;
  let api: VsphereApi;
  const wait = { waitMs: 10_000 };

  beforeAll(async () => {
    cluster = await startCluster({ hosts: 2 });
    await cluster.client.createSwitch("dvs1");
    for (const h of ["esx-01", "esx-02"]) await cluster.client.addHostToSwitch("dvs1", h, ["vmnic1"], wait);
    await cluster.client.addPortGroup("dvs1", "web", { vlan: { kind: "vlan", id: 10 } }, wait);
    api = await startVsphereApi(cluster);
  });

  afterAll(async () => {
    await api?.stop();
    await cluster?.down();
  });

  it.skipIf(!hasPyVmomi)("a WaitForUpdatesEx watcher on a port group sees the VLAN that `vds portgroup set` gives it, as a modify", async () => {
    const w = watcher(api, "watch_portgroup.py", ["web"]);
    try {
      expect(await w.line(0)).toMatchObject({ ready: true, kind: "enter", vlan: 10 });
      await cluster.client.setPortGroupPolicy("dvs1", "web", { vlan: { kind: "vlan", id: 20 } }, wait);
      expect(await w.line(1)).toMatchObject({ kind: "modify", vlan: 20 });
      expect(await w.exited).toBe(0);
    } finally {
      w.kill();
    }
  });

  it.skipIf(!hasPyVmomi)("a WaitForUpdates watcher on a host sees it go notResponding when its agent is killed, and connected again once it is back", async () => {
    const down = watcher(api, "watch_host.py", ["esx-02", "notResponding"]);
    try {
      expect(await down.line(0)).toMatchObject({ ready: true, kind: "enter", state: "connected" });
      await cluster.killHost("esx-02");
      expect(await down.line(1)).toMatchObject({ kind: "modify", state: "notResponding" });
      expect(await down.exited).toBe(0);
    } finally {
      down.kill();
    }
    const up = watcher(api, "watch_host.py", ["esx-02", "connected"]);
    try {
      expect(await up.line(0)).toMatchObject({ ready: true, state: "notResponding" });
      await cluster.restartHost("esx-02");
      expect(await up.line(1)).toMatchObject({ kind: "modify", state: "connected" });
    } finally {
      up.kill();
    }
  });
});
