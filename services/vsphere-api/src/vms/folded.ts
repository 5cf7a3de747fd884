import type { ApiDeps } from "../api/method.js";

/** How long a change already in the log may take to reach this service's fold before a task gives up on it. */
const FOLD_MS = 15_000;

/**
 * Resolves once the service's folded log satisfies `ready` (a change the cluster accepted has been
 * followed here), so a task ends only when what it made can be read. Rejects after `timeoutMs`.
 */
export async function untilFolded(deps: ApiDeps, ready: () => boolean, what: string, timeoutMs = FOLD_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const seen = deps.changes.version;
    if (ready()) return;
    const left = deadline - Date.now();
    if (left <= 0) throw new Error(`${what} did not reach the vSphere API's view of the log within ${timeoutMs} ms`);
    await deps.changes.after(seen, left);
  }
}

/** Once the fold has reached the log's sequence `seq` (null: the command changed nothing). */
export function untilSeq(deps: ApiDeps, seq: number | null, what: string): Promise<void> {
  return seq === null ? Promise.resolve() : untilFolded(deps, () => deps.ctx.cluster.seq >= seq, what);
}
