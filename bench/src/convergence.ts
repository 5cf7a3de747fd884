import { DeliverPolicy, jetstream } from "@nats-io/jetstream";
import { NatsProxies, logEnd, replayHash } from "@vdsim/chaos";
import type { VdsimClient } from "@vdsim/client";
import { restartHost, startCluster, type ClusterHandle } from "@vdsim/cluster";
import { DEFAULT_STREAM } from "@vdsim/eventstore";
import { waitFor } from "@vdsim/runtime";
import type { Cleanup } from "./cleanup.js";
import { median, progress, round } from "./stats.js";

const BEHIND = 10_000;
const PARTITION_MS = 10_000;
const ROUNDS = 3;
/** commands out at once while the log is filled */
const IN_FLIGHT = 32;
const VDS = "dvs-conv";
const PG = "pg-conv";
const VICTIM = "esx-01";

/**
 * Convergence after faults, as `vdsim chaos run` measures it: a host agent restarted with
 * 10,000 events behind it, and a host agent whose NATS connection was cut for 10 s (changes kept
 * coming meanwhile), each until it has applied the whole log and its state hash matches a replay.
 */
export async function convergenceBench(cleanup: Cleanup): Promise<Record<string, unknown>> {
  const proxies = new NatsProxies();
  const closeProxies = cleanup.add("convergence proxies", () => proxies.close());
  const starting = startCluster({ hosts: 2, hostNats: proxies.urlFor });
  const stopCluster = cleanup.add("convergence cluster", async () => (await starting.catch(() => undefined))?.down());
  const cluster = await starting;
  try {
    const { client } = cluster;
    await client.createSwitch(VDS, { uplinks: 1 }, { waitMs: 10_000 });
    for (const h of ["esx-01", "esx-02"]) await client.addHostToSwitch(VDS, h, ["vmnic1"], { waitMs: 10_000 });
    await client.addPortGroup(VDS, PG, { vlan: { kind: "vlan", id: 10 } }, { waitMs: 10_000 });
    let change = 0;
    const fill = (events: number): Promise<number> => fillLog(client, events, () => change++);

    const restart = { converge: [] as number[], fresh: [] as number[], fill: [] as number[], read: [] as number[] };
    for (let r = 1; r <= ROUNDS; r++) {
      await cluster.killHost(VICTIM);
      const t = performance.now();
      await fill(BEHIND);
      restart.fill.push(performance.now() - t);
      const to = await logEnd(client);
      restart.read.push(await rawRead(client, to - BEHIND + 1, to));
      restart.converge.push(await timeRestart(cluster, client, to));
      // baseline: the same restart with nothing to catch up on
      await cluster.killHost(VICTIM);
      restart.fresh.push(await timeRestart(cluster, client, await logEnd(client)));
      progress(
        `convergence round ${r}/${ROUNDS}: restart with ${BEHIND} events behind ${Math.round(restart.converge.at(-1)!)} ms (nothing behind ${Math.round(restart.fresh.at(-1)!)} ms; raw read of the ${BEHIND} events ${Math.round(restart.read.at(-1)!)} ms; filling the log took ${Math.round(restart.fill.at(-1)!)} ms)`,
      );
    }

    const partition = { converge: [] as number[], behind: [] as number[], bystander: [] as number[] };
    for (let r = 1; r <= ROUNDS; r++) {
      const proxy = proxies.get(VICTIM);
      proxy.cut();
      const cutAt = Date.now();
      const from = await logEnd(client);
      // changes keep coming during the partition, at the pace the management service takes them
      while (Date.now() - cutAt < PARTITION_MS) await fill(50);
      const to = await logEnd(client);
      proxy.heal();
      const healedAt = performance.now();
      const [victim, bystander] = await Promise.all([converged(client, VICTIM, to), converged(client, "esx-02", to)]);
      partition.converge.push(victim - healedAt);
      partition.bystander.push(Math.max(0, bystander - healedAt));
      partition.behind.push(to - from);
      progress(`convergence round ${r}/${ROUNDS}: ${PARTITION_MS / 1_000} s partition with ${to - from} events behind healed, converged in ${Math.round(partition.converge.at(-1)!)} ms`);
    }
    const readMs = median(restart.read);
    return {
      bench: "convergence",
      rounds: ROUNDS,
      restart_10k_behind_ms: round(median(restart.converge), 1),
      restart_10k_behind_max_ms: round(Math.max(...restart.converge), 1),
      partition_10s_ms: round(median(partition.converge), 1),
      partition_10s_max_ms: round(Math.max(...partition.converge), 1),
      partition_events_behind: Math.round(median(partition.behind)),
      baseline: {
        name: `raw JetStream read of the same ${BEHIND} events (ordered consumer, no decode)`,
        ms: round(readMs, 1),
        events_per_s: Math.round(BEHIND / (readMs / 1_000)),
      },
      restart_ratio_to_raw_read: round(median(restart.converge) / readMs, 2),
      restart_with_nothing_behind_ms: round(median(restart.fresh), 1),
      detail: {
        measured:
          "restart: from spawning the killed agent to its reporting the log's last sequence with a state hash equal to a replay (launcher readiness polls every 50 ms); " +
          "partition: from healing the proxy to the agent reporting the log's end with a matching hash (polled every 20 ms); medians of rounds",
        fill_10k_events_ms: round(median(restart.fill), 1),
      },
    };
  } finally {
    await stopCluster();
    await closeProxies();
  }
}

/** Appends `events` port-group changes (each a new event), IN_FLIGHT at a time. */
async function fillLog(client: VdsimClient, events: number, next: () => number): Promise<number> {
  let sent = 0;
  const worker = async (): Promise<void> => {
    while (sent < events) {
      sent++;
      const i = next();
      await client.setPortGroupPolicy(VDS, PG, { averageKbps: 1_000 + i, peakKbps: 10_000_000, burstKB: 1_000 });
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  return sent;
}

async function timeRestart(cluster: ClusterHandle, client: VdsimClient, to: number): Promise<number> {
  const t = performance.now();
  await restartHost(cluster.stateDir, VICTIM, { kill: true, timeoutMs: 120_000 });
  const done = await converged(client, VICTIM, to);
  return done - t;
}

/** performance.now() when the host reported applying `to` (or more) with a hash matching a replay at its sequence. */
async function converged(client: VdsimClient, host: string, to: number): Promise<number> {
  let checked = -1;
  return waitFor(
    `${host} to converge on sequence ${to}`,
    async () => {
      const at = performance.now();
      const report = await client.hostState(host, 2_000);
      if (report.appliedSeq < to || report.appliedSeq === checked) return undefined;
      checked = report.appliedSeq;
      if ((await replayHash(client, host, report.appliedSeq)) !== report.hash) throw new Error(`${host}'s state hash differs from the replay at ${report.appliedSeq}`);
      return at;
    },
    120_000,
    20,
  );
}

/** Reads sequences from..to from the stream with an ordered consumer, without decoding: the floor for catching up. */
async function rawRead(client: VdsimClient, from: number, to: number): Promise<number> {
  const js = jetstream(client.nc);
  const t = performance.now();
  const consumer = await js.consumers.get(DEFAULT_STREAM, { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: from });
  const messages = await consumer.consume({ max_messages: 10_000 });
  for await (const m of messages) {
    if (m.seq >= to) break;
  }
  const ms = performance.now() - t;
  await messages.close();
  return ms;
}
