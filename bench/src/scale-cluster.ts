/**
 * One size of the scale benchmark on vdsim's side: `up` with N simulated hosts, then how long
 * that took, the RSS per simulated host, the idle CPU, and a port-group change's propagation
 * until every member host applied it. The cluster is down again before this returns.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { CommandResult } from "@vdsim/client";
import { down, startCluster, type ClusterHandle, type StartClusterOptions } from "@vdsim/cluster";
import type { Cleanup } from "./cleanup.js";
import { cpuSumMs, totalRssMiB } from "./scale-proc.js";
import { progress, round, summarize, type LatencySummary } from "./stats.js";

export const VDS = "dvs-scale";
export const PG = "pg-scale";
const WAIT_MS = 30_000;
/** commands in flight while adding every host to the switch (unwaited; the port group add waits for all) */
const SETUP_CONCURRENCY = 16;

export interface ScaleRunOptions {
  readonly hosts: number;
  readonly hostsPerProcess: number;
  readonly warmup: number;
  readonly samples: number;
  readonly idleMs: number;
}

export interface VdsimFigures {
  readonly hosts: number;
  readonly hosts_per_process: number;
  readonly host_processes: number;
  readonly up_ms: number;
  readonly rss: {
    readonly per_simulated_host_mib: number;
    readonly host_agents_total_mib: number;
    readonly nats_server_mib: number;
    readonly management_mib: number;
    readonly cluster_total_mib: number;
  };
  readonly idle_cpu: { readonly cores: number; readonly host_agents_cores: number; readonly over_ms: number };
  readonly propagation: LatencySummary;
  readonly management_append_to_last_host_applied: LatencySummary;
  readonly cpu_ms_per_change: number;
  /** add-host commands asked again because the management service counted the host not responding */
  readonly setup_retries: number;
}

/**
 * `partial` receives each figure as soon as it is measured, so a size that fails part way (a
 * host not responding at 1,000) still reports how long `up` took and what it used.
 */
export async function measureVdsim(cleanup: Cleanup, options: ScaleRunOptions, partial: Record<string, unknown> = {}): Promise<VdsimFigures> {
  const { hosts: n } = options;
  const stateDir = mkdtempSync(join(tmpdir(), `vdsim-bench-scale-${n}-`));
  let starting: Promise<ClusterHandle> | undefined;
  const teardown = cleanup.add(`scale cluster of ${n} hosts`, async () => {
    // a cluster still starting is waited for (startCluster stops what it started when it fails)
    const cluster = await starting?.catch(() => undefined);
    if (cluster) await cluster.down();
    else await down(stateDir);
    rmSync(stateDir, { recursive: true, force: true });
  });
  try {
    progress(`scale: up with ${n} hosts, ${options.hostsPerProcess} per process (state dir ${stateDir})`);
    const startOptions: StartClusterOptions = {
      hosts: n,
      stateDir,
      // a wide correctness bound: the up time itself is the figure
      readyTimeoutMs: 300_000,
      ...(options.hostsPerProcess > 1 ? { hostsPerProcess: options.hostsPerProcess } : {}),
    };
    const t0 = performance.now();
    starting = startCluster(startOptions);
    const cluster = await starting;
    const upMs = performance.now() - t0;
    progress(`scale: ${n} hosts up in ${Math.round(upMs)} ms`);
    partial.up_ms = Math.round(upMs);
    const record = cluster.record();
    const hostNames = Object.keys(record.hosts).sort();
    if (hostNames.length !== n) throw new Error(`up started ${hostNames.length} hosts, expected ${n}`);
    const hostPids = [...new Set(Object.values(record.hosts))];
    const natsPids = (record.natsNodes ?? []).map((node) => node.pid);
    const allPids = [...natsPids, record.managementPid, ...hostPids];

    partial.host_processes = hostPids.length;
    partial.rss_after_up = { per_simulated_host_mib: round(totalRssMiB(hostPids).mib / n, 2), host_agents_total_mib: round(totalRssMiB(hostPids).mib, 1) };
    const client = cluster.client;
    const wait = { waitMs: WAIT_MS };
    expectApplied("create switch", await client.createSwitch(VDS, {}), 0, true);
    let setupRetries = 0;
    // a host the management service counts as not responding (a late heartbeat under load) is
    // asked again for a while; the retries are reported, the setup is not what is measured
    const addHost = async (host: string): Promise<void> => {
      for (let attempt = 0; ; attempt++) {
        try {
          const r = await client.addHostToSwitch(VDS, host);
          if (r.seq === null) throw new Error(`adding ${host} to ${VDS} recorded no event`);
          return;
        } catch (err) {
          if (attempt >= 60 || !(err instanceof Error) || !/not responding/i.test(err.message)) throw err;
          setupRetries++;
          await new Promise((r) => setTimeout(r, 500));
        }
      }
    };
    for (let i = 0; i < hostNames.length; i += SETUP_CONCURRENCY) await Promise.all(hostNames.slice(i, i + SETUP_CONCURRENCY).map(addHost));
    partial.setup_retries = setupRetries;
    expectApplied(`add port group ${PG}`, await client.addPortGroup(VDS, PG, {}, wait), n);

    const change = async (vlanId: number): Promise<{ ms: number; appendToApplied: number }> => {
      const t = performance.now();
      const result = await client.setPortGroupPolicy(VDS, PG, { vlan: { kind: "vlan", id: vlanId } }, wait);
      const ms = performance.now() - t;
      expectApplied(`set VLAN ${vlanId} on ${PG}`, result, n);
      return { ms, appendToApplied: Math.max(...(result.applied ?? []).map((a) => a.ms)) };
    };
    for (let i = 0; i < options.warmup; i++) await change(3000 + i);

    // idle: after the warm-up, no changes in flight; heartbeats and timers are what is left
    const idleStart = { all: cpuSumMs(allPids), hosts: cpuSumMs(hostPids), at: performance.now() };
    await new Promise((r) => setTimeout(r, options.idleMs));
    const idleWall = performance.now() - idleStart.at;
    const idleCores = (pids: readonly number[], before: number): number => round((cpuSumMs(pids) - before) / idleWall, 3);
    const idle = { cores: idleCores(allPids, idleStart.all), host_agents_cores: idleCores(hostPids, idleStart.hosts), over_ms: Math.round(idleWall) };
    const rssHosts = totalRssMiB(hostPids);
    const rssNats = totalRssMiB(natsPids);
    const rssMgmt = totalRssMiB([record.managementPid]);

    const cpuStart = cpuSumMs(allPids);
    const samples: number[] = [];
    const appendToApplied: number[] = [];
    for (let i = 0; i < options.samples; i++) {
      const s = await change(1 + (i % 4000));
      samples.push(s.ms);
      appendToApplied.push(s.appendToApplied);
    }
    const cpuMs = cpuSumMs(allPids) - cpuStart;
    const propagation = summarize(samples);
    progress(`scale: ${n} hosts: propagation p50 ${propagation.p50_ms} ms, p99 ${propagation.p99_ms} ms; ${round(rssHosts.mib / n, 2)} MiB per simulated host`);
    return {
      hosts: n,
      hosts_per_process: options.hostsPerProcess,
      host_processes: hostPids.length,
      up_ms: Math.round(upMs),
      rss: {
        per_simulated_host_mib: round(rssHosts.mib / n, 2),
        host_agents_total_mib: round(rssHosts.mib, 1),
        nats_server_mib: round(rssNats.mib, 1),
        management_mib: round(rssMgmt.mib, 1),
        cluster_total_mib: round(rssHosts.mib + rssNats.mib + rssMgmt.mib, 1),
      },
      idle_cpu: idle,
      propagation,
      management_append_to_last_host_applied: summarize(appendToApplied),
      cpu_ms_per_change: round(cpuMs / options.samples, 1),
      setup_retries: setupRetries,
    };
  } finally {
    progress(`scale: stopping the cluster of ${n} hosts`);
    await teardown();
  }
}

/** A change must be recorded and applied by exactly `hosts` hosts, with none pending (unless it was not waited for). */
function expectApplied(what: string, result: CommandResult, hosts: number, unwaited = false): void {
  if (result.seq === null) throw new Error(`${what}: the command recorded no event`);
  if (unwaited) return;
  const applied = result.applied ?? [];
  const pending = result.pending ?? [];
  if (applied.length !== hosts || pending.length !== 0) {
    const shown = pending.slice(0, 10).map((p) => `${p.host} (${p.status})`);
    throw new Error(
      `${what}: expected ${hosts} hosts to apply it with none pending; applied by ${applied.length}, ` +
        `pending ${pending.length === 0 ? "none" : `${pending.length}: ${shown.join(", ")}${pending.length > 10 ? ", ..." : ""}`}`,
    );
  }
}
