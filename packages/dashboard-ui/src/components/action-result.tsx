import { signal } from "@preact/signals";
import type { ActionReply } from "@vdsim/protocol";
import { api, replyText } from "../api.js";

/** The outcome of the latest action, in the CLI's words. */
export const actionResult = signal<{ readonly pending: boolean; readonly text: string; readonly ok: boolean } | null>(null);

/** Runs an action, showing that it is under way, then its outcome. */
export async function runAction(what: string, call: () => Promise<ActionReply>): Promise<void> {
  actionResult.value = { pending: true, text: `${what}…`, ok: true };
  const reply = await call();
  actionResult.value = { pending: false, text: replyText(reply), ok: reply.ok };
}

export function startMigration(vm: string, destination: string): Promise<void> {
  return runAction(`migrating ${vm} to ${destination}`, () => api.migrateVm({ vm, destination }));
}

export function ActionResult() {
  const r = actionResult.value;
  if (!r) return null;
  return (
    <pre class={`result ${r.pending ? "pending" : r.ok ? "ok" : "error"}`} data-testid="action-result" data-ok={String(r.ok)} data-pending={String(r.pending)}>
      {r.text}
    </pre>
  );
}
