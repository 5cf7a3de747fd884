import type { NemesisKind } from "@vdsim/checker";
import { GLOBAL_TARGET } from "./corrupt.js";
import { Prng } from "./prng.js";
import type { PlannedFault, Schedule, ScheduleInput, Setup, TimedOp } from "./schedule-types.js";
import { planOperations } from "./workload-plan.js";

export type { PlannedFault, PlannedOp, Schedule, ScheduleInput, Setup, TimedOp } from "./schedule-types.js";

export const MANAGEMENT = "management";
/** quiet time at the start (before the first fault) and at the end (after the last heal) */
const MARGIN_MS = 2_000;
/** a fault is at most this long, and leaves at least half its slot to recover in */
const MAX_FAULT_MS = 8_000;
const MIN_FAULT_MS = 1_000;
/** one fault per this much time, at least one of each requested nemesis */
const FAULT_EVERY_MS = 6_000;

/**
 * The whole run, decided up front from the seed: the setup, the workload's timed operations,
 * and the fault windows (one at a time, each requested nemesis at least once). Pure.
 */
export function generateSchedule(input: ScheduleInput): Schedule {
  if (input.hosts.length < 2) throw new Error(`a chaos schedule needs at least 2 hosts, not ${input.hosts.length}`);
  if (input.nemeses.includes("nats-kill") && (input.natsNodes ?? []).length < 3) {
    throw new Error("nats-kill needs a NATS cluster of 3 nodes or more");
  }
  const setup = planSetup(input.hosts, input.prefix ?? "");
  // separate streams: adding a nemesis does not reshuffle the workload
  const workload = planOperations(new Prng(`${input.seed}/workload`), setup, input);
  const faults = planFaults(new Prng(`${input.seed}/nemesis`), input);
  const ops = [...workload, ...planProbes(setup, faults, input.durationMs, input.prefix ?? "")].sort((a, b) => a.atMs - b.atMs);
  return { seed: input.seed, durationMs: input.durationMs, setup, ops, faults };
}

function planSetup(hosts: readonly string[], prefix: string): Setup {
  const portGroups = [
    { name: "chaos-a", vlan: 10 },
    { name: "chaos-b", vlan: 20 },
  ];
  const anchors = hosts.map((host, i) => ({ vm: `${prefix}anchor-${String(i + 1).padStart(2, "0")}`, host, network: portGroups[i % 2]!.name }));
  const probes = [hosts[0]!, hosts[1]!].map((host, i) => ({ vm: `${prefix}probe-${String(i + 1).padStart(2, "0")}`, host, network: portGroups[0]!.name }));
  // pairs on the same port group, each across two hosts, each VM in one flow at most
  const flows: Array<Setup["flows"][number]> = [];
  const used = new Set<string>();
  for (const from of anchors) {
    if (used.has(from.vm)) continue;
    const to = anchors.find((v) => v.vm !== from.vm && !used.has(v.vm) && v.network === from.network && v.host !== from.host);
    if (!to) continue;
    used.add(from.vm).add(to.vm);
    flows.push({ flow: `flow-${from.vm}`, from: from.vm, to: to.vm, pps: 50 });
  }
  return { vds: "chaos-dvs", portGroups, vms: [...anchors, ...probes], flows, probes: [probes[0]!.vm, probes[1]!.vm] };
}

/** before a fault, a probe flow starts this long ahead; after its planned heal, it runs this much longer at most */
const PROBE_LEAD_MS = 700;
const PROBE_TAIL_MS = 1_500;
const PROBE_PPS = 50;

/**
 * Probe flows: one across each fault window (started before it, stopped after its planned heal,
 * before the next fault) and one in the quiet time after it, when there is room. A fault that
 * takes longer to heal than planned leaves its probe ending inside it: the checker then does not judge it.
 */
function planProbes(setup: Setup, faults: readonly PlannedFault[], durationMs: number, prefix: string): TimedOp[] {
  const [from, to] = setup.probes;
  const ops: TimedOp[] = [];
  const probe = (name: string, start: number, stop: number): void => {
    ops.push({ kind: "traffic-start", flow: name, from, to, pps: PROBE_PPS, atMs: Math.round(start) });
    ops.push({ kind: "traffic-stop", flow: name, atMs: Math.round(stop) });
  };
  faults.forEach((f, i) => {
    const heal = f.atMs + f.durationMs;
    const next = faults[i + 1]?.atMs ?? durationMs;
    const stop = heal + Math.min(PROBE_TAIL_MS, (next - heal) / 2);
    probe(`${prefix}probe-${String(i + 1).padStart(2, "0")}-${f.kind}`, Math.max(0, f.atMs - PROBE_LEAD_MS), stop);
    const quietStart = stop + 200;
    const quietStop = next - PROBE_LEAD_MS - 200;
    if (quietStop - quietStart >= 800) probe(`${prefix}probe-${String(i + 1).padStart(2, "0")}-quiet`, quietStart, quietStop);
  });
  return ops;
}

function planFaults(rng: Prng, input: ScheduleInput): PlannedFault[] {
  if (input.nemeses.length === 0) return [];
  const window = input.durationMs - 2 * MARGIN_MS;
  const slots = Math.max(input.nemeses.length, Math.floor(window / FAULT_EVERY_MS));
  const slotMs = window / slots;
  const kinds = [...rng.shuffle(input.nemeses)];
  while (kinds.length < slots) kinds.push(rng.pick(input.nemeses));
  return kinds.map((kind, i) => {
    const longest = Math.max(MIN_FAULT_MS, Math.min(MAX_FAULT_MS, slotMs / 2));
    const durationMs = Math.round(MIN_FAULT_MS + rng.next() * (longest - MIN_FAULT_MS));
    const slack = Math.max(0, slotMs / 2 - durationMs);
    const atMs = Math.round(MARGIN_MS + i * slotMs + rng.next() * slack);
    return { kind, target: faultTarget(rng, kind, input), atMs, durationMs };
  });
}

function faultTarget(rng: Prng, kind: NemesisKind, input: ScheduleInput): string {
  switch (kind) {
    case "kill":
    case "pause":
    case "partition":
    case "rack-kill":
      // rack-kill's target is a host: the nemesis takes down the rack that runs it
      return rng.pick(input.hosts);
    case "mgmt-kill":
      return MANAGEMENT;
    case "nats-kill":
      return rng.pick(input.natsNodes ?? []);
    case "corrupt":
      return rng.pick([GLOBAL_TARGET, ...input.hosts]);
  }
}
