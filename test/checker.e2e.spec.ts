import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkCluster, writeHistory, type CheckReport, type FlowSample } from "@vdsim/checker";
import type { VdsimClient } from "@vdsim/client";
import { startCluster, type ClusterHandle } from "@vdsim/cluster";
import { waitFor } from "@vdsim/runtime";
import { Cli } from "./support/cli.js";
import { HistoryRecorder, flowTotals } from "./support/history-recorder.js";
import { enableVmotion } from "./support/vmotion.js";

const HOSTS = ["esx-01", "esx-02"] as const;

/** `vdsim check` on a healthy cluster: migrations, a management outage with traffic flowing through it. */
describe("vdsim check on a healthy cluster", () => {
  let cluster: ClusterHandle;
  let client: VdsimClient;
  let cli: Cli;
  const wait = { waitMs: 10_000 };

  beforeAll(async () => {
    cluster = await startCluster({ hosts: 2 });
    client = cluster.client;
    cli = new Cli();
    await enableVmotion(client, "esx-01", "192.168.50.1");
    await enableVmotion(client, "esx-02", "192.168.50.2");
    await client.createSwitch("dvs1");
    for (const h of HOSTS) await client.addHostToSwitch("dvs1", h, ["vmnic1"], wait);
    await client.addPortGroup("dvs1", "web", { vlan: { kind: "vlan", id: 10 } }, wait);
    await client.createVm("a", "esx-01", ["web"], wait);
    await client.createVm("b", "esx-02", ["web"], wait);
    await client.createVm("m", "esx-01", ["web"], wait);
  });

  afterAll(async () => {
    await cli?.[Symbol.asyncDispose]();
    await cluster?.down();
  });

  /** Runs a flow until `until` says enough, stops it, waits for the last frames and returns its figures. */
  async function runFlow(name: string, from: string, to: string, pps: number, until: () => Promise<void>) {
    const startedAt = Date.now();
    await client.startTraffic({ flow: name, fromVm: from, to, pps });
    await waitFor(`flow ${name} to deliver`, async () => ((await flowTotals(client, HOSTS, name)).received > 0 ? true : undefined));
    const sample = async (): Promise<FlowSample> => {
      const { at, sent, received } = await flowTotals(client, HOSTS, name);
      return { at, sent, received };
    };
    const samples = [await sample()];
    await until();
    samples.push(await sample());
    await client.stopTraffic(name);
    const stoppedAt = Date.now();
    const last = await waitFor(`flow ${name}'s last frames`, async () => {
      const t = await flowTotals(client, HOSTS, name);
      return t.received === t.sent ? t : undefined;
    });
    return { name, from, to, pps, startedAt, stoppedAt, sent: last.sent, received: last.received, lost: last.sent - last.received, longestGapMs: last.longestGapMs, samples };
  }

  it("passes after migrations without a history, and leaves the history's invariants not evaluated", async () => {
    const { migration, seq } = await client.migrate("m", "esx-02");
    expect((await client.waitForMigration(migration, seq)).result).toBe("completed");
    const r = await cli.run("--nats", cluster.natsUrl, "--nats-creds", cluster.natsAccess().credsFile!, "check");
    expect(r.stdout).toMatch(/^PASS {2}vm-placement: 3 VMs, each on one host/m);
    expect(r.stdout).toMatch(/^PASS {2}dvport-settings: 3 active dvPorts match their port groups/m);
    expect(r.stdout).toMatch(/^PASS {2}migrations-ended: 1 migration, each completed or rolled back/m);
    expect(r.stdout).toMatch(/^PASS {2}replay-matches-live: management and 2 hosts match/m);
    expect(r.stdout).toMatch(/^SKIP {2}acknowledged-commands-logged: not evaluated \(no history\)/m);
    expect(r.stdout).toMatch(/^migrations completed +1$/m);
    expect(r.stdout).toContain("consistent: every evaluated invariant holds");
    expect(r.code).toBe(0);
  });

  it("passes with the history of a workload whose traffic kept flowing through a management outage", async () => {
    const recorder = new HistoryRecorder(client);
    await recorder.command("portgroup-set", { vds: "dvs1", portgroup: "web" }, (w) => client.setPortGroupPolicy("dvs1", "web", { allowPromiscuous: true }, w));
    await recorder.command("vm-create", { vm: "c", host: "esx-02" }, (w) => client.createVm("c", "esx-02", ["web"], w));
    expect(await recorder.migrate("m", "esx-01")).toBe("completed");
    let outage = { startedAt: 0, healedAt: 0 };
    const steady = await runFlow("steady", "a", "b", 200, async () => {
      const before = await flowTotals(client, HOSTS, "steady");
      const startedAt = Date.now();
      await cluster.killManagement();
      await waitFor("100 frames with the management service down", async () => ((await flowTotals(client, HOSTS, "steady")).received >= before.received + 100 ? true : undefined));
      await cluster.restartManagement();
      outage = { startedAt, healedAt: Date.now() };
    });
    recorder.fault("mgmt-kill", "management", outage.startedAt, outage.healedAt);
    await recorder.convergence(HOSTS, outage.healedAt);
    recorder.flow({ ...steady, migrated: false });
    const quiet = await runFlow("quiet", "b", "a", 200, async () => {
      await waitFor("100 frames of the quiet flow delivered", async () => ((await flowTotals(client, HOSTS, "quiet")).received >= 100 ? true : undefined), 20_000, 50);
    });
    recorder.flow({ ...quiet, migrated: false });
    const file = join(cli.stateDir, "history.jsonl");
    writeHistory(file, recorder.history());

    const r = await cli.run("--nats", cluster.natsUrl, "--nats-creds", cluster.natsAccess().credsFile!, "check", "--history", file, "--json");
    const report = JSON.parse(r.stdout) as CheckReport;
    expect(report.invariants.filter((i) => !i.evaluated || !i.ok)).toEqual([]);
    expect(report.figures).toMatchObject({ "faults injected": 1, "faults mgmt-kill": 1, "migrations completed": 2, flows: 2, "frames lost": 0 });
    expect(r.code).toBe(0);
  });

  it("checkCluster gives the same verdict to a caller in-process", async () => {
    const report = await checkCluster(client);
    expect(report.ok).toBe(true);
    expect(report.invariants.map((i) => i.name)).toEqual([
      "vm-placement",
      "dvport-settings",
      "migrations-ended",
      "acknowledged-commands-logged",
      "nothing-unasked-in-log",
      "log-has-no-gap",
      "log-holds-only-valid-events",
      "replay-matches-live",
      "traffic-flows-without-management",
      "hosts-converged",
      "no-loss-outside-nemesis",
    ]);
  });

  it("refuses a history file that is not there or not a history, naming it", async () => {
    const missing = await cli.run("--nats", cluster.natsUrl, "--nats-creds", cluster.natsAccess().credsFile!, "check", "--history", "/nonexistent/history.jsonl");
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("Error: history file /nonexistent/history.jsonl not found");
  });
});
