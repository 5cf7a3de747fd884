import { join } from "node:path";
import { jetstreamManager } from "@nats-io/jetstream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeHistory, type CheckReport, type InvariantResult } from "@vdsim/checker";
import { VdsimClient } from "@vdsim/client";
import { startCluster, type ClusterHandle } from "@vdsim/cluster";
import type { EventType } from "@vdsim/model";
import { Cli } from "./support/cli.js";
import { HistoryRecorder } from "./support/history-recorder.js";
import { enableVmotion, migrateAndWait } from "./support/vmotion.js";

/**
 * A checker that never fails is worth nothing: each bug the harness plants (tests only: the
 * services' test-only entries wrap their store or data plane) makes `vdsim check` exit 1, naming
 * the invariant it breaks and the events behind it. One cluster carries the four bugs; each lies
 * dormant until its test triggers it (the first VmRemoved is acknowledged and lost, the second recorded twice).
 */
const PLANTED = [
  "skip-source-release@esx-01",
  "drop-applied-event:DistributedPortGroupPolicyChanged@esx-02",
  "ack-without-append:VmRemoved",
  "record-twice:VmRemoved",
];

describe("vdsim check catches each planted bug", () => {
  let cluster: ClusterHandle;
  let client: VdsimClient;
  let cli: Cli;
  const wait = { waitMs: 10_000 };

  const check = async (...args: string[]): Promise<{ code: number; report: CheckReport }> => {
    const r = await cli.run("--nats", cluster.natsUrl, "--nats-creds", cluster.natsAccess().credsFile!, "check", "--json", ...args);
    return { code: r.code, report: JSON.parse(r.stdout) as CheckReport };
  };
  const row = (report: CheckReport, name: string): InvariantResult => report.invariants.find((i) => i.name === name)!;
  const seqOf = async (type: EventType, match: (data: Readonly<Record<string, unknown>>) => boolean): Promise<number> => {
    for await (const e of client.events()) if (e.envelope.type === type && match(e.envelope.data)) return e.seq;
    throw new Error(`no ${type} in the log`);
  };

  beforeAll(async () => {
    cluster = await startCluster({ hosts: 2, plantedBugs: PLANTED });
    client = cluster.client;
    cli = new Cli();
    await enableVmotion(client, "esx-01", "192.168.50.1");
    await enableVmotion(client, "esx-02", "192.168.50.2");
    await client.createSwitch("dvs1");
    for (const h of ["esx-01", "esx-02"]) await client.addHostToSwitch("dvs1", h, ["vmnic1"], wait);
    await client.addPortGroup("dvs1", "web", { vlan: { kind: "vlan", id: 10 } }, wait);
    await client.createVm("app-01", "esx-01", ["web"], wait);
    await client.createVm("app-02", "esx-02", ["web"], wait);
    await client.createVm("mover", "esx-01", ["web"], wait);
  });

  afterAll(async () => {
    await cli?.[Symbol.asyncDispose]();
    await cluster?.down();
  });

  it("passes while every planted bug is still dormant", async () => {
    const { code, report } = await check();
    expect(report.invariants.filter((i) => i.evaluated && !i.ok)).toEqual([]);
    expect(code).toBe(0);
  });

  it("skip-source-release: a VM whose source port outlives its vMotion fails vm-placement, with the migration's events", async () => {
    expect((await migrateAndWait(client, "mover", "esx-02")).result).toBe("completed");
    const migrated = await seqOf("VmMigrated", (d) => d.vm === "mover");
    const { code, report } = await check();
    expect(code).toBe(1);
    const placement = row(report, "vm-placement");
    expect(placement.ok).toBe(false);
    expect(placement.detail).toContain("VM mover runs on esx-01 and esx-02 (the log places it on esx-02)");
    expect(placement.detail).toMatch(/MAC \S+ is live on esx-01 and esx-02/);
    expect(placement.events?.map((e) => [e.seq, e.type])).toContainEqual([migrated, "VmMigrated"]);
    // the agent's state is right (it follows the log); its data plane is not
    expect(row(report, "replay-matches-live").ok).toBe(true);
  });

  it("drop-applied-event: a policy change esx-02 never applied fails dvport-settings and replay-matches-live, naming that event", async () => {
    await client.setPortGroupPolicy("dvs1", "web", { vlan: { kind: "vlan", id: 20 } }, wait);
    const changed = await seqOf("DistributedPortGroupPolicyChanged", (d) => d.portgroup === "web");
    const { code, report } = await check();
    expect(code).toBe(1);
    const settings = row(report, "dvport-settings");
    expect(settings.ok).toBe(false);
    expect(settings.detail).toMatch(/host esx-02: dvPort \S+ of app-02 \(port group web on dvs1\) has vlan \{"kind":"vlan","id":10\} instead of \{"kind":"vlan","id":20\}/);
    expect(settings.events?.map((e) => e.seq)).toContain(changed);
    const replay = row(report, "replay-matches-live");
    expect(replay.ok).toBe(false);
    expect(replay.detail).toContain("host esx-02's realized state differs from the log");
    expect(replay.detail).not.toContain("host esx-01");
    expect(replay.events?.map((e) => [e.seq, e.type])).toEqual([[changed, "DistributedPortGroupPolicyChanged"]]);
  });

  it("ack-without-append: a removal acknowledged but never recorded fails acknowledged-commands-logged, naming the operation", async () => {
    const recorder = new HistoryRecorder(client);
    await recorder.command("vm-create", { vm: "late", host: "esx-02" }, (w) => client.createVm("late", "esx-02", ["web"], w));
    const removal = await recorder.command("vm-remove", { vm: "app-01" }, (w) => client.removeVm("app-01", w));
    expect(removal.outcome).toBe("ok");
    // the store told the removal it was already in, at the log's end: the VM created just before
    const file = join(cli.stateDir, "history.jsonl");
    writeHistory(file, recorder.history());
    const { code, report } = await check("--history", file);
    expect(code).toBe(1);
    const acked = row(report, "acknowledged-commands-logged");
    expect(acked.ok).toBe(false);
    expect(acked.detail).toContain(`operation #2 (vm-remove vm=app-01) was acknowledged as sequence ${removal.seq}, but that is VmCreated`);
    expect(acked.detail).toContain(`command ${removal.commandId} is nowhere in the log`);
    expect(acked.events?.map((e) => e.seq)).toEqual([removal.seq]);
    expect(row(report, "nothing-unasked-in-log").ok).toBe(true);
    expect((await client.status()).vms.map((v) => v.name)).toContain("app-01");
  });

  it("record-twice: an event recorded again under an id no one sent fails nothing-unasked-in-log, naming it", async () => {
    const recorder = new HistoryRecorder(client);
    const removal = await recorder.command("vm-remove", { vm: "late" }, (w) => client.removeVm("late", w));
    const file = join(cli.stateDir, "history-twice.jsonl");
    writeHistory(file, recorder.history());
    const { code, report } = await check("--history", file);
    expect(code).toBe(1);
    const unasked = row(report, "nothing-unasked-in-log");
    expect(unasked.ok).toBe(false);
    expect(unasked.detail).toMatch(new RegExp(`^sequence ${removal.seq! + 1} \\(VmRemoved\\) was caused by \\S+, which no operation of the history asked for$`));
    expect(unasked.events?.map((e) => [e.seq, e.type])).toEqual([[removal.seq! + 1, "VmRemoved"]]);
    expect(row(report, "acknowledged-commands-logged").ok).toBe(true);
    expect(row(report, "replay-matches-live").ok).toBe(false); // esx-02's dropped policy change, from before
  });

  it("a real fault, not a planted one: an event deleted from the stream fails log-has-no-gap, naming the events around the hole", async () => {
    // only the admin role may remove a message from the log
    await using admin = await VdsimClient.connect(cluster.natsAccess("admin"));
    const jsm = await jetstreamManager(admin.nc);
    expect(await jsm.streams.deleteMessage("VDSIM_EVENTS", 5)).toBe(true);
    const { code, report } = await check();
    expect(code).toBe(1);
    const gap = row(report, "log-has-no-gap");
    expect(gap.ok).toBe(false);
    expect(gap.detail).toBe("sequence 5 is missing");
    expect(gap.events?.map((e) => e.seq)).toEqual([4, 6]);
  });
});
