import { setTimeout as sleep } from "node:timers/promises";
import { JetStreamApiError } from "@nats-io/jetstream";
import { TimeoutError } from "@nats-io/transport-node";

/** JetStream error 10008: "JetStream system temporarily unavailable" (no meta or stream leader yet). */
const CLUSTER_NOT_AVAILABLE = 10008;

/**
 * A clustered stream without a leader: while one is elected every replica answers stream info
 * from its own copy, and a replica back from a crash reports a last sequence it has not caught up to.
 */
export class StreamLeaderless extends Error {
  override readonly name = "StreamLeaderless";
}

/**
 * true for failures that a NATS cluster gets over by itself within seconds: no stream leader
 * while one is elected after a node died (the request has no responders or times out), or the
 * connection moving to another node.
 */
export function isTransientJetStreamError(err: unknown): boolean {
  if (err instanceof TimeoutError || err instanceof StreamLeaderless) return true;
  if (err instanceof JetStreamApiError) return err.code === CLUSTER_NOT_AVAILABLE;
  return err instanceof Error && err.name === "JetStreamNotEnabled";
}

/**
 * Runs `attempt` until it succeeds, fails with an error that is not transient, or `withinMs`
 * has passed. Only for operations that are safe to repeat (appends carry a message id).
 */
export async function retryWhileUnavailable<T>(attempt: () => Promise<T>, withinMs: number): Promise<T> {
  const deadline = Date.now() + withinMs;
  for (let i = 0; ; i++) {
    try {
      return await attempt();
    } catch (err) {
      if (!isTransientJetStreamError(err) || Date.now() >= deadline) throw err;
      await sleep(Math.min(1_000, 100 * 2 ** i));
    }
  }
}
