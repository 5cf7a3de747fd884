import type { Consumer, ConsumerMessages, JsMsg } from "@nats-io/jetstream";
import { watchHeartbeats } from "./resilient-follow.js";
import type { StoredEvent } from "./types.js";

export interface ScanOnceOptions {
  readonly batch: number;
  readonly pull: { readonly expires: number; readonly idle_heartbeat: number };
  /** no message for this long: the consumer is lost, whatever it says of itself */
  readonly idleMs: number;
  readonly toStored: (m: JsMsg) => StoredEvent;
}

/** How long closing a consumer's messages may take before it is left to the server. */
const CLOSE_WITHIN_MS = 2_000;

/**
 * One ordered consumer's part of a scan: "done" once it delivered `to` (or nothing is left),
 * "lost" when its idle heartbeats stop (its NATS node died), it closes, it fails, or nothing
 * arrives for `idleMs`. Never waits longer than that for its consumer, nor for its close.
 */
export async function scanOnce(consumer: Consumer, to: number, options: ScanOnceOptions, visit: (event: StoredEvent) => void): Promise<"done" | "lost"> {
  let failure: unknown;
  let finished: (outcome: "done" | "lost") => void = () => undefined;
  const outcome = new Promise<"done" | "lost">((resolve) => (finished = resolve));
  let open = true;
  // a message only notes when it came: re-arming a timer for each of a scan's messages costs more than its visit
  let lastDelivery = performance.now();
  let idle: NodeJS.Timeout | undefined;
  const watch = (wait: number): void => {
    idle = setTimeout(() => {
      const quiet = performance.now() - lastDelivery;
      if (quiet >= options.idleMs) finished("lost");
      else watch(options.idleMs - quiet);
    }, wait);
    idle.unref();
  };
  watch(options.idleMs);
  const starting = consumer.consume({
    max_messages: options.batch,
    ...options.pull,
    callback: (m) => {
      if (!open) return;
      lastDelivery = performance.now();
      if (m.seq <= to) {
        try {
          visit(options.toStored(m));
        } catch (err) {
          failure = err;
        }
      }
      if (failure !== undefined || m.seq >= to || m.info.pending === 0) finished("done");
    },
  });
  // starting the consumer may hang too: the idle deadline holds for it as well
  const started = await Promise.race([starting, outcome]).catch((err: unknown) => {
    clearTimeout(idle);
    throw err;
  });
  if (started === "lost" || started === "done") {
    open = false;
    clearTimeout(idle);
    void starting.then((m) => closeWithin(m, CLOSE_WITHIN_MS), () => undefined);
    if (failure !== undefined) throw failure;
    return started;
  }
  const messages = started;
  // missed heartbeats close the messages, and closed messages before the end are a lost consumer
  void watchHeartbeats(messages).catch(() => finished("lost"));
  void messages.closed().then(
    () => finished("lost"),
    () => finished("lost"),
  );
  const result = await outcome;
  open = false;
  clearTimeout(idle);
  await closeWithin(messages, CLOSE_WITHIN_MS);
  if (failure !== undefined) throw failure;
  return result;
}

async function closeWithin(messages: ConsumerMessages, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
    timer.unref();
  });
  try {
    await Promise.race([messages.close().catch(() => undefined), late]);
  } finally {
    clearTimeout(timer);
  }
}
