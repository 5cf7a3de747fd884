import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isAlive } from "@vdsim/runtime";
import { Cli } from "./support/cli.js";

const PYTHON = "/usr/bin/python3";
const ROOT = fileURLToPath(new URL("..", import.meta.url));
const hasPyVmomi = spawnSync(PYTHON, ["-c", "import pyVmomi"]).status === 0;

/** The vSphere API as a new user meets it: started by `vdsim up`, found with `vdsim status`, stopped by `down`. */
describe("vdsim up serves the vSphere API", () => {
  const cli = new Cli();
  let status: { vsphereApi: { url: string; user: string; passwordFile: string }; processes: { vsphereApi: number } };

  beforeAll(async () => {
    const out = await cli.ok("up", "--hosts", "2");
    expect(out).toMatch(/vSphere API https:\/\/127\.0\.0\.1:\d+\/sdk, user administrator@vsphere\.local, password in \S+vsphere-api\.password/);
    await cli.ok("vds", "create", "dvs1", "--uplinks", "2");
    await cli.ok("vds", "add-host", "dvs1", "esx-01", "--uplink", "vmnic1", "--wait");
    await cli.ok("vds", "portgroup", "add", "dvs1", "web", "--vlan", "10");
    await cli.ok("vm", "create", "a", "--host", "esx-01", "--network", "web", "--wait");
    status = JSON.parse(await cli.ok("status", "--json")) as typeof status;
  }, 120_000);

  afterAll(async () => {
    await cli[Symbol.asyncDispose]();
  });

  it("status prints its URL, user and the password's file (mode 0600)", async () => {
    expect(status.vsphereApi.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/sdk$/);
    expect(status.vsphereApi.user).toBe("administrator@vsphere.local");
    expect((await import("node:fs")).statSync(status.vsphereApi.passwordFile).mode & 0o777).toBe(0o600);
    expect(await cli.ok("status")).toContain(`vSphere API ${status.vsphereApi.url}`);
  });

  it.skipIf(!hasPyVmomi)("pyVmomi logs in with the generated password and sees what the CLI made", () => {
    const password = readFileSync(status.vsphereApi.passwordFile, "utf8").trim();
    const port = new URL(status.vsphereApi.url).port;
    const run = spawnSync(PYTHON, [join(ROOT, "test/vsphere/inventory.py"), port, status.vsphereApi.user, password], { encoding: "utf8", timeout: 60_000 });
    expect(run.stderr).toBe("");
    const out = JSON.parse(run.stdout) as { hosts: Array<{ name: string }>; vms: Array<{ name: string; host: string }>; switches: Array<{ name: string }> };
    expect(out.hosts.map((h) => h.name)).toEqual(["esx-01", "esx-02"]);
    expect(out.switches.map((s) => s.name)).toEqual(["dvs1"]);
    expect(out.vms.map((v) => [v.name, v.host])).toEqual([["a", "esx-01"]]);
  });

  it("down stops it", async () => {
    const pid = status.processes.vsphereApi;
    expect(isAlive(pid)).toBe(true);
    expect(await cli.ok("down")).toContain(`vSphere API (pid ${pid})`);
    expect(isAlive(pid)).toBe(false);
  });
});
