/**
 * Real OVN beside vdsim in the scale benchmark: the same kind of change as vdsim's port-group
 * change, on a private OVN with the same number of chassis, timed with `ovn-nbctl --wait=hv`.
 *
 * The change: OVN has port groups of its own. Every chassis' port is a member of pg_bench, and
 * the port group carries one ACL; each sample rewrites that ACL's match (a different UDP port),
 * a port-group setting every member chassis has to turn into flows before --wait=hv returns
 * (ovn-controller reports the NB config it has installed, northd folds that into hv_cfg).
 */
import type { Cleanup } from "./cleanup.js";
import { ovnMissing, startOvnCluster, type OvnCluster } from "./ovn-cluster.js";
import { cpuOver, cpuSumMs, totalRssMiB } from "./scale-proc.js";
import { progress, round, summarize, type LatencySummary } from "./stats.js";

export const OVN_PUBLISHED = {
  hypervisors: 1000,
  wait_hv_s: 11.4,
  note: "OVN's published figure for a change to reach 1,000 hypervisors with ovn-nbctl --wait=hv (quoted, not measured here)",
} as const;

export interface OvnFigures {
  readonly chassis: number;
  readonly skipped?: string;
  readonly network_namespaces?: string;
  readonly start_ms?: number;
  readonly wait_hv?: LatencySummary;
  /** the same ovn-nbctl change without waiting: the client's own start-up and the NB commit */
  readonly no_wait?: LatencySummary;
  readonly rss?: Record<string, number>;
  readonly idle_cpu_cores?: number;
  readonly cpu_ms_per_change?: number;
}

export interface OvnRunOptions {
  readonly warmup: number;
  readonly samples: number;
  readonly idleMs: number;
}

/** Why OVN is skipped on this machine (undefined when it can run). */
export const ovnSkipReason = ovnMissing;

/** Starts an OVN with `chassis` chassis, measures the port-group ACL change, and stops it again. */
export async function measureOvn(cleanup: Cleanup, chassis: number, options: OvnRunOptions): Promise<OvnFigures> {
  const skip = await ovnMissing();
  if (skip !== undefined) {
    progress(`scale: OVN skipped: ${skip}`);
    return { chassis, skipped: skip };
  }
  let stopOvn: (() => Promise<void>) | undefined;
  const teardown = cleanup.add(`OVN with ${chassis} chassis`, async () => stopOvn?.());
  try {
    progress(`scale: OVN: starting NB, SB, northd and ${chassis} chassis (ovsdb-server + userspace ovs-vswitchd + ovn-controller each)`);
    const t0 = performance.now();
    const ovn = await startOvnCluster({ chassis, log: progress }, (stop) => (stopOvn = stop));
    const startMs = performance.now() - t0;
    progress(`scale: OVN with ${chassis} chassis up in ${Math.round(startMs)} ms`);
    return { chassis, ...(await measureChange(ovn, options)), start_ms: Math.round(startMs) };
  } finally {
    await teardown();
  }
}

async function measureChange(ovn: OvnCluster, options: OvnRunOptions): Promise<Omit<OvnFigures, "chassis">> {
  const acl = (await ovn.nbctl(["--bare", "--columns=_uuid", "find", "ACL", "priority=1000"])).trim();
  if (acl === "" || acl.includes("\n")) throw new Error(`OVN: expected exactly one ACL on pg_bench, found "${acl}"`);
  let port = 1;
  const change = async (wait: boolean): Promise<number> => {
    port = (port % 60_000) + 1;
    const t = performance.now();
    await ovn.nbctl([...(wait ? ["--wait=hv"] : []), "set", "ACL", acl, `match="outport == @pg_bench && udp.dst == ${port}"`], 120);
    return performance.now() - t;
  };
  for (let i = 0; i < options.warmup; i++) await change(true);
  const pids = ovn.processes.map((p) => p.pid);
  const idle = await cpuOver(pids, options.idleMs);
  const samples: number[] = [];
  const cpuStart = cpuSumMs(pids);
  for (let i = 0; i < options.samples; i++) samples.push(await change(true));
  const cpuMs = cpuSumMs(pids) - cpuStart;
  const noWait: number[] = [];
  for (let i = 0; i < Math.min(20, options.samples); i++) {
    noWait.push(await change(false));
    // untimed: let every chassis catch up, so the next sample does not run beside their recompute
    await ovn.nbctl(["--wait=hv", "sync"], 120);
  }

  const group = (pred: (name: string, group: string) => boolean): number[] => ovn.processes.filter((p) => pred(p.name, p.group)).map((p) => p.pid);
  const central = totalRssMiB(group((_n, g) => g === "central"));
  const all = totalRssMiB(pids);
  const per = (name: string): number => round(totalRssMiB(group((n, g) => g !== "central" && n === name)).mib / ovn.chassis.length, 1);
  const wait = summarize(samples);
  progress(`scale: OVN ${ovn.chassis.length} chassis --wait=hv: p50 ${wait.p50_ms} ms, p99 ${wait.p99_ms} ms; RSS ${Math.round(all.mib)} MiB in all`);
  return {
    network_namespaces: ovn.noNamespaces ?? "one per chassis",
    wait_hv: wait,
    no_wait: summarize(noWait),
    rss: {
      total_mib: round(all.mib, 1),
      central_mib: round(central.mib, 1),
      per_chassis_mib: round((all.mib - central.mib) / ovn.chassis.length, 1),
      per_chassis_ovsdb_server_mib: per("ovsdb-server"),
      per_chassis_ovs_vswitchd_mib: per("ovs-vswitchd"),
      per_chassis_ovn_controller_mib: per("ovn-controller"),
      processes: all.alive,
    },
    idle_cpu_cores: idle.cores,
    cpu_ms_per_change: round(cpuMs / options.samples, 1),
  };
}
