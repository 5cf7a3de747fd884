import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { replay, type VdsimClient } from "@vdsim/client";
import { startCluster, type ClusterHandle } from "@vdsim/cluster";
import { waitFor } from "@vdsim/runtime";
import { enableVmotion, migrateAndWait, migrationEnded, reasonsOf } from "./support/vmotion.js";

/** vMotion when things differ or break: standard-switch drift, refusals, killed agents and a killed management service. */
describe("vMotion drift, refusals and failures", () => {
  let cluster: ClusterHandle;
  let client: VdsimClient;
  const wait = { waitMs: 10_000 };
  const hostOf = async (vm: string) => (await client.status()).vms.find((v) => v.name === vm)?.host;

  beforeAll(async () => {
    cluster = await startCluster({ hosts: 3 });
    client = cluster.client;
    for (const [h, ip] of [["esx-01", "192.168.50.1"], ["esx-02", "192.168.50.2"], ["esx-03", "192.168.50.3"]] as const) await enableVmotion(client, h, ip);
    await client.createSwitch("dvs1");
    for (const h of ["esx-01", "esx-02", "esx-03"]) await client.addHostToSwitch("dvs1", h, ["vmnic1"], wait);
    await client.addPortGroup("dvs1", "web", { ports: 32 });
    // a standard port group of the same name on two hosts, with different VLANs
    for (const [h, vlan] of [["esx-01", "10"], ["esx-02", "20"]] as const) {
      expect((await client.hostCli(h, "esxcli", ["network", "vswitch", "standard", "portgroup", "add", "-p", "Legacy", "-v", "vSwitch0"])).exitCode).toBe(0);
      expect((await client.hostCli(h, "esxcli", ["network", "vswitch", "standard", "portgroup", "set", "-p", "Legacy", "--vlan-id", vlan])).exitCode).toBe(0);
    }
    await client.createVm("legacy", "esx-01", ["Legacy"], wait);
  });

  afterAll(async () => {
    await cluster?.down();
  });

  it("a standard-switch VM lands on the same-named port group and the VLAN drift is reported", async () => {
    const done = await migrateAndWait(client, "legacy", "esx-02");
    expect(done.result).toBe("completed");
    expect(done.outcome?.drift).toEqual([
      { vnic: "Network adapter 1", portGroup: "Legacy", setting: "vlan", source: 10, destination: 20 },
    ]);
    expect(await hostOf("legacy")).toBe("esx-02");
  });

  it("refuses a destination without a same-named port group, naming it", async () => {
    const done = await migrateAndWait(client, "legacy", "esx-03");
    expect(done.result).toBe("rolledBack");
    expect(reasonsOf(done.outcome)).toEqual([
      'Host "esx-03" has no standard port group named "Legacy" (Network adapter 1)',
    ]);
  });

  it("kill -9 of the destination agent during pre-copy rolls back; the VM still answers on the source", async () => {
    await client.createVm("victim", "esx-01", ["web"], wait);
    await client.createVm("friend", "esx-01", ["web"], wait);
    const { migration, seq } = await client.migrate("victim", "esx-03", { memoryMB: 6000, dirtyRateMBps: 600 });
    await waitFor("pre-copy", async () => ((await client.migrations()).find((m) => m.id === migration)?.phase === "precopy" ? true : undefined));
    await cluster.killHost("esx-03");
    const done = await client.waitForMigration(migration, seq);
    expect(done.result).toBe("rolledBack");
    expect(await hostOf("victim")).toBe("esx-01");
    expect((await client.pingFromVm({ vm: "friend", target: "victim", count: 2, intervalMs: 20 })).received).toBe(2);
    await cluster.restartHost("esx-03");
  });

  /** The types of a migration's events in the log as it stands, in order. */
  const logged = async (migration: string): Promise<string[]> => {
    const types: string[] = [];
    for await (const { envelope: e } of client.events()) if ("migration" in e.data && e.data.migration === migration) types.push(e.type);
    return types;
  };

  it("kill -9 of the management service during pre-copy: the restarted service resumes the migration from the log", async () => {
    const { migration } = await client.migrate("victim", "esx-02", { memoryMB: 4000 });
    await waitFor("pre-copy", async () => ((await client.migrations()).find((m) => m.id === migration)?.phase === "precopy" ? true : undefined));
    await cluster.killManagement();
    // the log at the kill: the migration was in pre-copy and had not ended, so only the restarted service can end it
    const atKill = await logged(migration);
    expect(atKill).toContain("MigrationProgressed");
    expect(atKill).not.toContain("VmMigrated");
    expect(atKill).not.toContain("MigrationEnded");
    await cluster.restartManagement();
    const ended = await migrationEnded(client, migration);
    expect(ended.result).toBe("completed");
    expect(await hostOf("victim")).toBe("esx-02");
  });

  it("kill -9 of the management service right after the switchover: the restarted service rolls the migration forward", async () => {
    // the kill races the release of the source after the commit; an attempt whose migration ended
    // before the kill proves nothing, so migrate back and forth until one lands between the two
    let landed: string | undefined;
    for (let attempt = 0; attempt < 6 && landed === undefined; attempt++) {
      const to = (await hostOf("victim")) === "esx-01" ? "esx-02" : "esx-01";
      const { migration, seq } = await client.migrate("victim", to);
      const sub = await client.followEvents(seq);
      for await (const e of sub) if (e.envelope.type === "VmMigrated" && e.envelope.data.migration === migration) break;
      await sub.stop();
      await cluster.killManagement();
      const atKill = await logged(migration);
      expect(atKill).toContain("VmMigrated");
      if (!atKill.includes("MigrationEnded")) landed = migration;
      await cluster.restartManagement();
      const ended = await migrationEnded(client, migration);
      expect(ended.result).toBe("completed");
      expect(await hostOf("victim")).toBe(to);
    }
    expect(landed, "no kill landed between the switchover and the end of the migration").toBeDefined();
    expect((await client.pingFromVm({ vm: "friend", target: "victim", count: 2, intervalMs: 20 })).received).toBe(2);
  });

  it("maintenance mode empties a host, and the log replays to every process's state", async () => {
    for (const vm of ["m1", "m2", "m3"]) await client.createVm(vm, "esx-01", ["web"], wait);
    const plan = await client.evacuate("esx-01");
    const ids = plan.migrations.map((m) => m.migration).filter((m): m is string => m !== null);
    expect(ids.length).toBeGreaterThanOrEqual(4);
    const results = await client.waitForMigrations(ids, plan.seq);
    expect([...results.values()].every((r) => r === "completed")).toBe(true);
    expect((await client.status()).vms.filter((v) => v.host === "esx-01")).toEqual([]);
    const r = await replay(client, { verify: true });
    expect(r.checks.filter((c) => !c.ok)).toEqual([]);
  });
});
