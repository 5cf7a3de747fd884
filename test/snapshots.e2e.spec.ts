import { readFileSync, rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Encoder } from "@msgpack/msgpack";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { VdsimClient, replay } from "@vdsim/client";
import { natsAccess, natsAccessAs, readClusterRecord, stateLayout } from "@vdsim/cluster";
import { connectNats, waitFor } from "@vdsim/runtime";
import { Cli } from "./support/cli.js";

interface SnapshotJson {
  seq: number;
  hash: string;
  bytes: number;
}

describe("snapshots: written every N events and on request, used by replay, a restarted management service and a new host", () => {
  const cli = new Cli();
  let client: VdsimClient;
  const layout = stateLayout(cli.stateDir);
  const snapshots = async (): Promise<SnapshotJson[]> => JSON.parse(await cli.ok("events", "snapshots", "--json")) as SnapshotJson[];
  const lastSeq = async (): Promise<number> => (await client.eventStore()).lastSeq();
  /** one VLAN change after another: an event each */
  const churn = async (count: number): Promise<void> => {
    for (let i = 0; i < count; i++) await client.setPortGroupPolicy("dvs1", "web", { vlan: { kind: "vlan", id: 100 + (i % 50) } });
  };

  beforeAll(async () => {
    await cli.ok("up", "--hosts", "2", "--snapshot-every", "25", "--no-dashboard", "--no-vsphere-api");
    client = await VdsimClient.connect(natsAccess(readClusterRecord(cli.stateDir)!));
    await cli.ok("vds", "create", "dvs1", "--uplinks", "2");
    for (const h of ["esx-01", "esx-02"]) await cli.ok("vds", "add-host", "dvs1", h, "--uplink", "vmnic1");
    await cli.ok("vds", "portgroup", "add", "dvs1", "web", "--vlan", "10");
  });

  afterAll(async () => {
    await client?.close();
    await cli[Symbol.asyncDispose]();
  });

  it("writes one every --snapshot-every events, and one on request at the log's end", async () => {
    await churn(60);
    const written = await waitFor("two snapshots written by the management service", async () => {
      const list = await snapshots();
      return list.length >= 2 ? list : undefined;
    });
    expect(written[0]!.seq).toBeGreaterThanOrEqual(25);
    for (const [a, b] of written.slice(1).map((s, i) => [written[i]!.seq, s.seq])) expect(b! - a!).toBeGreaterThanOrEqual(25);
    const out = await cli.ok("events", "snapshot");
    const seq = await lastSeq();
    expect(out).toMatch(new RegExp(`^snapshot at sequence ${seq}: state hash [0-9a-f]{16}, [\\d.]+ KiB \\([\\d.]+ KiB stored\\), written \\S+\\n$`));
    expect((await snapshots()).at(-1)?.seq).toBe(seq);
    expect(await cli.ok("status")).toMatch(new RegExp(`^NATS .*; management pid \\d+ applied ${seq}; newest snapshot at sequence ${seq}\n`));
    expect(await cli.ok("events", "snapshots")).toMatch(new RegExp(`Seq +State hash +Size +Stored +Written[\\s\\S]*\\n${seq} +[0-9a-f]{16}`));
  });

  it("replays from the nearest snapshot, and --from-scratch compares every snapshot with the fold from sequence 1", async () => {
    const seq = await lastSeq();
    const fromSnapshot = await cli.ok("events", "replay", "--verify");
    expect(fromSnapshot).toMatch(new RegExp(`^replayed 0 events from the snapshot at sequence ${seq} through sequence ${seq} in \\d+ ms`));
    expect(fromSnapshot).not.toMatch(/MISMATCH/);
    const scratch = await cli.ok("events", "replay", "--verify", "--from-scratch");
    expect(scratch).toMatch(new RegExp(`^replayed ${seq} events from sequence 1 through sequence ${seq}`));
    const list = await snapshots();
    for (const s of list) expect(scratch).toMatch(new RegExp(`snapshot #${s.seq} +${s.seq} +${s.hash.slice(0, 16)} +${s.hash.slice(0, 16)} +match`));
    // --until between two snapshots starts from the older, and ends where a fold from 1 ends
    const [older, newer] = list.slice(-2) as [SnapshotJson, SnapshotJson];
    const until = older.seq + Math.floor((newer.seq - older.seq) / 2);
    const partial = await replay(client, { until });
    const partialScratch = await replay(client, { until, fromScratch: true });
    expect(partial.from?.seq).toBe(older.seq);
    expect(partialScratch.from).toBeNull();
    expect([partial.seq, partial.hash]).toEqual([until, partialScratch.hash]);
  });

  it("a management service killed -9 restarts from the newest snapshot, and the cluster carries on", async () => {
    await churn(3);
    const seq = await lastSeq();
    await cli.ok("management", "restart", "--kill");
    const log = readFileSync(layout.log("management"), "utf8");
    expect(log).toMatch(/state rebuilt from a snapshot and the event log after it/);
    const restarted = log.split("\n").filter((l) => l.includes("state rebuilt from a snapshot")).at(-1)!;
    const newest = (await snapshots()).at(-1)!.seq;
    expect(JSON.parse(restarted)).toMatchObject({ seq, fromSnapshot: newest });
    // the restarted service names the snapshot it started from
    expect((JSON.parse(await cli.ok("status", "--json")) as { management: { snapshot: { seq: number } } }).management.snapshot.seq).toBe(newest);
    expect(await cli.ok("vds", "portgroup", "set", "dvs1", "web", "--vlan", "31", "--wait")).toMatch(/reconfigured port group web on dvs1/);
    expect(await cli.ok("events", "replay", "--verify")).not.toMatch(/MISMATCH/);
  });

  it("a host that lost its data dir starts from the cluster's snapshot, not from sequence 1", async () => {
    await cli.ok("events", "snapshot");
    const record = readClusterRecord(cli.stateDir)!;
    process.kill(record.hosts["esx-02"]!, "SIGKILL");
    rmSync(layout.hostData("esx-02"), { recursive: true, force: true });
    await cli.ok("host", "restart", "esx-02");
    const newest = (await snapshots()).at(-1)!;
    const line = readFileSync(layout.log("esx-02"), "utf8").split("\n").filter((l) => l.includes("starts from the cluster's snapshot")).at(-1);
    expect(JSON.parse(line ?? "{}")).toMatchObject({ host: "esx-02", seq: newest.seq, ownSeq: 0 });
    expect(await cli.ok("vds", "portgroup", "set", "dvs1", "web", "--vlan", "32", "--wait")).toMatch(/reconfigured port group web on dvs1/);
    const verified = await replay(client, { verify: true });
    expect(verified.checks.filter((c) => !c.ok)).toEqual([]);
    expect(verified.checks.map((c) => c.who)).toEqual(["management", "esx-01", "esx-02"]);
  });

  it("a snapshot that does not hash as recorded is reported and never used: not by replay, nor by a restarted service", async () => {
    const good = (await snapshots()).at(-1)!;
    await churn(2);
    const seq = await lastSeq();
    // written as admin (only the management service may write snapshots): a body of one state, recorded with another's hash
    const nc = await connectNats({ ...natsAccessAs(readClusterRecord(cli.stateDir)!, "admin"), name: "test-forger" });
    try {
      const js = jetstream(nc);
      const body = readFileSync(layout.log("management")).subarray(0, 100); // not a snapshot at all
      const chunk = await js.publish(`vdsim.snap.data.${seq}`, body);
      const created = (await (await jetstreamManager(nc)).streams.info("VDSIM_EVENTS")).created;
      const entry = { format: 1, seq, hash: good.hash, bytes: body.length, storedBytes: body.length, writtenAt: new Date().toISOString(), logCreated: created, chunks: [chunk.seq] };
      await js.publish(`vdsim.snap.index.${seq}`, new Encoder().encode(entry));
    } finally {
      await nc.close();
    }
    const out = await cli.ok("events", "replay", "--verify");
    expect(out).toMatch(new RegExp(`^snapshot at sequence ${seq} is not used: its body does not decode`));
    expect(out).toMatch(new RegExp(`replayed \\d+ events from the snapshot at sequence ${good.seq} through sequence ${seq}`));
    expect(out).not.toMatch(/MISMATCH/);
    const scratch = await cli.run("events", "replay", "--verify", "--from-scratch");
    expect(scratch.code).toBe(1);
    expect(scratch.stdout).toMatch(new RegExp(`snapshot #${seq} +${seq} .*MISMATCH: the snapshot differs from the fold from sequence 1 at sequence ${seq}`));
    await cli.ok("management", "restart", "--kill");
    const log = readFileSync(layout.log("management"), "utf8").split("\n");
    expect(log.some((l) => l.includes(`snapshot at sequence ${seq} is not used: its body does not decode`))).toBe(true);
    expect(JSON.parse(log.filter((l) => l.includes("state rebuilt from")).at(-1)!)).toMatchObject({ seq, fromSnapshot: good.seq });
    expect(await cli.ok("events", "replay", "--verify")).not.toMatch(/MISMATCH/);
  });
});
