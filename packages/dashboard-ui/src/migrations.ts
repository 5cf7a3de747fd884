import type { MigrationOutcome } from "@vdsim/model";
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

/** Drift items as the outcome carries them: "vnic on portGroup: setting source -> destination". */
function driftOf(list: MigrationOutcome["drift"] | undefined): string[] {
  return (list ?? []).map((d) => `${d.vnic} on ${d.portGroup}: ${d.setting} ${JSON.stringify(d.source ?? null)} -> ${JSON.stringify(d.destination ?? null)}`);
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
        next = { ...next, vm: e.data.vm, source: e.data.source, destination: e.data.destination };
        break;
      case "MigrationProgressed": {
        // the machine's persisted snapshot is opaque to the log; its context carries the pre-copy
        const precopy = obj(obj(obj(e.data.snapshot as JsonValue)?.context)?.precopy);
        const iteration = Array.isArray(precopy?.iterations) ? precopy.iterations.length : null;
        const remainingMB = num(precopy?.remainingMB);
        next = {
          ...next,
          phase: e.data.phase,
          percent: e.data.progress,
          precopy: iteration !== null && iteration > 0 ? { iteration, remainingMB: remainingMB === null ? null : Math.round(remainingMB) } : next.precopy,
        };
        break;
      }
      case "VmMigrated":
        next = { ...next, phase: "switched over" };
        break;
      case "MigrationEnded": {
        const { outcome, result } = e.data;
        next = {
          ...next,
          phase: result,
          percent: result === "completed" ? 100 : next.percent,
          result: {
            outcome: result,
            switchoverMs: outcome.stunMs ?? null,
            framesLost: outcome.traffic?.framesLost ?? null,
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
