import { randomUUID } from "node:crypto";
import { envelope, toDomainEvent } from "@vdsim/model";
import type { PlantedBug } from "@vdsim/runtime";
import { ForwardingEventStore, type AppendRequest, type AppendResult, type EventStore } from "@vdsim/eventstore";

export interface PlantedStoreBugs {
  /** the first append of this event type is acknowledged and never made */
  readonly ackWithoutAppend?: string;
  /** the first append of this event type is made twice, the second time under a command id no one sent */
  readonly recordTwice?: string;
}

/**
 * FOR TESTS ONLY: the event log as the management service sees it, misbehaving once per bug
 * planted (the test-only entry installs it; the service itself has no trace of it).
 */
export class PlantedStore extends ForwardingEventStore {
  #ackWithoutAppend: string | undefined;
  #recordTwice: string | undefined;

  constructor(inner: EventStore, bugs: PlantedStoreBugs) {
    super(inner);
    this.#ackWithoutAppend = bugs.ackWithoutAppend;
    this.#recordTwice = bugs.recordTwice;
  }

  override async append(request: AppendRequest): Promise<AppendResult> {
    const type = request.envelope.type;
    if (type === this.#ackWithoutAppend) {
      this.#ackWithoutAppend = undefined;
      // as if it had been appended before: the writer is told the log's end, which is another event
      return { seq: await this.inner.lastSeq(), duplicate: true };
    }
    const result = await this.inner.append(request);
    if (!result.duplicate && type === this.#recordTwice) {
      this.#recordTwice = undefined;
      await this.#appendAgain(request, result.seq);
    }
    return result;
  }

  /** Skipped when another writer came in between, as a racing append would be. */
  async #appendAgain(request: AppendRequest, after: number): Promise<void> {
    const copy = envelope(toDomainEvent(request.envelope), { commandId: randomUUID(), time: request.envelope.time });
    try {
      await this.inner.append({ subject: request.subject, envelope: copy, expect: { lastSeq: after }, msgId: copy.id });
    } catch {
      // planted, best effort
    }
  }

}

/** The store wrapper for the management service's planted bugs (none: the store as it is). */
export function plantInStore(store: EventStore, bugs: readonly PlantedBug[]): EventStore {
  let planted: PlantedStoreBugs = {};
  for (const bug of bugs) {
    if (bug.kind === "ack-without-append") planted = { ...planted, ackWithoutAppend: bug.event };
    else if (bug.kind === "record-twice") planted = { ...planted, recordTwice: bug.event };
  }
  return Object.keys(planted).length === 0 ? store : new PlantedStore(store, planted);
}
