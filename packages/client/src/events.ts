import type { EventSubscription, StoredEvent } from "@vdsim/eventstore";
import type { DomainEvent, EventType } from "@vdsim/model";

/** An event of the log, typed by its `type`: narrowing on `type` gives its `data`. */
export type VdsimEvent = {
  [T in EventType]: {
    readonly seq: number;
    readonly subject: string;
    readonly type: T;
    /** schema version of `data` */
    readonly v: number;
    readonly time: string;
    readonly id: string;
    /** the command or migration that caused it */
    readonly correlationId: string;
    readonly causationId?: string;
    readonly data: Extract<DomainEvent, { type: T }>["data"];
  };
}[EventType];

export function toVdsimEvent(e: StoredEvent): VdsimEvent {
  return { seq: e.seq, subject: e.subject, ...e.envelope } as VdsimEvent;
}

/**
 * The live log as an async iterator: every event from `fromSeq` on, then each new one as it is
 * appended. Leaving the `for await` loop (break, return, throw) or aborting `signal` stops the follow.
 */
export async function* iterateEvents(subscription: EventSubscription, signal?: AbortSignal): AsyncGenerator<VdsimEvent, void, undefined> {
  const onAbort = (): void => void subscription.stop();
  signal?.addEventListener("abort", onAbort, { once: true });
  try {
    if (signal?.aborted) return;
    for await (const e of subscription) yield toVdsimEvent(e);
  } finally {
    signal?.removeEventListener("abort", onAbort);
    await subscription.stop();
  }
}
