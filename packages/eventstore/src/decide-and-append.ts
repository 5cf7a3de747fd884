import { setTimeout as sleep } from "node:timers/promises";
import { isConcurrencyError } from "./errors.js";
import type { AppendRequest, AppendResult, EventStore } from "./types.js";

/** What a writer decided against its state: an append and what follows once it is in, or an answer without one. */
export type Decision<R> =
  | { readonly append: AppendRequest; readonly appended: (result: AppendResult) => R | Promise<R> }
  | { readonly answer: R };

/** A writer that decides against the state it folds from the log. */
export interface DecidingWriter {
  readonly store: EventStore;
  /** the sequence its state is folded through */
  readonly appliedSeq: number;
  /** resolves once its state holds `seq` */
  caughtUp(seq: number): Promise<void>;
}

/** Another writer with a queue of commands can win many rounds in a row: retry with jitter before giving up. */
export const MAX_APPEND_ATTEMPTS = 20;

/**
 * The one decide -> append -> retry loop: `decide` is given the sequence its state is folded
 * through and states in its append what it expects. When another writer came first (a
 * ConcurrencyError), the writer catches up with the log and decides again; after
 * MAX_APPEND_ATTEMPTS lost races the last ConcurrencyError is thrown. Any other error ends it.
 */
export async function decideAndAppend<R>(writer: DecidingWriter, decide: (appliedSeq: number) => Decision<R>): Promise<R> {
  for (let attempt = 1; ; attempt++) {
    const basedOn = writer.appliedSeq;
    const decision = decide(basedOn);
    if ("answer" in decision) return decision.answer;
    let result: AppendResult;
    try {
      result = await writer.store.append(decision.append);
    } catch (err) {
      if (!isConcurrencyError(err) || attempt >= MAX_APPEND_ATTEMPTS) throw err;
      await writer.caughtUp(err.actualLastSeq ?? basedOn + 1);
      await sleep(Math.random() * 2 * attempt);
      continue;
    }
    return decision.appended(result);
  }
}
