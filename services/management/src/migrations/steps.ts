import { migrationDrift, planDestination, type ClusterState, type ManagementCommand, type MigrationTraffic } from "@vdsim/model";
import { framesLost, type VmRuntimeState } from "@vdsim/protocol";
import type { Logger } from "@vdsim/runtime";
import type { MigrationSteps } from "@vdsim/vmotion";
import type { Decided } from "../command-handler.js";
import type { HostLiveness } from "../liveness.js";
import type { HostRpc } from "./host-rpc.js";

export interface StepContext {
  readonly state: () => ClusterState;
  /** the log sequence the management side has folded through */
  readonly seq: () => number;
  readonly decide: (commandId: string, command: ManagementCommand) => Promise<Decided>;
  readonly liveness: HostLiveness;
  readonly host: HostRpc;
  readonly log: Logger;
  /** where the switchover leaves its traffic figures, by migration id */
  readonly traffic: Map<string, MigrationTraffic>;
}

const APPLY_MS = 10_000;
/** After the commit the switchover must finish well inside the machine's switchover timeout. */
const AFTER_COMMIT_MS = 3_000;

/** IPv4 and ICMP headers: a don't-fragment echo of MTU - 28 data bytes fills the MTU. */
const ECHO_HEADERS = 28;

interface VmotionVmknic {
  readonly name: string;
  readonly ip: string;
  readonly mtu: number;
}

/** The vMotion-enabled vmknic of a host with its address, if it has one. */
function vmotionVmknic(state: ClusterState, host: string): VmotionVmknic | undefined {
  const k = Object.values(state.hosts[host]?.vmknics ?? {}).find((v) => v.enabled && v.services.vmotion && v.ipv4 !== null);
  return k && k.ipv4 ? { name: k.name, ip: k.ipv4.address, mtu: k.mtu } : undefined;
}

/** One echo from the source's vMotion vmknic to the destination's; `dataBytes` sends it with don't fragment. */
async function vmkping(ctx: StepContext, source: string, from: VmotionVmknic, to: VmotionVmknic, dataBytes?: number): Promise<boolean> {
  const size = dataBytes === undefined ? [] : ["-d", "-s", String(dataBytes)];
  const ping = await ctx.host(source, "cli", { tool: "vmkping", argv: ["-I", from.name, "-c", "1", ...size, to.ip] }, 5_000);
  return ping.exitCode === 0;
}

async function applied(ctx: StepContext, seq: number | null, host: string, what: string, withinMs = APPLY_MS): Promise<void> {
  if (seq === null) return;
  const { pending } = await ctx.liveness.waitApplied(seq, [host], Date.now(), withinMs);
  if (pending.length > 0) throw new Error(`host "${host}" did not apply ${what} within ${withinMs} ms (${ctx.liveness.isResponding(host) ? "connected" : "not responding"})`);
}

/**
 * The steps a migration runs, against the log (through the decider) and the host agents. Each
 * is idempotent by its key: log commands use it as command id, host requests as request key.
 */
export function migrationSteps(ctx: StepContext): MigrationSteps {
  // what a stun took from the source, so that a rollback can give it back
  const stunned = new Map<string, VmRuntimeState>();
  return {
    async precheck({ vm, source, destination }) {
      const state = ctx.state();
      const reasons = [...planDestination(state, vm, destination).reasons];
      for (const h of [source, destination]) if (!ctx.liveness.isResponding(h)) reasons.push(`Host "${h}" is not responding`);
      const from = vmotionVmknic(state, source);
      const to = vmotionVmknic(state, destination);
      // like vSphere's, the precheck tests reachability with a small echo, not jumbo frames
      if (reasons.length === 0 && from && to && !(await vmkping(ctx, source, from, to))) {
        reasons.push(`vMotion interface ${from.name} on "${source}" cannot reach ${to.ip} (${to.name} on "${destination}")`);
      }
      return reasons;
    },
    async reserveDestination({ key, migrationId, destination }) {
      const d = await ctx.decide(key, { type: "ReserveMigrationDestination", migration: migrationId });
      await applied(ctx, d.seq, destination, "the port reservation");
      const ports = ctx.state().migrations[migrationId]?.reservation ?? [];
      return { ports: ports.map((p) => ({ vnic: `Network adapter ${p.nic + 1}`, port: p.portKey ?? `${p.vswitch}/${p.portgroup}` })) };
    },
    async precopyIteration({ migrationId, source, destination, remainingMB, bandwidthMBps }, signal) {
      // the copy crosses the vMotion network: the source's vMotion vmknic must reach the destination's
      const state = ctx.state();
      const from = vmotionVmknic(state, source);
      const to = vmotionVmknic(state, destination);
      if (!from || !to) throw new Error(`migration ${migrationId}: no vMotion interface on "${from ? destination : source}"`);
      // the copy's segments fill the smaller vmknic's MTU and are not fragmented: a smaller hop drops them all
      if (!(await vmkping(ctx, source, from, to, Math.min(from.mtu, to.mtu) - ECHO_HEADERS))) {
        if (await vmkping(ctx, source, from, to)) {
          throw new Error(
            `pre-copy got no data through the vMotion network: ${from.name} on "${source}" (MTU ${from.mtu}) to ${to.ip} (${to.name} on "${destination}", MTU ${to.mtu}): a hop on the path has a smaller MTU`,
          );
        }
        throw new Error(`the vMotion network from "${source}" (${from.name}) to ${to.ip} on "${destination}" does not answer`);
      }
      const durationMs = (remainingMB / bandwidthMBps) * 1000;
      await new Promise<void>((resolve, reject) => {
        const t = setTimeout(resolve, durationMs);
        signal.addEventListener("abort", () => (clearTimeout(t), reject(new Error("pre-copy aborted"))), { once: true });
      });
      return { copiedMB: remainingMB, durationMs };
    },
    async switchover({ key, migrationId, vm, source, destination }) {
      // before the commit point every failure rolls back: both hosts must answer now
      for (const h of [source, destination]) if (!ctx.liveness.isResponding(h)) throw new Error(`host "${h}" is not responding: no switchover`);
      await applied(ctx, ctx.seq(), destination, "the log", AFTER_COMMIT_MS);
      const before = await flowsOf(ctx, vm);
      const t0 = performance.now();
      const drift = migrationDrift(ctx.state(), vm, destination);
      const state = await ctx.host(source, "migration.stun", { key: `${key}:stun`, vm });
      stunned.set(migrationId, state);
      const d = await ctx.decide(`${key}:commit`, { type: "CommitMigration", migration: migrationId, drift });
      // committed: from here on the migration only rolls forward, so nothing below may fail it
      let rarpSent = false;
      try {
        await applied(ctx, d.seq, destination, "the switchover", AFTER_COMMIT_MS);
        rarpSent = (await ctx.host(destination, "migration.resume", { key: `${key}:resume`, vm, state }, AFTER_COMMIT_MS)).rarpSent;
      } catch (err) {
        ctx.log.warn({ err, migration: migrationId, vm, host: destination }, "resuming the VM on the destination failed after the commit");
      }
      stunned.delete(migrationId);
      const stunMs = performance.now() - t0;
      if (before.length > 0) ctx.traffic.set(migrationId, await trafficAcross(ctx, vm, before, stunMs));
      return { stunMs, rarpSent, drift: drift.map((x) => ({ vnic: `Network adapter ${x.nic + 1}`, portGroup: x.portgroup, setting: x.setting, source: x.source, destination: x.destination })) };
    },
    async releaseSource({ migrationId, source }) {
      const m = ctx.state().migrations[migrationId];
      if (!m) return;
      // the source drops the VM's ports when it folds VmMigrated: released once it caught up with the log
      const { pending } = await ctx.liveness.waitApplied(ctx.seq(), [source], Date.now(), APPLY_MS);
      if (pending.length > 0) throw new Error(`host "${source}" has not released the ports of "${m.vm}" (not caught up)`);
    },
    async releaseDestination({ key, migrationId, vm, source, switchoverAttempted }) {
      // a switchover the log committed is never undone, whatever the machine thinks
      if (!switchoverAttempted || ctx.state().migrations[migrationId]?.committed) return;
      const state = stunned.get(migrationId) ?? { ports: [], senders: [], receivers: [] };
      await ctx.host(source, "migration.unstun", { key: `${key}:unstun`, vm, state });
      stunned.delete(migrationId);
    },
  };
}

type FlowFigures = Array<{ flow: string; sent: number; received: number; lastSeq: number | null; lastAt: number | null; longestGapMs: number }>;

/** Every flow the VM sends or receives, with its sender's and receiver's counts, from every responding host. */
async function flowsOf(ctx: StepContext, vm: string): Promise<FlowFigures> {
  const hosts = Object.keys(ctx.state().hosts).filter((h) => ctx.liveness.isResponding(h));
  const all = (await Promise.all(hosts.map((h) => ctx.host(h, "traffic.stats", {}, 2_000).catch(() => [])))).flat();
  const mine = new Set(all.filter((s) => s.vm === vm).map((s) => s.flow));
  return [...mine].map((flow) => {
    const sender = all.find((s) => s.flow === flow && s.role === "sender");
    const receiver = all.find((s) => s.flow === flow && s.role === "receiver");
    return {
      flow,
      sent: sender?.sent ?? 0,
      received: receiver?.received ?? 0,
      lastSeq: receiver ? receiver.lastSeq : null,
      lastAt: receiver?.lastAt ?? null,
      longestGapMs: receiver?.longestGapMs ?? 0,
    };
  });
}

/**
 * Frames lost and the longest gap across the switchover: the flows' counts are read again once
 * the frames of the window have had time to arrive (the window again, and a little). A loss is a
 * hole in the receiver's sequence numbers, so frames still on the wire when the counters are read
 * are not taken for lost; without a receiver on both reads, it is what was sent and not received.
 */
async function trafficAcross(ctx: StepContext, vm: string, before: FlowFigures, stunMs: number): Promise<MigrationTraffic> {
  await new Promise((r) => setTimeout(r, Math.min(2_000, stunMs * 2 + 100)));
  const after = await flowsOf(ctx, vm);
  let lost = 0;
  let longestGapMs = 0;
  for (const b of before) {
    const a = after.find((x) => x.flow === b.flow);
    if (!a) continue;
    const holes =
      a.lastSeq !== null && b.lastSeq !== null ? framesLost(a.received, a.lastSeq) - framesLost(b.received, b.lastSeq) : framesLost(a.received, a.sent) - framesLost(b.received, b.sent);
    lost += Math.max(0, holes);
    longestGapMs = Math.max(longestGapMs, a.longestGapMs);
  }
  return { flows: before.length, framesLost: lost, longestGapMs };
}
