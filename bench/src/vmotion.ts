import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { VdsimClient } from "@vdsim/client";
import { down, startCluster, type ClusterHandle } from "@vdsim/cluster";
import { TRAFFIC_TICK_MS } from "@vdsim/esx";
import type { Cleanup } from "./cleanup.js";
import { progress, round, summarize } from "./stats.js";

const SWITCHOVERS = 100;
const EVACUATE_VMS = 200;
const EVACUATE_HOSTS = 8;
const TRAFFIC_PPS = 1_000;
/** small VMs keep a hundred migrations within a minute: 64 MB pre-copies in about 50 ms at 10GbE */
const MEMORY_MB = 64;

async function withCluster<T>(cleanup: Cleanup, hosts: number, run: (cluster: ClusterHandle) => Promise<T>): Promise<T> {
  const stateDir = mkdtempSync(join(tmpdir(), "vdsim-bench-vmotion-"));
  let starting: Promise<ClusterHandle> | undefined;
  const teardown = cleanup.add(`vMotion cluster of ${hosts}`, async () => {
    const cluster = await starting?.catch(() => undefined);
    if (cluster) await cluster.down();
    else await down(stateDir);
    rmSync(stateDir, { recursive: true, force: true });
  });
  try {
    starting = startCluster({ hosts, stateDir });
    return await run(await starting);
  } finally {
    await teardown();
  }
}

async function prepare(client: VdsimClient, hosts: readonly string[]): Promise<void> {
  const wait = { waitMs: 15_000 };
  await client.createSwitch("dvs-bench");
  for (const [i, h] of hosts.entries()) {
    await client.addHostToSwitch("dvs-bench", h, ["vmnic1"], wait);
    await client.hostCli(h, "vicfg-vswitch", ["-A", "vMotion", "vSwitch0"]);
    await client.hostCli(h, "vicfg-vmknic", ["-a", "-i", `192.168.50.${i + 1}`, "-n", "255.255.255.0", "vMotion"]);
    await client.hostCli(h, "vicfg-vmknic", ["--enable-vmotion", "vMotion"]);
  }
  await client.addPortGroup("dvs-bench", "pg", { ports: 1024 });
}

/**
 * The frames a sender emits while the switchover window is open. It sends in bursts, every
 * TRAFFIC_TICK_MS, each burst carrying the frames that fell due since the last one: a burst sent
 * inside the window holds frames due up to a tick before it opened. A migration that loses more
 * lost frames outside the window.
 */
function lossBudget(stunMs: number): number {
  return Math.ceil((TRAFFIC_PPS * (stunMs + TRAFFIC_TICK_MS)) / 1000);
}

/** One VM with a peer streaming to it, moved back and forth between two hosts. */
async function switchovers(cleanup: Cleanup): Promise<Record<string, unknown>> {
  return withCluster(cleanup, 2, async ({ client }) => {
    await prepare(client, ["esx-01", "esx-02"]);
    await client.command({ type: "CreateVm", vm: "app", host: "esx-01", networks: ["pg"], memoryMB: MEMORY_MB }, { waitMs: 10_000 });
    await client.createVm("peer", "esx-02", ["pg"], { waitMs: 10_000 });
    await client.startTraffic({ flow: "peer->app", fromVm: "peer", to: "app", pps: TRAFFIC_PPS });
    const stun: number[] = [];
    const lost: number[] = [];
    let over = 0;
    for (let i = 0; i < SWITCHOVERS; i++) {
      const to = i % 2 === 0 ? "esx-02" : "esx-01";
      const { migration, seq } = await client.migrate("app", to);
      const done = await client.waitForMigration(migration, seq);
      const o = done.outcome as { stunMs?: number; traffic?: { framesLost: number } };
      if (done.result !== "completed" || o.stunMs === undefined) throw new Error(`migration ${i + 1} ended ${done.result}`);
      stun.push(o.stunMs);
      const l = o.traffic?.framesLost ?? 0;
      lost.push(l);
      if (l > lossBudget(o.stunMs)) over++;
      if ((i + 1) % 20 === 0) progress(`vmotion: ${i + 1}/${SWITCHOVERS} migrations`);
    }
    await client.stopTraffic();
    const s = summarize(stun);
    return { p50_ms: s.p50_ms, p99_ms: s.p99_ms, max_ms: s.max_ms, lost_mean: round(lost.reduce((a, b) => a + b, 0) / lost.length, 2), lost_max: Math.max(...lost), over_budget: over };
  });
}

/** Maintenance mode on one host of eight carrying 200 VMs, with the per-host limit. */
async function evacuation(cleanup: Cleanup): Promise<Record<string, unknown>> {
  return withCluster(cleanup, EVACUATE_HOSTS, async ({ client, record }) => {
    const hosts = Object.keys(record().hosts).sort();
    await prepare(client, hosts);
    for (let i = 0; i < EVACUATE_VMS; i++) {
      await client.command({ type: "CreateVm", vm: `vm-${String(i).padStart(3, "0")}`, host: "esx-01", networks: ["pg"], memoryMB: MEMORY_MB }, i === EVACUATE_VMS - 1 ? { waitMs: 15_000 } : {});
    }
    progress(`vmotion: ${EVACUATE_VMS} VMs on esx-01; entering maintenance mode`);
    const t0 = performance.now();
    const plan = await client.evacuate("esx-01");
    const ids = plan.migrations.map((m) => m.migration).filter((m): m is string => m !== null);
    const results = await client.waitForMigrations(ids, plan.seq);
    const minutes = (performance.now() - t0) / 60_000;
    const completed = [...results.values()].filter((r) => r === "completed").length;
    return { vms: EVACUATE_VMS, hosts: EVACUATE_HOSTS, completed, seconds: round(minutes * 60, 1), migrations_per_min: round(completed / minutes, 1) };
  });
}

export async function vmotionBench(cleanup: Cleanup): Promise<Record<string, unknown>> {
  progress(`vmotion: ${SWITCHOVERS} migrations of a VM receiving ${TRAFFIC_PPS} frames/s`);
  const sw = await switchovers(cleanup);
  const ev = await evacuation(cleanup);
  return {
    bench: "vmotion",
    switchover: { migrations: SWITCHOVERS, ...sw },
    baseline: { name: "frames lost if only the switchover window loses: the frames sent while it is open, rate x (stun time + one generator tick)", frames_per_ms: TRAFFIC_PPS / 1000, tick_ms: TRAFFIC_TICK_MS },
    evacuation: ev,
    target: "switchover p99 < 20 ms; frames lost per migration <= the frames sent during the switchover",
    met: (sw.p99_ms as number) < 20 && sw.over_budget === 0,
  };
}
