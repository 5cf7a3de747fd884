import type { PortGroupPolicyPatch } from "@vdsim/model";
import type { Prng } from "./prng.js";
import type { PlannedOp, ScheduleInput, Setup, TimedOp } from "./schedule-types.js";

const WEIGHTS = {
  "vm-create": 20,
  "vm-remove": 10,
  migrate: 25,
  evacuate: 3,
  "portgroup-set": 14,
  "host-local": 16,
  traffic: 12,
} as const;

/** small guests migrate in well under a second at 10GbE */
export const VM_MEMORY_MB = 256;

/**
 * What the planner believes the cluster holds after each planned op. Ops may fail when they
 * run (a host is down, a migration is still running); later ops naming a VM that was never
 * created are then refused by the cluster, which the history records as a definite failure.
 */
interface PlanModel {
  readonly vms: Map<string, { host: string; network: string }>;
  readonly anchors: ReadonlySet<string>;
  /** the probe pair's VMs: the workload neither migrates them nor sends them traffic */
  readonly probes: ReadonlySet<string>;
  /** standard port groups the workload added on each host's vSwitch0 */
  readonly localGroups: Map<string, Set<string>>;
  /** running flows, by name: their two VMs */
  readonly flows: Map<string, readonly [string, string]>;
  readonly prefix: string;
  next: number;
}

/** The workload: a Poisson stream of `rate` operations per second over the run. Pure given the generator. */
export function planOperations(rng: Prng, setup: Setup, input: ScheduleInput): TimedOp[] {
  const model: PlanModel = {
    vms: new Map(setup.vms.map((v) => [v.vm, { host: v.host, network: v.network }])),
    anchors: new Set(setup.vms.map((v) => v.vm)),
    probes: new Set(setup.probes),
    localGroups: new Map(input.hosts.map((h) => [h, new Set<string>()])),
    flows: new Map(),
    prefix: input.prefix ?? "",
    next: 1,
  };
  const ops: TimedOp[] = [];
  const meanGap = 1_000 / input.rate;
  for (let at = rng.exponential(meanGap); at < input.durationMs; at += rng.exponential(meanGap)) {
    ops.push({ ...planOne(rng, model, setup, input.hosts), atMs: Math.round(at) });
  }
  return ops;
}

function planOne(rng: Prng, model: PlanModel, setup: Setup, hosts: readonly string[]): PlannedOp {
  const kind = rng.weighted(WEIGHTS);
  const vms = [...model.vms.keys()];
  switch (kind) {
    case "vm-create": {
      const vm = `${model.prefix}vm-${String(model.next++).padStart(3, "0")}`;
      const host = rng.pick(hosts);
      const network = rng.pick(setup.portGroups).name;
      model.vms.set(vm, { host, network });
      return { kind: "vm-create", vm, host, network };
    }
    case "vm-remove": {
      const inFlows = new Set([...model.flows.values()].flat());
      const removable = vms.filter((v) => !model.anchors.has(v) && !inFlows.has(v));
      if (removable.length === 0) return planOne(rng, model, setup, hosts);
      const vm = rng.pick(removable);
      model.vms.delete(vm);
      return { kind: "vm-remove", vm };
    }
    case "migrate": {
      const vm = rng.pick(vms.filter((v) => !model.probes.has(v)));
      const at = model.vms.get(vm)!;
      const to = rng.pick(hosts.filter((h) => h !== at.host));
      at.host = to;
      return { kind: "migrate", vm, to };
    }
    case "evacuate": {
      const host = rng.pick(hosts);
      const others = hosts.filter((h) => h !== host);
      let i = 0;
      for (const v of model.vms.values()) if (v.host === host) v.host = others[i++ % others.length]!;
      return { kind: "evacuate", host };
    }
    case "portgroup-set": {
      const pg = rng.pick(setup.portGroups);
      return { kind: "portgroup-set", vds: setup.vds, portgroup: pg.name, patch: policyPatch(rng) };
    }
    case "host-local":
      return hostLocal(rng, model, rng.pick(hosts));
    case "traffic":
      return traffic(rng, model, setup, hosts);
  }
}

/**
 * Policy changes that leave the port group's own VMs reaching each other, even while hosts
 * apply them at different moments (a VLAN change would not: frames cross hosts that disagree).
 */
function policyPatch(rng: Prng): PortGroupPolicyPatch {
  switch (rng.int(0, 4)) {
    case 0:
      return rng.next() < 0.5 ? { averageKbps: rng.int(100, 200) * 1_000, peakKbps: 400_000, burstKB: 102_400 } : { shapingEnabled: false };
    case 1:
      return { allowPromiscuous: rng.next() < 0.5 };
    case 2:
      return { allowForgedTransmits: rng.next() < 0.5, allowMacChanges: rng.next() < 0.5 };
    case 3:
      return { loadBalancing: rng.pick(["loadbalance_srcid", "loadbalance_srcmac"] as const) };
    default:
      return { failback: rng.next() < 0.5 };
  }
}

function hostLocal(rng: Prng, model: PlanModel, host: string): PlannedOp {
  const groups = model.localGroups.get(host)!;
  const existing = [...groups];
  const choice = existing.length === 0 ? 0 : rng.int(0, 2);
  if (choice === 0) {
    const pg = `${model.prefix}local-${String(model.next++).padStart(3, "0")}`;
    groups.add(pg);
    return { kind: "host-local", host, tool: "vicfg-vswitch", argv: ["-A", pg, "vSwitch0"] };
  }
  const pg = rng.pick(existing);
  if (choice === 1) {
    return { kind: "host-local", host, tool: "esxcli", argv: ["network", "vswitch", "standard", "portgroup", "set", "-p", pg, "--vlan-id", String(rng.int(1, 4094))] };
  }
  groups.delete(pg);
  return { kind: "host-local", host, tool: "vicfg-vswitch", argv: ["-D", pg, "vSwitch0"] };
}

function traffic(rng: Prng, model: PlanModel, setup: Setup, hosts: readonly string[]): PlannedOp {
  const flows = [...model.flows.keys()];
  if (flows.length > 0 && (flows.length >= 3 || rng.next() < 0.4)) {
    const flow = rng.pick(flows);
    model.flows.delete(flow);
    return { kind: "traffic-stop", flow };
  }
  const vms = [...model.vms.entries()].filter(([name]) => !model.probes.has(name));
  const [from, f] = rng.pick(vms);
  const peers = vms.filter(([name, v]) => name !== from && v.network === f.network);
  if (peers.length === 0) return planOne(rng, model, setup, hosts);
  const flow = `${model.prefix}flow-${String(model.next++).padStart(3, "0")}`;
  const to = rng.pick(peers)[0];
  model.flows.set(flow, [from, to]);
  return { kind: "traffic-start", flow, from, to, pps: 20 };
}
