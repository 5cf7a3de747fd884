import type { DashboardEvent, JsonValue } from "@vdsim/protocol";

// Migrations as the log tells them: MigrationRequested, MigrationProgressed, VmMigrated, MigrationEnded.

export interface MigrationView {
  readonly id: string;
  readonly vm: string;
  readonly source: string | null;
  readonly destination: string | null;
  readonly phase: string;
  /** 0-100 when the events say */
  readonly percent: number | null;
  readonly precopy: { readonly iteration: number; readonly remainingMB: number | null } | null;
  readonly result: MigrationResultView | null;
  readonly lastSeq: number;
  readonly updatedAt: string;
}

export interface MigrationResultView {
  readonly outcome: string;
  readonly switchoverMs: number | null;
  readonly framesLost: number | null;
  readonly driftWarnings: readonly string[];
}

type Obj = { readonly [key: string]: JsonValue };

const obj = (v: JsonValue | undefined): Obj | null => (typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Obj) : null);
const num = (v: JsonValue | undefined): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);
const str = (v: JsonValue | undefined): string | null => (typeof v === "string" ? v : null);

/** Drift items as the outcome carries them: { vnic, portGroup, setting, source, destination }. */
function driftOf(list: JsonValue | undefined): string[] {
  if (!Array.isArray(list)) return [];
  return list.map((item) => {
    const o = obj(item);
    if (!o) return String(item);
    const where = [str(o.vnic), str(o.portGroup) ?? str(o.portgroup)].filter((x) => x !== null).join(" on ");
    return `${where ? `${where}: ` : ""}${str(o.setting) ?? "setting"} ${JSON.stringify(o.source ?? null)} -> ${JSON.stringify(o.destination ?? null)}`;
  });
}

/**
 * Folds the log's migration events into one view per migration, newest first:
 * MigrationRequested (who and where), MigrationProgressed (phase, percent, the machine's context),
 * VmMigrated (the switchover), MigrationEnded (result and outcome).
 */
export function deriveMigrations(events: readonly DashboardEvent[]): MigrationView[] {
  const byId = new Map<string, MigrationView>();
  for (const e of events) {
    if (e.migration === null) continue;
    const d = obj(e.data) ?? {};
    const prev: MigrationView = byId.get(e.migration) ?? {
      id: e.migration,
      vm: e.vm ?? "?",
      source: null,
      destination: null,
      phase: "queued",
      percent: 0,
      precopy: null,
      result: null,
      lastSeq: e.seq,
      updatedAt: e.time,
    };
    let next: MigrationView = { ...prev, lastSeq: e.seq, updatedAt: e.time };
    switch (e.type) {
      case "MigrationRequested":
        next = { ...next, vm: str(d.vm) ?? next.vm, source: str(d.source), destination: str(d.destination) };
        break;
      case "MigrationProgressed": {
        const precopy = obj(obj(obj(d.snapshot)?.context)?.precopy);
        const iteration = Array.isArray(precopy?.iterations) ? precopy.iterations.length : null;
        const remainingMB = num(precopy?.remainingMB);
        next = {
          ...next,
          phase: str(d.phase) ?? next.phase,
          percent: num(d.progress) ?? next.percent,
          precopy: iteration !== null && iteration > 0 ? { iteration, remainingMB: remainingMB === null ? null : Math.round(remainingMB) } : next.precopy,
        };
        break;
      }
      case "VmMigrated":
        next = { ...next, phase: "switched over" };
        break;
      case "MigrationEnded": {
        const outcome = obj(d.outcome) ?? {};
        const result = str(d.result) ?? "ended";
        next = {
          ...next,
          phase: result,
          percent: result === "completed" ? 100 : next.percent,
          result: {
            outcome: result,
            switchoverMs: num(outcome.stunMs),
            framesLost: num(obj(outcome.traffic)?.framesLost),
            driftWarnings: driftOf(outcome.drift),
          },
        };
        break;
      }
    }
    byId.set(e.migration, next);
  }
  return [...byId.values()].sort((a, b) => b.lastSeq - a.lastSeq);
}
