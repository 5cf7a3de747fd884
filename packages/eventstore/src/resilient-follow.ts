import { setTimeout as sleep } from "node:timers/promises";
import { JetStreamApiCodes, JetStreamApiError, type ConsumerMessages, type JsMsg } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import { AsyncQueue } from "./async-queue.js";
import type { EventSubscription, StoredEvent } from "./types.js";
import { isTransientJetStreamError } from "./unavailable.js";

/** Missed idle heartbeats in a row after which the consumer is taken for lost with its NATS node. */
const LOST_AFTER_MISSED_HEARTBEATS = 2;
const RETRY_MS = [250, 500, 1_000] as const;
/** Failures other than a cluster getting over a lost node that end the follow. */
const MAX_OTHER_FAILURES = 5;

/**
 * Follows a stream from `fromSeq` with ordered consumers, starting a new one from the next
 * unseen sequence whenever the current one may be lost. An ordered consumer lives on a single
 * NATS node; when that node dies the client library keeps asking it about the consumer
 * forever. So a new consumer is started when this connection moves to another node, and when
 * idle heartbeats stop while it stays connected (the consumer's node died, not ours).
 */
export function resilientFollow(
  nc: NatsConnection,
  open: (fromSeq: number) => Promise<ConsumerMessages>,
  fromSeq: number,
  toStored: (m: JsMsg) => StoredEvent,
): EventSubscription {
  const queue = new AsyncQueue<StoredEvent>();
  let next = Math.max(1, fromSeq);
  let stopped = false;
  let current: ConsumerMessages | undefined;

  const openWithRetry = async (): Promise<ConsumerMessages | undefined> => {
    let failures = 0;
    for (let attempt = 0; !stopped && !nc.isClosed(); attempt++) {
      try {
        return await open(next);
      } catch (err) {
        if (err instanceof JetStreamApiError && err.code === JetStreamApiCodes.StreamNotFound) throw err;
        if (!isTransientJetStreamError(err) && ++failures >= MAX_OTHER_FAILURES) throw err;
        await sleep(RETRY_MS[Math.min(attempt, RETRY_MS.length - 1)]);
      }
    }
    return undefined;
  };

  const run = async (): Promise<void> => {
    while (!stopped && !nc.isClosed()) {
      const messages = await openWithRetry();
      if (!messages) break;
      current = messages;
      if (stopped) {
        await messages.close();
        break;
      }
      void watchHeartbeats(messages);
      let undecodable: unknown;
      try {
        for await (const m of messages) {
          if (m.seq < next) continue;
          let event: StoredEvent;
          try {
            event = toStored(m);
          } catch (err) {
            undecodable = err;
            break;
          }
          next = m.seq + 1;
          queue.push(event);
        }
      } catch {
        // the consumer failed; a new one starts from the next unseen sequence
      }
      if (undecodable !== undefined) {
        await messages.close();
        throw undecodable;
      }
    }
  };
  run().then(
    () => queue.end(),
    (err: unknown) => queue.fail(err),
  );
  void (async () => {
    for await (const s of nc.status()) {
      if (stopped) break;
      if (s.type === "reconnect") await current?.close().catch(() => undefined);
    }
  })();

  return {
    [Symbol.asyncIterator]: () => queue,
    async stop() {
      stopped = true;
      queue.end();
      await current?.close();
    },
  };
}

/** Closes a consumer's messages once its idle heartbeats stop: its NATS node is gone. */
export async function watchHeartbeats(messages: ConsumerMessages): Promise<void> {
  for await (const s of messages.status()) {
    if (s.type === "heartbeats_missed" && s.count >= LOST_AFTER_MISSED_HEARTBEATS) {
      await messages.close().catch(() => undefined);
      return;
    }
  }
}
