import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkCluster } from "@vdsim/checker";
import { replay, type VdsimClient } from "@vdsim/client";
import { startCluster, stateLayout, type ClusterHandle } from "@vdsim/cluster";
import { waitFor } from "@vdsim/runtime";
import { runVdsim } from "./support/cli.js";
import { enableVmotion, migrateAndWait } from "./support/vmotion.js";

const HOSTS = ["esx-01", "esx-02", "esx-03", "esx-04"] as const;

/**
 * A cluster in multi-host mode: four simulated hosts in two racks (processes) of two. Each host is
 * itself everywhere a user looks (heartbeats, state, esxcli, data plane), VMs move within a rack
 * and across racks with traffic flowing, and a rack killed with kill -9 is all its hosts lost and
 * restarted at once.
 */
describe("racks: several simulated hosts per process", () => {
  let cluster: ClusterHandle;
  let client: VdsimClient;
  const wait = { waitMs: 15_000 };

  beforeAll(async () => {
    cluster = await startCluster({ hosts: 4, hostsPerProcess: 2 });
    client = cluster.client;
    await client.createSwitch("dvs1");
    for (const h of HOSTS) await client.addHostToSwitch("dvs1", h, ["vmnic1"], wait);
    await client.addPortGroup("dvs1", "web", { vlan: { kind: "vlan", id: 10 } }, wait);
    for (const [i, h] of HOSTS.entries()) await enableVmotion(client, h, `192.168.50.${i + 1}`);
    await client.createVm("a", "esx-01", ["web"], wait);
    await client.createVm("b", "esx-02", ["web"], wait);
    await client.createVm("c", "esx-03", ["web"], wait);
  });

  afterAll(async () => {
    await cluster?.down();
  });

  it("runs two processes of two hosts each, every host with its own heartbeat, applied sequence and data folder", async () => {
    const record = cluster.record();
    expect(record.racks).toEqual({ "rack-01": ["esx-01", "esx-02"], "rack-02": ["esx-03", "esx-04"] });
    expect(record.hosts["esx-01"]).toBe(record.hosts["esx-02"]);
    expect(record.hosts["esx-03"]).toBe(record.hosts["esx-04"]);
    expect(record.hosts["esx-01"]).not.toBe(record.hosts["esx-03"]);
    const status = await client.status();
    expect(status.hosts.map((h) => [h.name, h.status, h.pid])).toEqual(HOSTS.map((h) => [h, "connected", record.hosts[h]]));
    for (const h of HOSTS) {
      const report = await client.hostState(h);
      expect(report.host).toBe(h);
      expect(report.appliedSeq).toBeGreaterThanOrEqual(status.seq);
    }
    // each host's own snapshot in its own folder, written once its log has been quiet a second
    await waitFor("every host's snapshot", () => (HOSTS.every((h) => snapshotSeq(h) > 0) ? true : undefined), 20_000, 100);
    // the state once per rack: in its first host's snapshot, to which the others' point
    const file = (h: string): Record<string, unknown> => JSON.parse(readFileSync(`${stateLayout(cluster.stateDir).hostData(h)}/snapshot.json`, "utf8")) as Record<string, unknown>;
    expect(Object.keys(file("esx-01")).sort()).toEqual(["seq", "state", "subjectSeqs"]);
    expect(file("esx-02")).toEqual({ seq: expect.any(Number), hash: expect.stringMatching(/^[0-9a-f]{64}$/), stateIn: `${stateLayout(cluster.stateDir).hostData("esx-01")}/snapshot.json` });
    expect(file("esx-04").stateIn).toBe(`${stateLayout(cluster.stateDir).hostData("esx-03")}/snapshot.json`);
  });

  it("answers esxcli for each host of a rack with that host's own configuration", async () => {
    expect((await client.hostCli("esx-02", "vicfg-vswitch", ["-A", "only-on-02", "vSwitch0"])).exitCode).toBe(0);
    const on02 = await client.hostCli("esx-02", "esxcli", ["network", "vswitch", "standard", "portgroup", "list"]);
    const on01 = await client.hostCli("esx-01", "esxcli", ["network", "vswitch", "standard", "portgroup", "list"]);
    expect(on02.stdout).toContain("only-on-02");
    expect(on01.stdout).not.toContain("only-on-02");
  });

  it("forwards frames between hosts of one rack and between racks", async () => {
    expect((await client.pingFromVm({ vm: "a", target: "b", count: 3, intervalMs: 20 })).received).toBe(3);
    expect((await client.pingFromVm({ vm: "a", target: "c", count: 3, intervalMs: 20 })).received).toBe(3);
  });

  it("moves a VM across racks and within a rack with traffic flowing", async () => {
    await client.startTraffic({ flow: "to-a", fromVm: "c", to: "a", pps: 200 });
    expect((await migrateAndWait(client, "a", "esx-04")).result).toBe("completed");
    expect((await migrateAndWait(client, "a", "esx-03")).result).toBe("completed");
    const received = async (): Promise<number> =>
      (await client.trafficStats()).filter((s) => s.flow === "to-a" && s.role === "receiver").reduce((n, s) => n + (s.received ?? 0), 0);
    const moved = await received();
    await waitFor("traffic to reach a on esx-03", async () => ((await received()) > moved + 50 ? true : undefined), 20_000, 100);
    await client.stopTraffic("to-a");
    expect((await client.status()).vms.find((v) => v.name === "a")?.host).toBe("esx-03");
  });

  it("loses and restarts a rack's hosts together on kill -9, and they catch up from their own snapshots", async () => {
    const before = cluster.record().hosts;
    const pid = await cluster.restartHost("esx-04");
    const after = cluster.record().hosts;
    expect([after["esx-03"], after["esx-04"]]).toEqual([pid, pid]);
    expect([after["esx-01"], after["esx-02"]]).toEqual([before["esx-01"], before["esx-02"]]);
    const log = readFileSync(stateLayout(cluster.stateDir).log("rack-02"), "utf8");
    expect(log).toMatch(/"host":"esx-03".*following the event log/);
    await client.setPortGroupPolicy("dvs1", "web", { allowPromiscuous: true }, wait);
    expect((await client.pingFromVm({ vm: "b", target: "a", count: 3, intervalMs: 20 })).received).toBe(3);
  });

  it("passes the checker: placement, dvPort settings, replay of every host, nothing skipped in the log", async () => {
    const report = await checkCluster(client);
    expect(report.invariants.filter((i) => i.evaluated && !i.ok)).toEqual([]);
    const r = await replay(client, { verify: true });
    expect(r.checks.map((c) => [c.who, c.ok])).toEqual([["management", true], ...HOSTS.map((h) => [h, true])]);
    expect(r.quarantined).toEqual([]);
    // a fold that kept a part of a shared event and changed it later would fail on the frozen event and skip it
    const status = await client.status();
    for (const h of status.hosts) expect(h.follower?.quarantined ?? 0, h.name).toBe(0);
  });

  it("names the rack in `host restart`'s output", async () => {
    const r = await runVdsim(["--state-dir", cluster.stateDir, "host", "restart", "esx-01"]);
    expect(r.stderr).toBe("");
    expect(r.stdout).toMatch(/^rack-01 \(2 hosts, esx-01 among them\) restarted \(pid \d+\) and caught up in \d+ ms$/m);
    expect(cluster.record().hosts["esx-02"]).toBe(cluster.record().hosts["esx-01"]);
  });

  function snapshotSeq(host: string): number {
    try {
      return (JSON.parse(readFileSync(`${stateLayout(cluster.stateDir).hostData(host)}/snapshot.json`, "utf8")) as { seq: number }).seq;
    } catch {
      return 0;
    }
  }
});
