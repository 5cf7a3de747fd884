import {
  decide,
  envelope,
  eventSubject,
  hostsConcernedBy,
  type DecisionContext,
  type ManagementCommand,
} from "@vdsim/model";
import { MAX_APPEND_ATTEMPTS, decideAndAppend, isConcurrencyError, type DecidingWriter, type Decision, type EventStore } from "@vdsim/eventstore";
import { RemoteError, RpcErrorCode } from "@vdsim/protocol";
import type { Projection } from "./projection.js";

export interface Decided {
  readonly seq: number | null;
  readonly events: readonly string[];
  /** hosts that must realize the change */
  readonly concerned: readonly string[];
  /** when the append was sent to the log (ms since epoch): propagation is measured from here */
  readonly appendedAt: number;
}

const CATCH_UP_MS = 5_000;
const REMEMBERED_COMMANDS = 1_000;

/**
 * Decides commands one at a time against the projection and appends the result with the
 * sequence the decision was based on. A conflicting writer costs a re-read and a retry.
 */
export class CommandHandler {
  #tail: Promise<unknown> = Promise.resolve();
  readonly #recent = new Map<string, Decided>();
  readonly #writer: DecidingWriter;

  constructor(
    store: EventStore,
    private readonly projection: Projection,
    private readonly ctx: DecisionContext,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.#writer = {
      store,
      get appliedSeq() {
        return projection.seq;
      },
      caughtUp: (seq) => this.#catchUp(seq),
    };
  }

  handle(commandId: string, command: ManagementCommand): Promise<Decided> {
    const run = this.#tail.then(() => this.#handle(commandId, command));
    this.#tail = run.catch(() => undefined);
    return run;
  }

  async #handle(commandId: string, command: ManagementCommand): Promise<Decided> {
    const remembered = this.#recent.get(commandId);
    if (remembered) return remembered;
    try {
      return await decideAndAppend(this.#writer, (expected) => this.#decide(commandId, command, expected));
    } catch (err) {
      if (!isConcurrencyError(err)) throw err;
      throw new RemoteError(
        RpcErrorCode.Conflict,
        `${command.type} refused: the log kept moving under it (${MAX_APPEND_ATTEMPTS} attempts; another writer is active)`,
      );
    }
  }

  #decide(commandId: string, command: ManagementCommand, expected: number): Decision<Decided> {
    // a retry whose first attempt another management service recorded (its reply was lost),
    // seen already or found after a conflict: answered like the first, not decided again
    const recorded = this.projection.recorded(commandId);
    if (recorded) {
      const { seq, type, concerned } = recorded;
      return { answer: this.#remember(commandId, { seq, events: [type], concerned, appendedAt: Date.now() }) };
    }
    const events = decide(command, this.projection.state, this.ctx);
    if (events.length === 0) return { answer: this.#remember(commandId, { seq: null, events: [], concerned: [], appendedAt: Date.now() }) };
    if (events.length > 1) throw new Error(`${command.type} decided ${events.length} events; one command records one event`);
    const event = events[0]!;
    const concerned = hostsConcernedBy(event, this.projection.state);
    const subject = eventSubject(event);
    const env = envelope(event, { commandId, time: this.now().toISOString() });
    const appendedAt = Date.now();
    return {
      append: { subject, envelope: env, expect: { lastSeq: expected }, msgId: commandId },
      appended: async ({ seq, duplicate }) => {
        if (duplicate) await this.#catchUp(seq);
        else this.projection.apply({ seq, subject, envelope: env });
        // a duplicate: the log held this command id already (a retry decided on a stale state) and answers with what it recorded
        const first = duplicate ? this.projection.recorded(commandId) : undefined;
        return this.#remember(commandId, { seq, events: [first?.type ?? event.type], concerned: first?.concerned ?? concerned, appendedAt });
      },
    };
  }

  async #catchUp(seq: number): Promise<void> {
    await this.projection.caughtUp(seq, { timeoutMs: CATCH_UP_MS });
  }

  #remember(commandId: string, decided: Decided): Decided {
    this.#recent.set(commandId, decided);
    if (this.#recent.size > REMEMBERED_COMMANDS) this.#recent.delete(this.#recent.keys().next().value as string);
    return decided;
  }
}
