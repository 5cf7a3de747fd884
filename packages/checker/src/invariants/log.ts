import type { StoredEvent } from "@vdsim/eventstore";
import { notEvaluated, type CheckContext } from "../context.js";
import type { Operation } from "../history.js";
import { eventRef, mergeStories } from "../story.js";
import type { EventRef, InvariantResult } from "../types.js";

export const LOG_GAP = "log-has-no-gap";
export const ACKNOWLEDGED = "acknowledged-commands-logged";
export const UNASKED = "nothing-unasked-in-log";
export const LOG_INTEGRITY = "log-holds-only-valid-events";

/** The log runs from sequence 1 without a hole (a process claiming a sequence past its end fails replay-matches-live). */
export function logHasNoGap(ctx: CheckContext): InvariantResult {
  // quarantined messages hold their sequences too: a hole is a sequence nobody read
  const bySeq = new Map<number, StoredEvent | null>(ctx.log.quarantined.map((q) => [q.seq, null]));
  for (const e of ctx.observation.events) bySeq.set(e.seq, e);
  const seqs = [...bySeq.keys()].sort((a, b) => a - b);
  const problems: string[] = [];
  const refs: EventRef[] = [];
  const cite = (seq: number): void => {
    const e = bySeq.get(seq);
    if (e) refs.push(eventRef(e));
  };
  let expected = 1;
  for (let i = 0; i < seqs.length; i++) {
    const seq = seqs[i]!;
    if (seq !== expected) {
      problems.push(seq - 1 === expected ? `sequence ${expected} is missing` : `sequences ${expected}-${seq - 1} are missing`);
      if (i > 0) cite(seqs[i - 1]!);
      cite(seq);
    }
    expected = seq + 1;
  }
  if (problems.length === 0) return { name: LOG_GAP, ok: true, evaluated: true, detail: seqs.length === 0 ? "the log is empty" : `sequences 1-${seqs.length} without a gap` };
  return { name: LOG_GAP, ok: false, evaluated: true, detail: problems.join("; "), events: mergeStories(refs) };
}

/**
 * Every message in the log is an event some writer could have written: it decodes, its type and
 * version are known, its data has its type's shape, it sits on its subject and applies where it
 * stands. The followers skip the others (the same skip rule everywhere); this names each one.
 */
export function logIntegrity(ctx: CheckContext): InvariantResult {
  const { quarantined } = ctx.log;
  // a chaos run's corrupt nemesis plants bad messages on purpose: those are expected, and must be quarantined
  const planted = new Map((ctx.history?.entries ?? []).flatMap((e) => (e.type === "fault" && e.planted ? [[e.planted.seq, e.planted] as const] : [])));
  const unplanted = quarantined.filter((q) => !planted.has(q.seq));
  const skipped = new Set(quarantined.map((q) => q.seq));
  const accepted = [...planted.values()].filter((p) => !skipped.has(p.seq));
  const plantedNote =
    planted.size === 0 ? "" : `${planted.size} planted by the corrupt nemesis, each quarantined by every follower (sequences ${[...planted.keys()].sort((a, b) => a - b).join(", ")})`;
  if (unplanted.length === 0 && accepted.length === 0) {
    const detail = planted.size === 0 ? "every message in the log is a valid event" : `every message in the log is a valid event but the ${plantedNote}`;
    return { name: LOG_INTEGRITY, ok: true, evaluated: true, detail };
  }
  const problems: string[] = [];
  if (unplanted.length > 0) {
    const shown = unplanted.slice(0, 10).map((q) => `sequence ${q.seq} on ${q.subject}: ${q.reason}`);
    const more = unplanted.length > 10 ? `; and ${unplanted.length - 10} more` : "";
    const count = unplanted.length === 1 ? "a message" : `${unplanted.length} messages`;
    problems.push(`the log holds ${count} no writer could have written (quarantined by every follower): ${shown.join("; ")}${more}`);
  }
  for (const p of accepted) problems.push(`the message planted at sequence ${p.seq} (${p.bad}, on ${p.subject}) was folded, not quarantined`);
  return {
    name: LOG_INTEGRITY,
    ok: false,
    evaluated: true,
    detail: problems.join("; ") + (plantedNote ? `; besides, ${plantedNote}` : ""),
    events: unplanted.map((q) => ({ seq: q.seq, type: "quarantined", summary: `${q.subject}: ${q.reason}` })),
  };
}

function describe(op: Operation): string {
  const args = Object.entries(op.args)
    .map(([k, v]) => `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`)
    .join(" ");
  return `operation #${op.id} (${op.kind}${args ? ` ${args}` : ""})`;
}

/** Every operation the workload saw acknowledged is in the log: at the sequence it was told, caused by its command. */
export function acknowledgedCommandsLogged(ctx: CheckContext): InvariantResult {
  const history = ctx.history;
  if (!history) return notEvaluated(ACKNOWLEDGED, "no history");
  const { events } = ctx.observation;
  const bySeq = new Map(events.map((e) => [e.seq, e]));
  const commands = new Set(events.map((e) => e.envelope.correlationId));
  const requested = new Set(events.flatMap(({ envelope: env }) => (env.type === "MigrationRequested" ? [env.data.migration] : [])));
  const problems: string[] = [];
  const refs: EventRef[] = [];
  let checked = 0;
  for (const op of history.entries) {
    if (op.type !== "op" || op.outcome !== "ok") continue;
    checked++;
    for (const m of op.migrations ?? []) {
      if (!requested.has(m)) problems.push(`${describe(op)} was acknowledged with migration ${m}, which the log never requested`);
    }
    if (op.seq === undefined) {
      // an acknowledgement without a sequence: the command changed nothing, or (host-local) the sequence was not named
      continue;
    }
    const at = bySeq.get(op.seq);
    const caused = (e: StoredEvent): boolean => op.commandId === undefined || e.envelope.correlationId === op.commandId || e.envelope.correlationId.startsWith(`${op.commandId}:`);
    if (!at) {
      problems.push(`${describe(op)} was acknowledged as sequence ${op.seq}, which is not in the log (it ends at ${ctx.log.lastSeq})`);
    } else if (!caused(at)) {
      const elsewhere = op.commandId !== undefined && commands.has(op.commandId) ? "" : `, and command ${op.commandId} is nowhere in the log`;
      problems.push(`${describe(op)} was acknowledged as sequence ${op.seq}, but that is ${at.envelope.type} caused by ${at.envelope.correlationId}${elsewhere}`);
      refs.push(eventRef(at));
    }
  }
  if (problems.length === 0) return { name: ACKNOWLEDGED, ok: true, evaluated: true, detail: `${checked} acknowledged operations are in the log` };
  return { name: ACKNOWLEDGED, ok: false, evaluated: true, detail: problems.join("; "), events: mergeStories(refs) };
}

const SLACK_MS = 1_000;

/**
 * Nothing is in the log that no one asked for: every event recorded while the history ran was
 * caused by an operation that was not refused, by a migration one started, by a host agent
 * registering itself, or (host-scoped events) by a host-local operation on that host while it ran.
 */
export function nothingUnasked(ctx: CheckContext): InvariantResult {
  const history = ctx.history;
  if (!history) return notEvaluated(UNASKED, "no history");
  const ops = history.entries.filter((e): e is Operation => e.type === "op");
  const asked = new Set(ops.filter((o) => o.outcome !== "fail" && o.commandId !== undefined).map((o) => o.commandId!));
  const refused = new Map(ops.filter((o) => o.outcome === "fail" && o.commandId !== undefined).map((o) => [o.commandId!, o]));
  const migrations = new Set(ops.filter((o) => o.outcome !== "fail").flatMap((o) => o.migrations ?? []));
  const unsureMigrations = new Set(ops.filter((o) => o.outcome === "info" && (o.kind === "migrate" || o.kind === "evacuate")).map((o) => String(o.args.vm ?? o.args.host ?? "")));
  const hostLocal = ops.filter((o) => o.kind === "host-local" && o.outcome !== "fail");
  const problems: string[] = [];
  const refs: EventRef[] = [];
  let checked = 0;
  for (const e of ctx.observation.events) {
    const at = Date.parse(e.envelope.time);
    const data = (e.envelope.data ?? {}) as Record<string, unknown>;
    const cid = e.envelope.correlationId;
    if (e.envelope.type === "MigrationRequested" && at < history.startedAt) migrations.add(String(data.migration));
    if (at < history.startedAt) continue;
    checked++;
    const base = cid.split(":")[0]!;
    if (asked.has(cid) || asked.has(base) || cid.startsWith("register-")) continue;
    const migration = typeof data.migration === "string" ? data.migration : undefined;
    if (migration !== undefined && migrations.has(migration)) continue;
    if (e.envelope.type === "MigrationRequested" && (unsureMigrations.has(String(data.vm)) || unsureMigrations.has(String(data.source)))) {
      if (migration !== undefined) migrations.add(migration);
      continue;
    }
    const host = typeof data.host === "string" ? data.host : undefined;
    if (e.subject.includes(".host.") && hostLocal.some((o) => o.args.host === host && at >= o.invokedAt - SLACK_MS && at <= o.completedAt + SLACK_MS)) continue;
    const why = refused.has(cid) || refused.has(base) ? `caused by command ${cid}, which was refused (${describe(refused.get(cid) ?? refused.get(base)!)})` : `caused by ${cid}, which no operation of the history asked for`;
    problems.push(`sequence ${e.seq} (${e.envelope.type}) was ${why}`);
    refs.push(eventRef(e));
  }
  if (problems.length === 0) return { name: UNASKED, ok: true, evaluated: true, detail: `${checked} events recorded during the run, each asked for` };
  return { name: UNASKED, ok: false, evaluated: true, detail: problems.slice(0, 10).join("; ") + (problems.length > 10 ? `; and ${problems.length - 10} more` : ""), events: refs.slice(0, 20) };
}
