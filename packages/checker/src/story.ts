import type { StoredEvent } from "@vdsim/eventstore";
import type { EventRef } from "./types.js";

const FIELDS = ["host", "vds", "portgroup", "vm", "vswitch", "name", "migration", "source", "destination", "result", "phase"] as const;

/** An event's data read field by field, whatever its type: the fields that name objects are the same across types. */
const fieldsOf = (e: StoredEvent): Readonly<Record<string, unknown>> => e.envelope.data;

/** One line for an event: its type's subject fields, e.g. `vm=web-01 source=esx-01 destination=esx-02`. */
export function summarizeEvent(e: StoredEvent): string {
  const data = fieldsOf(e);
  const parts = FIELDS.filter((f) => typeof data[f] === "string" || typeof data[f] === "number").map((f) => `${f}=${String(data[f])}`);
  if (e.envelope.type === "DistributedPortGroupPolicyChanged") parts.push(`changes=${JSON.stringify(e.envelope.data.changes)}`);
  parts.push(`command ${e.envelope.correlationId}`);
  return parts.join(" ");
}

export function eventRef(e: StoredEvent): EventRef {
  return { seq: e.seq, type: e.envelope.type, summary: summarizeEvent(e) };
}

/** What an event is about, for picking the events behind a failure. */
export interface About {
  readonly vm?: string;
  readonly portgroup?: string;
  readonly vds?: string;
  readonly migration?: string;
  readonly host?: string;
}

/** Whether an event names any of the objects (`vm`, `portgroup`, ...) in its data. */
export function isAbout(e: StoredEvent, about: About): boolean {
  const d = fieldsOf(e);
  if (about.vm !== undefined && d.vm === about.vm) return true;
  if (about.portgroup !== undefined && d.portgroup === about.portgroup) return true;
  if (about.vds !== undefined && d.vds === about.vds && d.portgroup === undefined) return true;
  if (about.migration !== undefined && (d.migration === about.migration || e.envelope.correlationId.startsWith(`${about.migration}:`))) return true;
  if (about.host !== undefined && (d.host === about.host || d.source === about.host || d.destination === about.host)) return true;
  return false;
}

/** A VM's story includes its migrations' events, which name the migration but not always the VM. */
function withMigrations(events: readonly StoredEvent[], abouts: readonly About[]): About[] {
  const vms = new Set(abouts.flatMap((a) => (a.vm === undefined ? [] : [a.vm])));
  if (vms.size === 0) return [...abouts];
  const migrations = events.flatMap(({ envelope: env }) => (env.type === "MigrationRequested" && vms.has(env.data.vm) ? [{ migration: env.data.migration }] : []));
  return [...abouts, ...migrations];
}

/** The last `limit` events about any of the objects, in log order (MigrationProgressed left out: the transitions add no story). */
export function story(events: readonly StoredEvent[], abouts: readonly About[], limit = 8, untilSeq = Infinity): EventRef[] {
  const all = withMigrations(events, abouts);
  const picked = events.filter((e) => e.seq <= untilSeq && e.envelope.type !== "MigrationProgressed" && all.some((a) => isAbout(e, a)));
  return picked.slice(-limit).map(eventRef);
}

/** Merges several stories into one, by sequence, without repeats. */
export function mergeStories(...stories: ReadonlyArray<readonly EventRef[]>): EventRef[] {
  const bySeq = new Map<number, EventRef>();
  for (const s of stories) for (const e of s) bySeq.set(e.seq, e);
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

/** Events about any of the objects recorded within a span of time (epoch ms), in log order, at most `limit` of them. */
export function storyWithin(events: readonly StoredEvent[], abouts: readonly About[], from: number, to: number, limit = 8): EventRef[] {
  const all = withMigrations(events, abouts);
  const picked = events.filter((e) => {
    const at = Date.parse(e.envelope.time);
    return at >= from && at <= to && e.envelope.type !== "MigrationProgressed" && all.some((a) => isAbout(e, a));
  });
  return picked.slice(0, limit).map(eventRef);
}
