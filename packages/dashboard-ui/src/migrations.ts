import type { DashboardEvent, JsonValue } from "@vdsim/protocol";

// Migrations as the log tells them, once vMotion records Migration* / VmMigrated events.
// No backend exists yet, so this reads the fields it can find and shows nothing otherwise.

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
const first = <T>(...values: Array<T | null>): T | null => values.find((v) => v !== null) ?? null;

const TERMINAL: Readonly<Record<string, string>> = {
  VmMigrated: "completed",
  MigrationCompleted: "completed",
  MigrationRolledBack: "rolledBack",
  MigrationFailed: "failed",
};

/** "MigrationPrecopyIterated" -> "precopy iterated" */
function phaseFromType(type: string): string {
  const rest = type.replace(/^Migration/, "");
  return rest.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase() || "started";
}

function driftOf(d: Obj): string[] {
  const drift = d.drift;
  if (!Array.isArray(drift)) return [];
  return drift.map((item) => {
    const o = obj(item);
    if (!o) return String(item);
    const what = str(o.setting) ?? str(o.field) ?? str(o.portgroup) ?? "setting";
    const from = o.source ?? o.from;
    const to = o.destination ?? o.to;
    return from === undefined && to === undefined ? what : `${what}: ${JSON.stringify(from)} -> ${JSON.stringify(to)}`;
  });
}

/** Folds the migration events into one view per migration, newest first. */
export function deriveMigrations(events: readonly DashboardEvent[]): MigrationView[] {
  const byId = new Map<string, MigrationView>();
  for (const e of events) {
    if (e.migration === null) continue;
    const d = obj(e.data) ?? {};
    const prev = byId.get(e.migration);
    const terminal = TERMINAL[e.type];
    const precopy = obj(d.precopy);
    const iteration = first(num(d.iteration), num(precopy?.iteration), num(precopy?.iterations));
    const remainingMB = first(num(d.remainingMB), num(precopy?.remainingMB));
    const outcome = terminal ?? str(d.result);
    byId.set(e.migration, {
      id: e.migration,
      vm: e.vm ?? prev?.vm ?? "?",
      source: first(str(d.source), prev?.source ?? null),
      destination: first(str(d.destination), prev?.destination ?? null),
      phase: outcome ?? str(d.phase) ?? phaseFromType(e.type),
      percent: first(num(d.percent), prev?.percent ?? null),
      precopy: iteration !== null ? { iteration, remainingMB } : (prev?.precopy ?? null),
      result:
        outcome !== null
          ? {
              outcome,
              switchoverMs: first(num(d.switchoverMs), num(d.stunMs), num(obj(d.switchover)?.stunMs)),
              framesLost: first(num(d.framesLost), num(d.lostFrames)),
              driftWarnings: driftOf(d),
            }
          : (prev?.result ?? null),
      lastSeq: e.seq,
      updatedAt: e.time,
    });
  }
  return [...byId.values()].sort((a, b) => b.lastSeq - a.lastSeq);
}
