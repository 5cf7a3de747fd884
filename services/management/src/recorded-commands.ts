import type { DomainEvent } from "@vdsim/model";

/** What the log recorded for one command id: the event's sequence and type, and the hosts it concerned then. */
export interface RecordedCommand {
  readonly seq: number;
  readonly type: DomainEvent["type"];
  readonly concerned: readonly string[];
}

/** More than the log's duplicate window holds at any append rate the simulator reaches. */
const REMEMBERED = 10_000;

/**
 * The most recent command ids the log holds, from every writer: a retry that lands on another
 * management service (its reply was lost) is answered with what the first one recorded.
 */
export class RecordedCommands {
  readonly #byId = new Map<string, RecordedCommand>();

  record(commandId: string, recorded: RecordedCommand): void {
    if (this.#byId.has(commandId)) return;
    this.#byId.set(commandId, recorded);
    if (this.#byId.size > REMEMBERED) this.#byId.delete(this.#byId.keys().next().value as string);
  }

  get(commandId: string): RecordedCommand | undefined {
    return this.#byId.get(commandId);
  }

  /** Every remembered command id, oldest first: what a snapshot keeps of them. */
  entries(): Array<RecordedCommand & { readonly id: string }> {
    return [...this.#byId].map(([id, recorded]) => ({ id, ...recorded }));
  }
}
