import { notEvaluated, type CheckContext } from "../context.js";
import type { Fault, Flow, FlowSample } from "../history.js";
import type { InvariantResult } from "../types.js";

export const DATA_PLANE_ALONE = "traffic-flows-without-management";
export const NO_LOSS = "no-loss-outside-nemesis";

/** Frames a flow may have in flight when it is stopped and counted. */
const IN_FLIGHT_MS = 50;

const overlaps = (f: Flow, w: Fault): boolean => f.startedAt < w.healedAt && f.stoppedAt > w.startedAt;
const spans = (f: Flow, w: Fault): boolean => f.startedAt <= w.startedAt && f.stoppedAt >= w.healedAt;

/** Frames received between the last sample at or before `from` and the first at or after `to`; undefined without such samples. */
export function receivedBetween(samples: readonly FlowSample[], from: number, to: number): number | undefined {
  const before = samples.filter((s) => s.at <= from).at(-1);
  const after = samples.find((s) => s.at >= to);
  return before && after ? after.received - before.received : undefined;
}

function flowsAndFaults(ctx: CheckContext): { flows: Flow[]; faults: Fault[] } {
  const entries = ctx.history?.entries ?? [];
  return { flows: entries.filter((e): e is Flow => e.type === "flow"), faults: entries.filter((e): e is Fault => e.type === "fault") };
}

/**
 * While the management service is down, traffic between running VMs keeps flowing: each flow
 * that spans a management outage (and no other fault, and no migration) received frames in it.
 */
export function trafficFlowsWithoutManagement(ctx: CheckContext): InvariantResult {
  if (!ctx.history) return notEvaluated(DATA_PLANE_ALONE, "no history");
  const { flows, faults } = flowsAndFaults(ctx);
  const outages = faults.filter((f) => f.kind === "mgmt-kill");
  if (outages.length === 0) return notEvaluated(DATA_PLANE_ALONE, "no management outage in the history");
  const others = faults.filter((f) => f.kind !== "mgmt-kill");
  const problems: string[] = [];
  let judged = 0;
  for (const w of outages) {
    const ms = w.healedAt - w.startedAt;
    for (const f of flows) {
      if (f.migrated || !spans(f, w) || others.some((o) => overlaps(f, o))) continue;
      judged++;
      const received = f.samples ? receivedBetween(f.samples, w.startedAt, w.healedAt) : undefined;
      if (received !== undefined) {
        if (received <= 0) problems.push(`flow ${f.name} (${f.from} -> ${f.to}) received nothing during the management outage of ${ms} ms from ${new Date(w.startedAt).toISOString()}`);
      } else if (f.longestGapMs >= ms) {
        problems.push(`flow ${f.name} (${f.from} -> ${f.to}) went ${f.longestGapMs} ms without a frame, as long as the management outage of ${ms} ms from ${new Date(w.startedAt).toISOString()}`);
      }
    }
  }
  if (judged === 0) return notEvaluated(DATA_PLANE_ALONE, "no flow ran through a management outage alone");
  if (problems.length === 0) return { name: DATA_PLANE_ALONE, ok: true, evaluated: true, detail: `${judged} flows kept flowing through ${outages.length} management outages` };
  return { name: DATA_PLANE_ALONE, ok: false, evaluated: true, detail: problems.join("; ") };
}

/** Traffic between VMs that did not migrate lost nothing outside nemesis windows (a few frames in flight at the stop aside). */
export function noLossOutsideNemesis(ctx: CheckContext): InvariantResult {
  if (!ctx.history) return notEvaluated(NO_LOSS, "no history");
  const { flows, faults } = flowsAndFaults(ctx);
  const judged = flows.filter((f) => !f.migrated && !faults.some((w) => overlaps(f, w)));
  if (judged.length === 0) return notEvaluated(NO_LOSS, "no flow ran outside every nemesis window without migrating");
  const problems = judged
    .filter((f) => f.lost > Math.ceil((f.pps * IN_FLIGHT_MS) / 1_000))
    .map((f) => `flow ${f.name} (${f.from} -> ${f.to}, ${new Date(f.startedAt).toISOString()} to ${new Date(f.stoppedAt).toISOString()}) lost ${f.lost} of ${f.sent} frames with no fault and no migration`);
  if (problems.length === 0) return { name: NO_LOSS, ok: true, evaluated: true, detail: `${judged.length} flows outside nemesis windows lost nothing` };
  return { name: NO_LOSS, ok: false, evaluated: true, detail: problems.join("; ") };
}
