import { HostDataPlane, type Frame } from "@vdsim/dataplane";
import type { PortGroupPolicy } from "@vdsim/model";
import { progress, round } from "./stats.js";

const RUN_MS = 2_500;
const WARMUP_MS = 300;
const BATCH = 10_000;
const TARGET_FRAMES_PER_S = 1_000_000;
/** Map lookups one locally switched unicast costs: the port by id, the source MAC (learning), the destination MAC. */
const LOOKUPS_PER_FRAME = 3;

const SHAPING_OFF = { enabled: false, averageKbps: 100_000, peakKbps: 100_000, burstKB: 102_400 } as const;
const POLICY: PortGroupPolicy = {
  vlan: { kind: "vlan", id: 10 },
  security: { allowPromiscuous: false, allowMacChanges: false, allowForgedTransmits: false },
  ingressShaping: SHAPING_OFF,
  egressShaping: SHAPING_OFF,
  teaming: { loadBalancing: "loadbalance_srcid", activeUplinks: ["uplink1"], standbyUplinks: [], notifySwitches: true, failback: true },
  blocked: false,
};

const MAC_A = "00:50:56:80:00:01";
const MAC_B = "00:50:56:80:00:02";

/**
 * Frames per second switched locally: one proxy switch, two ports on VLAN 10 whose MACs are
 * learned, a prebuilt 64-byte unicast transmitted in a tight loop. The baseline, in the same
 * run, is a bare loop doing the same number of Map lookups per iteration.
 */
export async function benchSwitching(): Promise<Record<string, unknown>> {
  const dp = new HostDataPlane();
  dp.configure({
    switches: [{ name: "dvs1", kind: "proxy", ports: 128, uplinks: { uplink1: "vmnic1" } }],
    ports: [
      { id: "1", switch: "dvs1", portGroup: "bench", policy: POLICY, kind: "vnic", mac: MAC_A },
      { id: "2", switch: "dvs1", portGroup: "bench", policy: POLICY, kind: "vnic", mac: MAC_B },
    ],
  });
  dp.transmit("2", { src: MAC_B, dst: MAC_A, vlan: 0, ethertype: 0x0800, length: 64 }, 0);
  const frame: Frame = { src: MAC_A, dst: MAC_B, vlan: 0, ethertype: 0x0800, length: 64 };

  let clock = 1;
  const switching = measure((n) => {
    let delivered = 0;
    for (let i = 0; i < n; i++) delivered += dp.transmit("1", frame, clock).length;
    clock++;
    return delivered;
  });
  const stats = dp.portStats("2");
  if (stats.packetsOut !== switching.ops + switching.warmupOps) {
    throw new Error(`port 2 received ${stats.packetsOut} frames, ${switching.ops + switching.warmupOps} were sent`);
  }
  progress(`switching: ${Math.round(switching.perS)} frames/s`);

  const ports = new Map([["1", 1], ["2", 2]]);
  const macs = new Map([[MAC_A, 1], [MAC_B, 2]]);
  const baseline = measure((n) => {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += (ports.get("1") ?? 0) + (macs.get(frame.src) ?? 0) + (macs.get(frame.dst) ?? 0);
    return sum;
  });
  progress(`switching baseline: ${Math.round(baseline.perS)} iterations/s of ${LOOKUPS_PER_FRAME} Map lookups`);

  return {
    bench: "local-switching",
    frames_per_s: Math.round(switching.perS),
    frames: switching.ops,
    seconds: round(switching.ms / 1000),
    baseline: { name: "bare Map lookup loop", ops_per_s: Math.round(baseline.perS), lookups_per_op: LOOKUPS_PER_FRAME },
    ratio_to_baseline: round(switching.perS / baseline.perS),
    target: `frames_per_s >= ${TARGET_FRAMES_PER_S}`,
    met: switching.perS >= TARGET_FRAMES_PER_S,
  };
}

interface Measured {
  readonly ops: number;
  readonly warmupOps: number;
  readonly ms: number;
  readonly perS: number;
}

/** Runs `batch(BATCH)` for WARMUP_MS unmeasured, then for RUN_MS; the batch's result is kept so no work is elided. */
function measure(batch: (n: number) => number): Measured {
  let sink = 0;
  let warmupOps = 0;
  const warmEnd = performance.now() + WARMUP_MS;
  while (performance.now() < warmEnd) {
    sink += batch(BATCH);
    warmupOps += BATCH;
  }
  let ops = 0;
  const start = performance.now();
  const end = start + RUN_MS;
  let t = start;
  while (t < end) {
    sink += batch(BATCH);
    ops += BATCH;
    t = performance.now();
  }
  if (sink === 0) throw new Error("the measured loop did no work");
  const ms = t - start;
  return { ops, warmupOps, ms, perS: (ops / ms) * 1000 };
}
