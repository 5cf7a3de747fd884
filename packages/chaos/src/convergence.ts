import type { Convergence } from "@vdsim/checker";
import { foldLog, type VdsimClient } from "@vdsim/client";
import { hostStateHash } from "@vdsim/model";
import { setTimeout as sleep } from "node:timers/promises";
import { withDeadline } from "@vdsim/runtime";

const POLL_MS = 100;

/**
 * Waits until a host has applied the log through `targetSeq` (the log's end when its fault
 * healed, or later) and its state hash equals a replay of the log at the sequence it reports.
 * Resolves with the history entry; `convergedAt` is absent when that did not happen in time.
 */
export async function awaitConvergence(
  client: VdsimClient,
  host: string,
  after: NonNullable<Convergence["after"]>,
  healedAt: number,
  targetSeq: number,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<Convergence> {
  const deadline = healedAt + timeoutMs;
  let checkedSeq = -1;
  while (Date.now() < deadline && !signal?.aborted) {
    const seen = Date.now();
    const report = await client.hostState(host, 2_000).catch(() => undefined);
    if (report && report.appliedSeq >= targetSeq && report.appliedSeq !== checkedSeq) {
      checkedSeq = report.appliedSeq;
      // a scan of the log may never end (its consumer's NATS node died): it gets what is left of the deadline
      const replayed = await withDeadline(
        `a replay of the log through sequence ${report.appliedSeq} for ${host}`,
        Math.max(1_000, deadline - Date.now()),
        replayHash(client, host, report.appliedSeq),
      ).catch(() => undefined);
      if (replayed === undefined) checkedSeq = -1;
      else if (replayed === report.hash) return { type: "convergence", host, after, healedAt, convergedAt: seen };
    }
    await sleep(POLL_MS);
  }
  return { type: "convergence", host, after, healedAt };
}

/** The host's state hash as a replay of the log from sequence 1 through `seq` computes it. */
export async function replayHash(client: VdsimClient, host: string, seq: number): Promise<string> {
  let hash = "";
  await foldLog(await client.eventStore(), { to: seq }, [{ seq, capture: (s) => (hash = hostStateHash(s, host)) }]);
  return hash;
}

export async function logEnd(client: VdsimClient): Promise<number> {
  return (await client.eventStore()).lastSeq();
}
