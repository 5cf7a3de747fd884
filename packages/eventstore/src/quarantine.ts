import type { StoredEvent } from "./types.js";

/** A message of the log a reader skipped: it is not a valid event, or it does not apply where it stands. */
export interface QuarantinedEvent {
  readonly seq: number;
  readonly subject: string;
  readonly reason: string;
}

/**
 * The one skip rule of every reader of the log (the live followers, replay, the checker): folds
 * `event` with `apply`, or returns why it is skipped instead. An event is skipped when it does not
 * decode or validate (its envelope throws the codec's error), or when `apply` refuses it (the
 * fold throws before it changes anything: an event that names an object the log never created).
 * Every reader skipping the same events is what keeps a replay equal to the live state.
 */
export function applyOrQuarantine(event: StoredEvent, apply: (event: StoredEvent) => void): QuarantinedEvent | undefined {
  try {
    void event.envelope;
  } catch (err) {
    return { seq: event.seq, subject: event.subject, reason: messageOf(err) };
  }
  try {
    apply(event);
    return undefined;
  } catch (err) {
    return { seq: event.seq, subject: event.subject, reason: `does not apply at sequence ${event.seq}: ${messageOf(err)}` };
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
