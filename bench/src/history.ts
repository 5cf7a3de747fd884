import {
  clusterStateHash,
  decide,
  envelope,
  eventSubject,
  evolve,
  initialState,
  isDomainError,
  type ClusterState,
  type DecisionContext,
  type EventEnvelope,
  type ManagementCommand,
  type PortGroupPolicyPatch,
} from "@vdsim/model";

/** One event of the generated history, as the management service would append it. */
export interface HistoryEvent {
  readonly subject: string;
  readonly envelope: EventEnvelope;
}

export interface History {
  readonly events: readonly HistoryEvent[];
  /** the state folded while generating (each event evolved right after it was decided) */
  readonly state: ClusterState;
  readonly hash: string;
  readonly byType: Readonly<Record<string, number>>;
  readonly commands: number;
  /** commands the deciders refused (DomainError) or found already in effect */
  readonly refused: number;
  readonly unchanged: number;
}

/** Deterministic PRNG (mulberry32): the same history every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HOSTS = 16;
const PNICS = ["vmnic0", "vmnic1", "vmnic2", "vmnic3"];
const MAX_VMS = 1_500;
const BASE_TIME = Date.parse("2025-01-06T08:00:00.000Z");

/**
 * Builds a valid history of exactly `total` events by deciding commands against the state
 * and folding each decided event: hosts registering, two switches, hosts joining them, port
 * groups added and removed, VMs created and removed, hosts leaving and rejoining a switch,
 * and (most of all) port-group policy changes.
 */
export function generateHistory(total: number, seed = 20250106): History {
  const rnd = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const int = (lo: number, hi: number): number => lo + Math.floor(rnd() * (hi - lo + 1));
  const ctx: DecisionContext = { isHostResponding: () => true };
  const state = initialState();
  const events: HistoryEvent[] = [];
  const byType: Record<string, number> = {};
  let commands = 0;
  let refused = 0;
  let unchanged = 0;
  let vmCounter = 0;
  let pgCounter = 0;
  const vmNames: string[] = [];
  const vmIndex = new Map<string, number>();
  let portGroups = Object.values(state.portGroups);

  const run = (command: ManagementCommand): boolean => {
    if (events.length >= total) return false;
    commands++;
    let decided;
    try {
      decided = decide(command, state, ctx);
    } catch (err) {
      if (!isDomainError(err)) throw err;
      refused++;
      return false;
    }
    if (decided.length === 0) {
      unchanged++;
      return false;
    }
    const n = events.length;
    const meta = { commandId: `bench-${seed}-${n + 1}`, time: new Date(BASE_TIME + n * 250).toISOString() };
    for (const [i, event] of decided.entries()) {
      events.push({ subject: eventSubject(event), envelope: envelope(event, meta, i) });
      evolve(state, event);
      byType[event.type] = (byType[event.type] ?? 0) + 1;
      // keep the generator's own indexes in step (listing the state's records per command is slow)
      if (event.type === "VmCreated") {
        vmIndex.set(event.data.vm, vmNames.length);
        vmNames.push(event.data.vm);
      } else if (event.type === "VmRemoved") {
        const at = vmIndex.get(event.data.vm)!;
        const last = vmNames.pop()!;
        if (last !== event.data.vm) {
          vmNames[at] = last;
          vmIndex.set(last, at);
        }
        vmIndex.delete(event.data.vm);
      } else if (event.type === "DistributedPortGroupAdded" || event.type === "DistributedPortGroupRemoved" || event.type === "DistributedSwitchRemoved") {
        portGroups = Object.values(state.portGroups);
      }
    }
    return true;
  };

  const hosts = Array.from({ length: HOSTS }, (_, i) => `esx-${String(i + 1).padStart(2, "0")}`);
  for (const host of hosts) run({ type: "RegisterHost", host, pnics: PNICS });
  run({ type: "CreateDistributedSwitch", vds: "dvs-prod", uplinks: 2, mtu: 9000 });
  run({ type: "CreateDistributedSwitch", vds: "dvs-lab", uplinks: 1 });
  for (const host of hosts) run({ type: "AddHostToDistributedSwitch", vds: "dvs-prod", host });
  for (const host of hosts.slice(0, HOSTS / 2)) run({ type: "AddHostToDistributedSwitch", vds: "dvs-lab", host });
  const addPortGroup = (vds: string): boolean => {
    pgCounter++;
    return run({
      type: "AddDistributedPortGroup",
      vds,
      portgroup: `pg-${vds.slice(4)}-${pgCounter}`,
      vlan: { kind: "vlan", id: int(1, 4094) },
      ports: vds === "dvs-prod" ? 64 : 32,
    });
  };
  for (let i = 0; i < 24; i++) addPortGroup("dvs-prod");
  for (let i = 0; i < 8; i++) addPortGroup("dvs-lab");

  const randomPatch = (uplinks: readonly string[]): PortGroupPolicyPatch => {
    const r = rnd();
    if (r < 0.45) return { vlan: { kind: "vlan", id: int(1, 4094) } };
    if (r < 0.55) {
      const lo = int(1, 4000);
      return { vlan: { kind: "trunk", ranges: [[lo, lo + int(0, 90)]] } };
    }
    if (r < 0.7) return { allowPromiscuous: rnd() < 0.5, allowForgedTransmits: rnd() < 0.5, allowMacChanges: rnd() < 0.5 };
    if (r < 0.82) {
      const averageKbps = int(10, 1_000) * 1_000;
      return { averageKbps, peakKbps: averageKbps + int(0, 500) * 1_000, burstKB: int(1, 200) * 1_024 };
    }
    if (r < 0.94) {
      if (uplinks.length > 1 && rnd() < 0.5) {
        const [a, b] = rnd() < 0.5 ? [uplinks[0]!, uplinks[1]!] : [uplinks[1]!, uplinks[0]!];
        return { loadBalancing: "failover_explicit", activeUplinks: [a], standbyUplinks: [b], failback: rnd() < 0.5 };
      }
      return { loadBalancing: pick(["loadbalance_srcid", "loadbalance_ip", "loadbalance_srcmac"] as const), activeUplinks: [...uplinks], standbyUplinks: [] };
    }
    return { blocked: rnd() < 0.3 };
  };

  while (events.length < total) {
    const r = rnd();
    const vms = vmNames;
    if (r < 0.6 && portGroups.length > 0) {
      const pg = pick(portGroups);
      const sw = state.switches[pg.vds]!;
      run({ type: "SetDistributedPortGroupPolicy", vds: pg.vds, portgroup: pg.name, patch: randomPatch(sw.uplinks) });
    } else if (r < 0.8 && vms.length < MAX_VMS) {
      const host = pick(hosts);
      const usable = portGroups.filter((pg) => state.switches[pg.vds]?.members[host] !== undefined);
      if (usable.length === 0) continue;
      const networks = Array.from({ length: int(1, 3) }, () => pick(usable).name);
      run({ type: "CreateVm", vm: `vm-${String(++vmCounter).padStart(6, "0")}`, host, networks });
    } else if (r < 0.985 && vms.length > 0) {
      run({ type: "RemoveVm", vm: pick(vms) });
    } else if (r < 0.992) {
      // port group churn: remove one no VM uses, add a new one
      const sw = rnd() < 0.75 ? "dvs-prod" : "dvs-lab";
      const free = portGroups.filter(
        (pg) => pg.vds === sw && pg.portKeys.every((k) => state.switches[sw]!.ports[k]?.connectee === null),
      );
      if (free.length > 0 && portGroups.length > 16) run({ type: "RemoveDistributedPortGroup", vds: sw, portgroup: pick(free).name });
      addPortGroup(sw);
    } else {
      // a host leaves the lab switch (refused while its VMs use it) or joins it again
      const host = pick(hosts);
      if (state.switches["dvs-lab"]!.members[host]) run({ type: "RemoveHostFromDistributedSwitch", vds: "dvs-lab", host });
      else run({ type: "AddHostToDistributedSwitch", vds: "dvs-lab", host });
    }
  }
  return { events, state, hash: clusterStateHash(state), byType, commands, refused, unchanged };
}

/**
 * Appends `events` in order through the store's append, pipelined: up to `window` in flight,
 * each still stating the last sequence it expects (the log holds `before` events when it starts),
 * so JetStream itself rejects any append that would land out of order.
 */
export async function appendHistory(
  store: { append(req: { subject: string; envelope: EventEnvelope; expect: { lastSeq: number }; msgId: string }): Promise<{ seq: number; duplicate: boolean }> },
  events: readonly HistoryEvent[],
  window = 1_000,
  before = 0,
): Promise<void> {
  for (let start = 0; start < events.length; start += window) {
    const batch = events.slice(start, start + window);
    const acks = await Promise.all(batch.map((e, i) => store.append({ subject: e.subject, envelope: e.envelope, expect: { lastSeq: before + start + i }, msgId: e.envelope.id })));
    for (const [i, ack] of acks.entries()) {
      if (ack.duplicate || ack.seq !== before + start + i + 1) throw new Error(`append ${before + start + i + 1} landed at ${ack.seq}${ack.duplicate ? " (duplicate)" : ""}`);
    }
  }
}
