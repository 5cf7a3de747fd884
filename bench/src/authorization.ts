import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { NatsConnection } from "@nats-io/transport-node";
import { down, startCluster, type ClusterHandle } from "@vdsim/cluster";
import { JetStreamEventStore } from "@vdsim/eventstore";
import { decide, envelope, evolve, eventSubject, initialState, type DomainEvent, type ManagementCommand } from "@vdsim/model";
import { MANAGEMENT, connectNats, startNatsServer, writeRoleCredentials, type NatsServerHandle } from "@vdsim/runtime";
import type { Cleanup } from "./cleanup.js";
import { progress, round, summarize, type LatencySummary } from "./stats.js";

const APPENDS = 2_000;
const APPEND_WARMUP = 200;
const HOSTS = 8;
const CHANGES = 200;
const WARMUP = 50;
const WAIT_MS = 10_000;
const VDS = "dvs-bench";
const PG = "pg-bench";
/** authorization may cost at most this much at p50 */
const MAX_P50_COST = 0.1;

type Side = "with" | "without";

/**
 * What NATS authorization costs: the same appends and the same propagation with the server
 * checking every publish and subscription against the role's permissions, and without it.
 * Both sides run at once and their samples alternate (ABBA), so a busy moment on a shared
 * machine falls on both alike.
 */
export async function authorizationBench(cleanup: Cleanup): Promise<Record<string, unknown>> {
  const append = await appendLatency(cleanup);
  progress(`authorization: append p50 ${append.with.p50_ms} ms with, ${append.without.p50_ms} ms without`);
  const propagation = await propagationLatency(cleanup);
  progress(`authorization: propagation p50 ${propagation.with.p50_ms} ms with, ${propagation.without.p50_ms} ms without`);
  const appendCost = append.with.p50_ms / append.without.p50_ms - 1;
  const propagationCost = propagation.with.p50_ms / propagation.without.p50_ms - 1;
  return {
    bench: "authorization",
    append: { with_authorization: withoutN(append.with), without_authorization: withoutN(append.without), p50_cost: round(appendCost, 3) },
    propagation: { with_authorization: withoutN(propagation.with), without_authorization: withoutN(propagation.without), p50_cost: round(propagationCost, 3) },
    target: `authorization costs under ${MAX_P50_COST * 100}% at p50 (append and propagation)`,
    met: appendCost < MAX_P50_COST && propagationCost < MAX_P50_COST,
    detail: {
      append: `${APPENDS} appends after ${APPEND_WARMUP} warm-ups through JetStreamEventStore.append (a port-group policy change, msg id, no expectation) on two nats-servers at once, one with the role users (the writer as the management user), one with none; samples alternate`,
      propagation: `client round trip of setPortGroupPolicy(waitMs ${WAIT_MS}) until all ${HOSTS} hosts applied, ${CHANGES} changes after ${WARMUP} warm-ups, on two clusters at once: \`startCluster\` (a NATS user per role) and the same on a nats-server without authorization (--nats); changes alternate`,
    },
  };
}

function withoutN(s: LatencySummary): Omit<LatencySummary, "n"> {
  const { n: _n, ...rest } = s;
  return rest;
}

/** Runs `sample` for both sides, alternating which goes first (ABBA), and summarizes each side. */
async function alternate(n: number, sample: (side: Side, i: number) => Promise<number>): Promise<Record<Side, LatencySummary>> {
  const samples: Record<Side, number[]> = { with: [], without: [] };
  for (let i = 0; i < n; i++) {
    const order: Side[] = i % 2 === 0 ? ["with", "without"] : ["without", "with"];
    for (const side of order) samples[side].push(await sample(side, i));
  }
  return { with: summarize(samples.with), without: summarize(samples.without) };
}

/** A port-group policy change as the management service appends it. */
function policyChange(): DomainEvent {
  const state = initialState();
  const ctx = { isHostResponding: () => true };
  const commands: ManagementCommand[] = [
    { type: "CreateDistributedSwitch", vds: VDS },
    { type: "AddDistributedPortGroup", vds: VDS, portgroup: PG },
    { type: "SetDistributedPortGroupPolicy", vds: VDS, portgroup: PG, patch: { vlan: { kind: "vlan", id: 1234 } } },
  ];
  let last: DomainEvent | undefined;
  for (const command of commands) {
    for (const event of decide(command, state, ctx)) {
      evolve(state, event);
      last = event;
    }
  }
  return last!;
}

async function appendLatency(cleanup: Cleanup): Promise<Record<Side, LatencySummary>> {
  const dir = mkdtempSync(join(tmpdir(), "vdsim-bench-auth-"));
  const removeDir = cleanup.add("authorization temp dir", () => rmSync(dir, { recursive: true, force: true }));
  const servers: Promise<NatsServerHandle>[] = [];
  const connections: NatsConnection[] = [];
  const stop = cleanup.add("authorization nats-servers", async () => {
    await Promise.all(connections.map((nc) => nc.close().catch(() => undefined)));
    await Promise.all(servers.map(async (s) => (await s.catch(() => undefined))?.stop()));
  });
  try {
    const [writer] = writeRoleCredentials(join(dir, "creds"), [MANAGEMENT]);
    servers.push(startNatsServer({ dir, name: "bench-auth-with", users: [writer!] }), startNatsServer({ dir, name: "bench-auth-without" }));
    const [withAuth, withoutAuth] = await Promise.all(servers);
    const nc = {
      with: await connectNats({ servers: withAuth!.url, name: "bench-auth-writer", credsFile: writer!.file }),
      without: await connectNats({ servers: withoutAuth!.url, name: "bench-noauth-writer" }),
    };
    connections.push(nc.with, nc.without);
    const store = { with: await JetStreamEventStore.open(nc.with), without: await JetStreamEventStore.open(nc.without) };
    const event = policyChange();
    const subject = eventSubject(event);
    const append = async (side: Side, i: number): Promise<number> => {
      const env = envelope(event, { commandId: `bench-${side}-${i}`, time: new Date().toISOString() });
      const t0 = performance.now();
      await store[side].append({ subject, envelope: env, expect: "none-on-purpose", msgId: `${side}-${i}` });
      return performance.now() - t0;
    };
    await alternate(APPEND_WARMUP, (side, i) => append(side, -1 - i));
    return await alternate(APPENDS, append);
  } finally {
    await stop();
    await removeDir();
  }
}

async function propagationLatency(cleanup: Cleanup): Promise<Record<Side, LatencySummary>> {
  const dir = mkdtempSync(join(tmpdir(), "vdsim-bench-auth-cluster-"));
  const dirs = { with: join(dir, "with"), without: join(dir, "without") };
  let plain: Promise<NatsServerHandle> | undefined;
  const clusters: Partial<Record<Side, Promise<ClusterHandle>>> = {};
  const teardown = cleanup.add("authorization clusters", async () => {
    for (const side of ["with", "without"] as const) {
      const cluster = await clusters[side]?.catch(() => undefined);
      if (cluster) await cluster.down();
      else await down(dirs[side]);
    }
    await (await plain?.catch(() => undefined))?.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  try {
    progress(`authorization: two clusters of ${HOSTS} host agents, one with a NATS user per role, one on a nats-server without authorization`);
    plain = startNatsServer({ dir: join(dir, "nats"), name: "bench-auth-plain" });
    const url = (await plain).url;
    clusters.with = startCluster({ hosts: HOSTS, stateDir: dirs.with });
    const withAuth = await clusters.with;
    clusters.without = startCluster({ hosts: HOSTS, stateDir: dirs.without, nats: url });
    const withoutAuth = await clusters.without;
    const client = { with: withAuth.client, without: withoutAuth.client };
    const wait = { waitMs: WAIT_MS };
    for (const side of ["with", "without"] as const) {
      const c = client[side];
      await c.createSwitch(VDS, {}, wait);
      for (const host of Object.keys((side === "with" ? withAuth : withoutAuth).record().hosts)) await c.addHostToSwitch(VDS, host, undefined, wait);
      await c.addPortGroup(VDS, PG, {}, wait);
    }
    const change = async (side: Side, i: number): Promise<number> => {
      const t0 = performance.now();
      const result = await client[side].setPortGroupPolicy(VDS, PG, { vlan: { kind: "vlan", id: 1 + (i % 4000) } }, wait);
      const ms = performance.now() - t0;
      if ((result.applied ?? []).length !== HOSTS) throw new Error(`change ${i} (${side} authorization) reached ${(result.applied ?? []).length} of ${HOSTS} hosts`);
      return ms;
    };
    await alternate(WARMUP, (side, i) => change(side, 3000 + i));
    return await alternate(CHANGES, change);
  } finally {
    progress("authorization: stopping both clusters");
    await teardown();
  }
}
