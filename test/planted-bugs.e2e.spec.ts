import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { VdsimClient } from "@vdsim/client";
import { natsAccess, readClusterRecord } from "@vdsim/cluster";
import { Cli, runVdsim } from "./support/cli.js";

/** The entry file a process runs: a service's `dist/main.js`, or its test-only entry. */
const entryOf = (pid: number): string => readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0")[1] ?? "";
const PRODUCTION = /\/dist\/main\.js$/;
const WITH_PLANTED_BUGS = /\/dist\/testing\/main-with-planted-bugs\.js$/;

interface StatusJson {
  readonly plantedBugs: readonly string[];
  readonly processes: { readonly management: number; readonly hosts: Readonly<Record<string, number>> };
}

describe("planted bugs come only from the test harness, never from the environment", () => {
  const clis: Cli[] = [];
  const cli = (): Cli => {
    const c = new Cli();
    clis.push(c);
    return c;
  };
  afterAll(async () => {
    for (const c of clis) await c[Symbol.asyncDispose]();
  });

  it("a cluster started with VDSIM_FAULT set plants nothing: production entries, no warning, status shows none, every acknowledged change is in the log", async () => {
    const c = cli();
    const env = { ...process.env, VDSIM_FAULT: "ack-without-append:CreateDistributedSwitch,ack-without-append:DistributedSwitchCreated,skip-source-release" };
    const up = await runVdsim(["--state-dir", c.stateDir, "up", "--hosts", "1", "--no-dashboard"], { env });
    if (up.code !== 0) throw new Error(`vdsim up exited ${up.code}\n${up.stdout}\n${up.stderr}`);
    expect(up.stdout.split("\n")[0]).toMatch(/^vdsim cluster is up/);
    expect(up.stdout + up.stderr).not.toContain("planted");
    const status = JSON.parse(await c.ok("status", "--json")) as StatusJson;
    expect(status.plantedBugs).toEqual([]);
    expect(entryOf(status.processes.management)).toMatch(PRODUCTION);
    expect(entryOf(status.processes.hosts["esx-01"]!)).toMatch(PRODUCTION);
    expect((await c.ok("status")).split("\n")[0]).not.toContain("WARNING");
    await c.ok("vds", "create", "dvs1");
    const client = await VdsimClient.connect(natsAccess(readClusterRecord(c.stateDir)!));
    try {
      expect((await client.status()).switches.map((s) => s.name)).toEqual(["dvs1"]);
      const types: string[] = [];
      for await (const e of client.events()) types.push(e.envelope.type);
      expect(types).toContain("DistributedSwitchCreated");
    } finally {
      await client.close();
    }
  });

  it("vdsim up --plant-bug says so on its first line and in status, runs the test-only entry where a bug is planted, and restarts plant it again", async () => {
    const c = cli();
    const up = await c.ok("up", "--hosts", "2", "--no-dashboard", "--plant-bug", "skip-source-release@esx-01", "--plant-bug", "record-twice:VmRemoved");
    const warning = "WARNING: planted bugs (tests only): skip-source-release@esx-01, record-twice:VmRemoved";
    expect(up.split("\n")[0]).toBe(warning);
    expect((await c.ok("status")).split("\n")[0]).toBe(warning);
    const status = JSON.parse(await c.ok("status", "--json")) as StatusJson;
    expect(status.plantedBugs).toEqual(["skip-source-release@esx-01", "record-twice:VmRemoved"]);
    expect(entryOf(status.processes.management)).toMatch(WITH_PLANTED_BUGS);
    expect(entryOf(status.processes.hosts["esx-01"]!)).toMatch(WITH_PLANTED_BUGS);
    expect(entryOf(status.processes.hosts["esx-02"]!)).toMatch(PRODUCTION);
    await c.ok("host", "restart", "esx-01");
    await c.ok("management", "restart");
    const after = JSON.parse(await c.ok("status", "--json")) as StatusJson;
    expect(after.processes.hosts["esx-01"]).not.toBe(status.processes.hosts["esx-01"]);
    expect(entryOf(after.processes.hosts["esx-01"]!)).toMatch(WITH_PLANTED_BUGS);
    expect(readFileSync(`/proc/${after.processes.hosts["esx-01"]}/cmdline`, "utf8").split("\0")).toContain("skip-source-release@esx-01");
    expect(entryOf(after.processes.management)).toMatch(WITH_PLANTED_BUGS);
    expect(after.plantedBugs).toEqual(status.plantedBugs);
  });

  it("a planted bug that does not parse, or names a host the cluster does not start, is refused before anything starts", async () => {
    const c = cli();
    const bad = await c.run("up", "--hosts", "1", "--no-dashboard", "--plant-bug", "lose-everything");
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/invalid --plant-bug: unknown planted bug "lose-everything"/);
    const elsewhere = await c.run("up", "--hosts", "1", "--no-dashboard", "--plant-bug", "drop-applied-event:VmCreated@esx-02");
    expect(elsewhere.code).toBe(1);
    expect(elsewhere.stderr).toMatch(/esx-02 is not a host this cluster starts \(esx-01\)/);
    expect(c.alive()).toEqual([]);
  });
});
