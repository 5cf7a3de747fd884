import { framesLost } from "@vdsim/protocol";
import { notEvaluated, type CheckContext } from "../context.js";
import type { Fault, Flow, FlowSample } from "../history.js";
import { mergeStories, storyWithin, type About } from "../story.js";
import type { EventRef, InvariantResult } from "../types.js";
import { VmTimeline, killsAnyOf, meets, touches, windowOf, type Span } from "./flow-timeline.js";

export const DATA_PLANE_ALONE = "traffic-flows-without-management";
export const NO_LOSS = "no-loss-outside-nemesis";

/** Frames a flow may have in flight at either end of a judged stretch. */
const IN_FLIGHT_MS = 50;
const tolerance = (f: Flow): number => 2 * Math.ceil((f.pps * IN_FLIGHT_MS) / 1_000);
const iso = (t: number): string => new Date(t).toISOString();

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

interface Judge {
  readonly timeline: VmTimeline;
  readonly faults: readonly Fault[];
}

/** What a flow's frames depend on in the log: its VMs (their migrations too) and their port groups. */
function flowAbouts(ctx: CheckContext, f: Flow): About[] {
  const portgroups = [f.from, f.to].flatMap((vm) => ctx.log.state.vms[vm]?.nics.map((n) => n.portgroup) ?? []);
  return [{ vm: f.from }, { vm: f.to }, ...[...new Set(portgroups)].map((portgroup) => ({ portgroup }))];
}

/** Whether nothing but the management service could disturb a flow during a span: no migration of its VMs, no fault on their hosts or on NATS. */
function undisturbed(j: Judge, f: Flow, span: Span): boolean {
  if (j.timeline.migratingDuring(f.from, span) || j.timeline.migratingDuring(f.to, span)) return false;
  const a = j.timeline.hostsDuring(f.from, span);
  const b = j.timeline.hostsDuring(f.to, span);
  const hosts = a && b ? new Set([...a, ...b]) : undefined;
  return !j.faults.some((w) => touches(w, hosts) && meets(windowOf(w), span));
}

/** Whether a host agent the flow's VMs were on was killed between the flow's start and `until`. */
function killedBefore(j: Judge, f: Flow, until: number): boolean {
  const span = { from: f.startedAt, to: until };
  const a = j.timeline.hostsDuring(f.from, span);
  const b = j.timeline.hostsDuring(f.to, span);
  const hosts = a && b ? new Set([...a, ...b]) : undefined;
  return j.faults.some((w) => killsAnyOf(w, hosts) && w.startedAt >= f.startedAt && w.startedAt < until);
}

function history(ctx: CheckContext): { flows: Flow[]; faults: Fault[]; judge: Judge } {
  const entries = ctx.history?.entries ?? [];
  const faults = entries.filter((e): e is Fault => e.type === "fault");
  return { flows: entries.filter((e): e is Flow => e.type === "flow"), faults, judge: { timeline: new VmTimeline(ctx.observation.events), faults } };
}

/**
 * While the management service is down, traffic between running VMs keeps flowing: each flow
 * that spans a management outage undisturbed otherwise (no migration, no fault on its hosts or
 * on NATS) received frames during it.
 */
export function trafficFlowsWithoutManagement(ctx: CheckContext): InvariantResult {
  if (!ctx.history) return notEvaluated(DATA_PLANE_ALONE, "no history");
  const { flows, faults, judge } = history(ctx);
  const outages = faults.filter((f) => f.kind === "mgmt-kill");
  if (outages.length === 0) return notEvaluated(DATA_PLANE_ALONE, "no management outage in the history");
  const problems: string[] = [];
  const stories: EventRef[][] = [];
  let judged = 0;
  for (const w of outages) {
    const ms = w.healedAt - w.startedAt;
    const span = { from: w.startedAt, to: w.healedAt };
    for (const f of flows) {
      if (f.startedAt > w.startedAt || f.stoppedAt < w.healedAt || !undisturbed(judge, f, span)) continue;
      // after a kill of one of its hosts a flow's counters start again from zero, under the highest
      // figures kept: its samples and longest gap say nothing of the outage any more
      if (killedBefore(judge, f, w.startedAt)) continue;
      const received = f.samples ? receivedBetween(f.samples, w.startedAt, w.healedAt) : undefined;
      if (received === undefined && f.migrated) continue; // its longest gap may be a switchover's
      judged++;
      const before = problems.length;
      if (received !== undefined) {
        if (received <= 0) problems.push(`flow ${f.name} (${f.from} -> ${f.to}) received nothing during the management outage of ${ms} ms from ${iso(w.startedAt)}`);
      } else if (f.longestGapMs >= ms) {
        problems.push(`flow ${f.name} (${f.from} -> ${f.to}) went ${f.longestGapMs} ms without a frame, as long as the management outage of ${ms} ms from ${iso(w.startedAt)}`);
      }
      if (problems.length > before) stories.push(storyWithin(ctx.observation.events, flowAbouts(ctx, f), f.startedAt, w.healedAt));
    }
  }
  if (judged === 0) return notEvaluated(DATA_PLANE_ALONE, "no flow ran through a management outage undisturbed otherwise");
  if (problems.length === 0) return { name: DATA_PLANE_ALONE, ok: true, evaluated: true, detail: `${judged} flows kept flowing through ${outages.length} management outages` };
  return { name: DATA_PLANE_ALONE, ok: false, evaluated: true, detail: problems.join("; "), events: mergeStories(...stories) };
}

/**
 * The stretches of a flow to judge, with the frames lost in each: the whole flow when nothing
 * disturbed it; else, from its samples, each run of undisturbed intervals, until a kill of one
 * of its hosts (whose counters restart from zero).
 */
export function judgedStretches(j: Judge, f: Flow): Array<Span & { lost: number }> {
  if (!f.migrated && undisturbed(j, f, { from: f.startedAt, to: f.stoppedAt })) return [{ from: f.startedAt, to: f.stoppedAt, lost: f.lost }];
  const samples = f.samples ?? [];
  const out: Array<Span & { lost: number }> = [];
  let start: FlowSample | undefined;
  let end: FlowSample | undefined;
  const close = (): void => {
    if (start && end) out.push({ from: start.at, to: end.at, lost: framesLost(end.received, end.sent) - framesLost(start.received, start.sent) });
    start = end = undefined;
  };
  for (let i = 1; i < samples.length; i++) {
    const a = samples[i - 1]!;
    const b = samples[i]!;
    const span = { from: a.at, to: b.at };
    const hosts = j.timeline.hostsDuring(f.from, span);
    const other = j.timeline.hostsDuring(f.to, span);
    const killed = j.faults.some((w) => w.startedAt < b.at && (killsAnyOf(w, hosts) || (other !== undefined && killsAnyOf(w, other))));
    if (killed) break;
    if (!undisturbed(j, f, span)) {
      close();
      continue;
    }
    start ??= a;
    end = b;
  }
  close();
  return out;
}

/**
 * Traffic lost nothing outside nemesis windows while its VMs were not migrating: judged over
 * the whole flow, or over the undisturbed stretches its samples delimit (a few frames in flight
 * at either end aside). Faults on other hosts and management outages do not excuse a loss.
 */
export function noLossOutsideNemesis(ctx: CheckContext): InvariantResult {
  if (!ctx.history) return notEvaluated(NO_LOSS, "no history");
  const { flows, judge } = history(ctx);
  const problems: string[] = [];
  const stories: EventRef[][] = [];
  let stretches = 0;
  let judgedMs = 0;
  for (const f of flows) {
    for (const s of judgedStretches(judge, f)) {
      stretches++;
      judgedMs += s.to - s.from;
      if (s.lost <= tolerance(f)) continue;
      problems.push(`flow ${f.name} (${f.from} -> ${f.to}) lost ${s.lost} frames from ${iso(s.from)} to ${iso(s.to)}, with neither VM migrating and no fault touching it`);
      stories.push(storyWithin(ctx.observation.events, flowAbouts(ctx, f), f.startedAt, s.to));
    }
  }
  if (stretches === 0) return notEvaluated(NO_LOSS, "no flow ran undisturbed by faults and migrations");
  const judged = `${stretches} undisturbed stretches of traffic (${(judgedMs / 1_000).toFixed(1)} s)`;
  if (problems.length === 0) return { name: NO_LOSS, ok: true, evaluated: true, detail: `${judged} lost nothing` };
  return { name: NO_LOSS, ok: false, evaluated: true, detail: `${problems.join("; ")} (${judged} judged)`, events: mergeStories(...stories) };
}
