/**
 * `npm run bench -- scale`: how vdsim's cost grows with hosts, against the raw JetStream fan-out
 * to as many consumers and, where Debian's OVN is installed, real OVN with as many chassis,
 * all measured in the same run. Sizes (env, comma-separated):
 *   VDSIM_BENCH_SCALE_SIZES      simulated hosts per size (default 8,64,256,1000)
 *   VDSIM_BENCH_SCALE_OVN        chassis counts OVN runs at, of those sizes or others ("none" to skip; default 8,64)
 *   VDSIM_BENCH_SCALE_HOSTS_PER_PROCESS  simulated hosts per host-agent process above 8 hosts (default 50)
 */
import type { Cleanup } from "./cleanup.js";
import { measureOvn, OVN_PUBLISHED, type OvnFigures } from "./ovn.js";
import { portGroupChangeBytes, rawFanOut } from "./scale-baseline.js";
import { measureVdsim, PG, VDS, type VdsimFigures } from "./scale-cluster.js";
import { progress, round, type LatencySummary } from "./stats.js";

const WARMUP = 10;
const SAMPLES = 50;
const IDLE_MS = 10_000;
const GOALS = { upHosts: 1000, upMs: 60_000, rssMiBPerHost: 8, p99Hosts: 1000, p99Ms: 1000, ovnHosts: 64 } as const;

export function parseSizes(text: string | undefined, fallback: readonly number[], what: string): number[] {
  if (text === undefined || text.trim() === "") return [...fallback];
  if (text.trim() === "none") return [];
  const sizes = text.split(",").map((s) => s.trim());
  const bad = sizes.filter((s) => !/^[1-9]\d*$/.test(s) || Number(s) > 2000);
  if (bad.length > 0) throw new Error(`${what}: "${bad.join('", "')}" is not a host count from 1 to 2000 (expected e.g. 8,64,256,1000)`);
  return [...new Set(sizes.map(Number))].sort((a, b) => a - b);
}

interface SizeResult {
  readonly hosts: number;
  readonly vdsim?: VdsimFigures;
  readonly vdsim_error?: string;
  /** what a failed size measured before it failed */
  readonly vdsim_partial?: Record<string, unknown>;
  readonly baseline?: LatencySummary;
  readonly p99_ratio_to_baseline?: number;
  readonly ovn?: OvnFigures;
  readonly ovn_error?: string;
}

export async function scaleBench(cleanup: Cleanup): Promise<Record<string, unknown>> {
  const sizes = parseSizes(process.env.VDSIM_BENCH_SCALE_SIZES, [8, 64, 256, 1000], "VDSIM_BENCH_SCALE_SIZES");
  const ovnSizes = parseSizes(process.env.VDSIM_BENCH_SCALE_OVN, [8, 64], "VDSIM_BENCH_SCALE_OVN");
  const perProcess = parseSizes(process.env.VDSIM_BENCH_SCALE_HOSTS_PER_PROCESS, [50], "VDSIM_BENCH_SCALE_HOSTS_PER_PROCESS")[0] ?? 50;
  const payloadBytes = portGroupChangeBytes(VDS, PG);
  const results: SizeResult[] = [];
  for (const hosts of [...new Set([...sizes, ...ovnSizes])].sort((a, b) => a - b)) {
    const result: { -readonly [K in keyof SizeResult]: SizeResult[K] } = { hosts };
    if (sizes.includes(hosts)) {
      const partial: Record<string, unknown> = {};
      try {
        // small clusters keep the default, one host per process
        result.vdsim = await measureVdsim(cleanup, { hosts, hostsPerProcess: hosts <= 8 ? 1 : perProcess, warmup: WARMUP, samples: SAMPLES, idleMs: IDLE_MS }, partial);
      } catch (err) {
        result.vdsim_error = err instanceof Error ? err.message : String(err);
        result.vdsim_partial = partial;
        progress(`scale: vdsim with ${hosts} hosts failed: ${result.vdsim_error}`);
      }
      result.baseline = await rawFanOut(cleanup, { consumers: hosts, payloadBytes, warmup: WARMUP, samples: SAMPLES });
      progress(`scale: raw fan-out to ${hosts}: p50 ${result.baseline.p50_ms} ms, p99 ${result.baseline.p99_ms} ms`);
      if (result.vdsim) result.p99_ratio_to_baseline = round(result.vdsim.propagation.p99_ms / result.baseline.p99_ms, 2);
    }
    if (ovnSizes.includes(hosts)) {
      try {
        result.ovn = await measureOvn(cleanup, hosts, { warmup: WARMUP, samples: SAMPLES, idleMs: IDLE_MS });
      } catch (err) {
        result.ovn_error = err instanceof Error ? err.message : String(err);
        progress(`scale: OVN with ${hosts} chassis failed: ${result.ovn_error}`);
      }
    }
    results.push(result);
  }
  const at = (hosts: number): SizeResult | undefined => results.find((r) => r.hosts === hosts);
  const largest = [...results].reverse().find((r) => r.vdsim !== undefined)?.vdsim;
  const big = at(GOALS.upHosts)?.vdsim;
  const bigUpMs = big?.up_ms ?? at(GOALS.upHosts)?.vdsim_partial?.up_ms;
  const p99Big = at(GOALS.p99Hosts)?.vdsim;
  const vs = at(GOALS.ovnHosts);
  const notMeasured = (what: string): { met: null; note: string } => ({ met: null, note: `not measured in this run: ${what}` });
  return {
    bench: "scale",
    sizes: results.map((r) => r.hosts),
    results,
    goals: {
      up_1000_hosts_under_60_s:
        typeof bigUpMs !== "number" ? notMeasured(`${GOALS.upHosts} hosts`) : { up_ms: bigUpMs, target_ms: GOALS.upMs, met: bigUpMs < GOALS.upMs },
      under_8_mib_per_simulated_host:
        largest === undefined
          ? notMeasured("no cluster started")
          : { hosts: largest.hosts, per_simulated_host_mib: largest.rss.per_simulated_host_mib, target_mib: GOALS.rssMiBPerHost, met: largest.rss.per_simulated_host_mib < GOALS.rssMiBPerHost },
      propagation_p99_to_1000_hosts_under_1_s:
        p99Big === undefined
          ? notMeasured(`${GOALS.p99Hosts} hosts`)
          : { p99_ms: p99Big.propagation.p99_ms, target_ms: GOALS.p99Ms, met: p99Big.propagation.p99_ms < GOALS.p99Ms, published_ovn_1000_hypervisors_ms: OVN_PUBLISHED.wait_hv_s * 1000 },
      p99_at_64_hosts_below_real_ovn_p50:
        vs?.vdsim === undefined || vs.ovn?.wait_hv === undefined
          ? notMeasured(vs?.ovn?.skipped ?? vs?.ovn_error ?? `vdsim and OVN at ${GOALS.ovnHosts} hosts`)
          : { vdsim_p99_ms: vs.vdsim.propagation.p99_ms, ovn_p50_ms: vs.ovn.wait_hv.p50_ms, met: vs.vdsim.propagation.p99_ms < vs.ovn.wait_hv.p50_ms },
    },
    ovn_published: OVN_PUBLISHED,
    detail: {
      vdsim_change: `setPortGroupPolicy (a VLAN) on ${PG}, every host a member of ${VDS}; client round trip with waitMs until all hosts applied it; ${WARMUP} warm-up changes, ${SAMPLES} measured, exact nearest-rank percentiles`,
      baseline: `raw JetStream publish (${payloadBytes} bytes, the change's size in the log) until acked and delivered to N ordered consumers in one process, a connection each; on a nats-server of its own`,
      ovn_change:
        "ovn-nbctl --wait=hv set ACL on a port group holding every chassis' logical switch port (one process per sample, as a user runs it); no_wait is the same without waiting for the chassis",
      rss: "VmRSS from /proc/<pid>/status, summed over every host-agent process, divided by simulated hosts",
      idle_cpu: `CPU of nats-server, management and host agents from /proc/<pid>/stat over ${IDLE_MS / 1000} s with no changes, in cores (1 = one core busy)`,
      hosts_per_process: `1 up to 8 hosts, else ${perProcess} (VDSIM_BENCH_SCALE_HOSTS_PER_PROCESS)`,
    },
  };
}
