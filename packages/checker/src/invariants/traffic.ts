import type { StoredEvent } from "@vdsim/eventstore";
import { notEvaluated, type CheckContext } from "../context.js";
import type { Fault, Flow, FlowSample } from "../history.js";
import type { InvariantResult } from "../types.js";

export const DATA_PLANE_ALONE = "traffic-flows-without-management";
export const NO_LOSS = "no-loss-outside-nemesis";

/** Frames a flow may have in flight when it is stopped and counted. */
const IN_FLIGHT_MS = 50;

const overlaps = (f: { startedAt: number; stoppedAt: number }, w: Fault): boolean => f.startedAt < w.healedAt && f.stoppedAt > w.startedAt;
const spans = (f: Flow, w: Fault): boolean => f.startedAt <= w.startedAt && f.stoppedAt >= w.healedAt;

/** The hosts a flow's two VMs ran on when it started, as the log says; undefined when either is unknown (an IP target). */
export function flowHosts(events: readonly StoredEvent[], flow: Flow): Set<string> | undefined {
  const hostOf = new Map<string, string>();
  for (const e of events) {
    if (Date.parse(e.envelope.time) > flow.startedAt) break;
    const d = e.envelope.data as { vm?: string; host?: string; destination?: string };
    if (e.envelope.type === "VmCreated" && d.vm && d.host) hostOf.set(d.vm, d.host);
    if (e.envelope.type === "VmMigrated" && d.vm && d.destination) hostOf.set(d.vm, d.destination);
  }
  const from = hostOf.get(flow.from);
  const to = hostOf.get(flow.to);
  return from && to ? new Set([from, to]) : undefined;
}

/**
 * Faults that can touch a flow's frames: a kill, pause or partition of either VM's host, and any
 * NATS node's death (frames between hosts cross NATS). A management outage is not one of them:
 * the data plane does not depend on the management service, which the next invariant checks.
 */
function touches(f: Fault, hosts: ReadonlySet<string> | undefined): boolean {
  if (f.kind === "mgmt-kill") return false;
  if (f.kind === "nats-kill") return true;
  return hosts === undefined || hosts.has(f.target);
}

/**
 * Frames received between the last sample at or before `from` and the first at or after `to`;
 * undefined without samples that close to the window (within a quarter of it, at least 500 ms),
 * so a window is never judged by what flowed long before or after it.
 */
export function receivedBetween(samples: readonly FlowSample[], from: number, to: number): number | undefined {
  const slack = Math.max(500, (to - from) / 4);
  const before = samples.filter((s) => s.at <= from).at(-1);
  const after = samples.find((s) => s.at >= to);
  if (!before || !after || from - before.at > slack || after.at - to > slack) return undefined;
  return after.received - before.received;
}

function flowsAndFaults(ctx: CheckContext): { flows: Flow[]; faults: Fault[] } {
  const entries = ctx.history?.entries ?? [];
  return { flows: entries.filter((e): e is Flow => e.type === "flow"), faults: entries.filter((e): e is Fault => e.type === "fault") };
}

/**
 * While the management service is down, traffic between running VMs keeps flowing: each flow
 * that spans a management outage (with no migration, and no fault touching it during the outage)
 * received frames in it.
 */
export function trafficFlowsWithoutManagement(ctx: CheckContext): InvariantResult {
  if (!ctx.history) return notEvaluated(DATA_PLANE_ALONE, "no history");
  const { flows, faults } = flowsAndFaults(ctx);
  const outages = faults.filter((f) => f.kind === "mgmt-kill");
  if (outages.length === 0) return notEvaluated(DATA_PLANE_ALONE, "no management outage in the history");
  const problems: string[] = [];
  let judged = 0;
  for (const w of outages) {
    const ms = w.healedAt - w.startedAt;
    const window = { startedAt: w.startedAt, stoppedAt: w.healedAt };
    for (const f of flows) {
      if (f.migrated || !spans(f, w)) continue;
      const hosts = flowHosts(ctx.observation.events, f);
      if (faults.some((o) => touches(o, hosts) && overlaps(window, o))) continue;
      judged++;
      const received = f.samples ? receivedBetween(f.samples, w.startedAt, w.healedAt) : undefined;
      if (received !== undefined) {
        if (received <= 0) problems.push(`flow ${f.name} (${f.from} -> ${f.to}) received nothing during the management outage of ${ms} ms from ${new Date(w.startedAt).toISOString()}`);
      } else if (f.longestGapMs >= ms) {
        problems.push(`flow ${f.name} (${f.from} -> ${f.to}) went ${f.longestGapMs} ms without a frame, as long as the management outage of ${ms} ms from ${new Date(w.startedAt).toISOString()}`);
      }
    }
  }
  if (judged === 0) return notEvaluated(DATA_PLANE_ALONE, "no flow ran through a management outage untouched by other faults");
  if (problems.length === 0) return { name: DATA_PLANE_ALONE, ok: true, evaluated: true, detail: `${judged} flows kept flowing through ${outages.length} management outages` };
  return { name: DATA_PLANE_ALONE, ok: false, evaluated: true, detail: problems.join("; ") };
}

/**
 * Traffic between VMs that did not migrate lost nothing outside the nemesis windows that touch
 * it (a kill, pause or partition of either VM's host, a NATS node's death), a few frames in
 * flight at the stop aside.
 */
export function noLossOutsideNemesis(ctx: CheckContext): InvariantResult {
  if (!ctx.history) return notEvaluated(NO_LOSS, "no history");
  const { flows, faults } = flowsAndFaults(ctx);
  const judged = flows.filter((f) => {
    if (f.migrated) return false;
    const hosts = flowHosts(ctx.observation.events, f);
    return !faults.some((w) => touches(w, hosts) && overlaps(f, w));
  });
  if (judged.length === 0) return notEvaluated(NO_LOSS, "no flow ran outside the nemesis windows touching it without migrating");
  const problems = judged
    .filter((f) => f.lost > Math.ceil((f.pps * IN_FLIGHT_MS) / 1_000))
    .map((f) => `flow ${f.name} (${f.from} -> ${f.to}, ${new Date(f.startedAt).toISOString()} to ${new Date(f.stoppedAt).toISOString()}) lost ${f.lost} of ${f.sent} frames with no fault touching it and no migration`);
  if (problems.length === 0) return { name: NO_LOSS, ok: true, evaluated: true, detail: `${judged.length} flows outside the nemesis windows touching them lost nothing` };
  return { name: NO_LOSS, ok: false, evaluated: true, detail: problems.join("; ") };
}
