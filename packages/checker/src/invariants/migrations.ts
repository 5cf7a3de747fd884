import type { CheckContext } from "../context.js";
import { mergeStories, story } from "../story.js";
import type { InvariantResult } from "../types.js";

export const MIGRATIONS = "migrations-ended";

/** Every migration the log holds ended completed or rolled back: none stuck, none failed. */
export function migrationsEnded(ctx: CheckContext): InvariantResult {
  const migrations = Object.values(ctx.log.state.migrations);
  const bad = migrations.filter((m) => m.result !== "completed" && m.result !== "rolledBack");
  if (bad.length === 0) {
    return { name: MIGRATIONS, ok: true, evaluated: true, detail: `${migrations.length} migration${migrations.length === 1 ? "" : "s"}, each completed or rolled back` };
  }
  const detail = bad
    .map((m) => `migration ${m.id} of VM ${m.vm} (${m.source} -> ${m.destination}) ${m.result === null ? `is stuck in phase ${m.phase}` : `ended ${m.result}`}`)
    .join("; ");
  const events = mergeStories(...bad.map((m) => story(ctx.observation.events, [{ migration: m.id }], 6)));
  return { name: MIGRATIONS, ok: false, evaluated: true, detail, events };
}
