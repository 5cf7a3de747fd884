import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { VdsimClient } from "@vdsim/client";
import { natsAccess, readClusterRecord } from "@vdsim/cluster";
import { formatVlan } from "@vdsim/model";
import { isAlive, stopProcess, waitFor } from "@vdsim/runtime";
import { Cli } from "./support/cli.js";

const HOSTS = ["esx-01", "esx-02", "esx-03"];

describe("the cluster runs: vdsim up, propagation, recovery, replay, down", () => {
  const cli = new Cli();
  let client: VdsimClient;

  const vlanOn = async (host: string, pg: string): Promise<string | undefined> => {
    const report = await client.hostState(host);
    const group = report.config.proxySwitches.flatMap((s) => s.portGroups).find((p) => p.name === pg);
    return group ? formatVlan(group.policy.vlan) : undefined;
  };

  beforeAll(async () => {
    const out = await cli.ok("up", "--hosts", "3");
    expect(out).toMatch(/NATS\s+nats:\/\/127\.0\.0\.1:\d+/);
    expect(out).toContain("vdsim down");
    client = await VdsimClient.connect(natsAccess(readClusterRecord(cli.stateDir)!));
  });

  afterAll(async () => {
    await client?.close();
    await cli[Symbol.asyncDispose]();
  });

  it("starts three host agents that report connected and caught up", async () => {
    const status = await cli.caughtUpStatus<{
      hosts: Array<{ name: string; status: string; lag: number; pid: number }>;
      processes: { hosts: Record<string, number> };
    }>();
    expect(status.hosts.map((h) => [h.name, h.status, h.lag])).toEqual(HOSTS.map((h) => [h, "connected", 0]));
    for (const h of status.hosts) expect(h.pid).toBe(status.processes.hosts[h.name]);
  });

  it("a port-group change reaches all three hosts, and --wait reports each", async () => {
    await cli.ok("vds", "create", "dvs1", "--uplinks", "2");
    for (const h of HOSTS) await cli.ok("vds", "add-host", "dvs1", h, "--uplink", "vmnic1", "--wait");
    await cli.ok("vds", "portgroup", "add", "dvs1", "web", "--vlan", "10");
    await cli.ok("vm", "create", "web-01", "--host", "esx-01", "--network", "web");
    await cli.ok("vm", "create", "web-02", "--host", "esx-02", "--network", "web");
    const out = await cli.ok("vds", "portgroup", "set", "dvs1", "web", "--vlan", "20", "--allow-promiscuous", "true", "--wait");
    expect(out).toMatch(/applied on 3 hosts in \d+ ms \(esx-01 \d+ ms, esx-02 \d+ ms, esx-03 \d+ ms\)/);
    for (const h of HOSTS) expect(await vlanOn(h, "web")).toBe("20");
    const esx2 = await client.hostState("esx-02");
    expect(esx2.config.dvPorts.map((p) => [p.vm, p.portgroup, p.policy.security.allowPromiscuous])).toEqual([["web-02", "web", true]]);
  });

  it("a host killed with kill -9 misses a change, is restarted, catches up and matches the log", async () => {
    const pid = readClusterRecord(cli.stateDir)!.hosts["esx-02"]!;
    await stopProcess(pid, "SIGKILL");
    await waitFor("esx-02 not responding", async () =>
      (await client.status()).hosts.find((h) => h.name === "esx-02")?.status === "notResponding" ? true : undefined,
    );
    const refused = await cli.run("vm", "create", "late", "--host", "esx-02", "--network", "web");
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('Host "esx-02" is not responding');
    const waited = await cli.run("vds", "portgroup", "set", "dvs1", "web", "--vlan", "30", "--wait", "--timeout", "1s");
    expect(waited.code).toBe(1);
    expect(waited.stderr).toContain("esx-02 (not responding)");
    expect(await vlanOn("esx-01", "web")).toBe("30");

    const restarted = await cli.ok("host", "restart", "esx-02");
    expect(restarted).toMatch(/esx-02 restarted \(pid \d+\) and caught up/);
    expect(isAlive(pid)).toBe(false);
    expect(await vlanOn("esx-02", "web")).toBe("30");
    const replay = await cli.ok("events", "replay", "--verify");
    expect(replay.match(/match/g)).toHaveLength(4);
  });

  it("bad input gets a clear error, exit code 1, and records nothing", async () => {
    const before = (await client.ping()).seq;
    const cases: Array<[string[], RegExp]> = [
      [["vds", "portgroup", "set", "nope", "web", "--vlan", "5"], /Distributed switch "nope" not found/],
      [["vds", "portgroup", "set", "dvs1", "nope", "--vlan", "5"], /port group "nope" not found/],
      [["vds", "add-host", "dvs1", "esx-99"], /Host "esx-99" not found/],
      [["vds", "create", "dvs1"], /Distributed switch "dvs1" already exists/],
      [["vds", "portgroup", "add", "dvs1", "web"], /port group "web" already exists/],
      [["vds", "portgroup", "set", "dvs1", "web", "--vlan", "4095"], /Invalid VLAN ID 4095/],
      [["vds", "portgroup", "set", "dvs1", "web", "--avg-bandwidth", "2000", "--peak-bandwidth", "1000"], /peak bandwidth 1000 kbit\/s is below average bandwidth 2000/],
      [["vds", "portgroup", "set", "dvs1", "web", "--active-uplinks", "uplink7"], /Uplink "uplink7" does not exist/],
      [["vds", "portgroup", "remove", "dvs1", "web"], /Port group "web" is in use by virtual machines: web-01, web-02/],
      [["vm", "create", "web-01", "--host", "esx-01", "--network", "web"], /Virtual machine "web-01" already exists/],
      [["vm", "create", "x", "--host", "esx-01", "--network", "nowhere"], /Network "nowhere" not found/],
      [["vm", "remove", "ghost"], /Virtual machine "ghost" not found/],
    ];
    for (const [args, message] of cases) {
      const r = await cli.run(...args);
      expect({ args, code: r.code }).toEqual({ args, code: 1 });
      expect(r.stderr).toMatch(message);
    }
    await cli.ok("vds", "portgroup", "add", "dvs1", "tiny", "--ports", "1");
    await cli.ok("vm", "create", "t1", "--host", "esx-03", "--network", "tiny");
    const full = await cli.run("vm", "create", "t2", "--host", "esx-03", "--network", "tiny");
    expect(full.code).toBe(1);
    expect(full.stderr).toMatch(/Port group "tiny" on distributed switch "dvs1" has no free port/);
    expect((await client.ping()).seq).toBe(before + 2);
  });

  it("a second up on the same state dir replays the log and comes back to the same state", async () => {
    const before = await client.managementHash();
    await client.close();
    const pids = cli.pids();
    expect((await cli.ok("down")).split(",")).toHaveLength(7); // nats-server, management, three host agents, the dashboard, the vSphere API
    expect(pids.filter(isAlive)).toEqual([]);
    await cli.ok("up", "--hosts", "3");
    client = await VdsimClient.connect(natsAccess(readClusterRecord(cli.stateDir)!));
    expect(await client.managementHash()).toEqual(before);
    for (const h of HOSTS) expect((await client.hostState(h)).appliedSeq).toBe(before.seq);
    const replay = await cli.ok("events", "replay", "--verify");
    expect(replay).not.toContain("MISMATCH");
    const tail = await cli.ok("events", "tail", "-n", "3");
    expect(tail.trim().split("\n")).toHaveLength(3);
  });

  it("down stops every process it started and leaves no orphans", async () => {
    const pids = cli.pids();
    expect(pids).toHaveLength(7);
    await cli.ok("down");
    expect(pids.filter(isAlive)).toEqual([]);
    const status = await cli.run("status");
    expect(status.code).toBe(1);
    expect(status.stderr).toMatch(/no running cluster found|cannot reach NATS/);
  });
});
