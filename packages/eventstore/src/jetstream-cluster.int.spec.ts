import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { jetstreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import { envelope, type EventEnvelope } from "@vdsim/model";
import { connectNats, startNatsCluster, stopProcess, waitFor, type NatsClusterHandle } from "@vdsim/runtime";
import { JetStreamEventStore } from "./jetstream-store.js";
import type { StoredEvent } from "./types.js";

const env = (host: string): EventEnvelope =>
  envelope({ type: "HostAdded", data: { host, pnics: ["vmnic0"] } }, { commandId: `cmd-${host}`, time: "2026-01-01T00:00:00.000Z" });
const subject = (host: string): string => `vdsim.evt.global.host.${host}`;

/** A three-node JetStream cluster on loopback, a connection to all of it and the event log with replicas 3. */
async function clusterLog(): Promise<{ cluster: NatsClusterHandle; nc: NatsConnection; store: JetStreamEventStore } & AsyncDisposable> {
  const dir = mkdtempSync(join(tmpdir(), "vdsim-js-cluster-"));
  const cluster = await startNatsCluster({ dir, nodes: 3 });
  const nc = await connectNats({ servers: cluster.urls, name: "cluster-log" });
  const store = await waitFor("the replicated stream", () => JetStreamEventStore.open(nc, { replicas: 3 }), 30_000, 250);
  return {
    cluster,
    nc,
    store,
    async [Symbol.asyncDispose]() {
      await nc.close();
      await cluster.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function nodeLeading(nc: NatsConnection, what: "stream" | "consumer"): Promise<string> {
  const jsm = await jetstreamManager(nc);
  if (what === "stream") return (await jsm.streams.info("VDSIM_EVENTS")).cluster?.leader ?? "";
  const consumers = await jsm.consumers.list("VDSIM_EVENTS").next();
  return consumers[0]?.cluster?.leader ?? "";
}

async function kill(cluster: NatsClusterHandle, name: string): Promise<void> {
  const node = cluster.nodes.find((n) => n.name === name);
  if (!node) throw new Error(`no node ${name}`);
  await stopProcess(node.pid, "SIGKILL");
}

describe("the event log on a three-node JetStream cluster (replicas 3)", () => {
  it("an append while the stream leader's node is killed waits for the next leader and is recorded once", { timeout: 60_000 }, async () => {
    await using log = await clusterLog();
    expect((await log.store.append({ subject: subject("esx-01"), envelope: env("esx-01"), expect: { lastSeq: 0 } })).seq).toBe(1);
    await kill(log.cluster, await nodeLeading(log.nc, "stream"));
    const appended = await log.store.append({ subject: subject("esx-02"), envelope: env("esx-02"), expect: { lastSeq: 1 } });
    expect(appended).toEqual({ seq: 2, duplicate: false });
    const retried = await log.store.append({ subject: subject("esx-02"), envelope: env("esx-02"), expect: { lastSeq: 1 } });
    expect(retried).toEqual({ seq: 2, duplicate: true });
    const seqs: number[] = [];
    for await (const e of log.store.read()) seqs.push(e.seq);
    expect(seqs).toEqual([1, 2]);
  });

  it("a follower whose consumer's node is killed goes on from the next event", { timeout: 60_000 }, async () => {
    await using log = await clusterLog();
    await log.store.append({ subject: subject("esx-01"), envelope: env("esx-01"), expect: { lastSeq: 0 } });
    const follower = await connectNats({ servers: log.cluster.urls, name: "follower" });
    const follow = (await JetStreamEventStore.open(follower)).follow(1);
    const seen: StoredEvent[] = [];
    const reading = (async () => {
      for await (const e of follow) seen.push(e);
    })();
    try {
      await waitFor("the first event", () => (seen.length === 1 ? true : undefined));
      await kill(log.cluster, await nodeLeading(log.nc, "consumer"));
      await log.store.append({ subject: subject("esx-02"), envelope: env("esx-02"), expect: { lastSeq: 1 } });
      await waitFor("the event appended after the kill", () => (seen.length === 2 ? true : undefined), 30_000);
      expect(seen.map((e) => [e.seq, e.subject])).toEqual([
        [1, subject("esx-01")],
        [2, subject("esx-02")],
      ]);
    } finally {
      await follow.stop();
      await reading;
      await follower.close();
    }
  });

  it("scans read every event after the stream leader's node is killed, wherever their consumers land", { timeout: 60_000 }, async () => {
    await using log = await clusterLog();
    for (let i = 0; i < 5; i++) {
      const host = `esx-0${i + 1}`;
      await log.store.append({ subject: subject(host), envelope: env(host), expect: { lastSeq: i } });
    }
    await kill(log.cluster, await nodeLeading(log.nc, "stream"));
    // each scan makes a new consumer; several in a row give one a fair chance of the dead node
    for (let round = 0; round < 6; round++) {
      const seqs: number[] = [];
      expect(await log.store.scan({}, (e) => seqs.push(e.seq))).toBe(5);
      expect(seqs).toEqual([1, 2, 3, 4, 5]);
    }
  });
});
