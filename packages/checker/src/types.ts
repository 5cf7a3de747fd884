import type { History } from "./history.js";

/** An event of the log as a report cites it: the shortest story behind a failure. */
export interface EventRef {
  readonly seq: number;
  readonly type: string;
  readonly summary: string;
}

export interface InvariantResult {
  readonly name: string;
  readonly ok: boolean;
  /** false when the data it needs was not given (e.g. no history); such a result never fails a check */
  readonly evaluated: boolean;
  readonly detail: string;
  /** for a failure: the events that led to it, by sequence */
  readonly events?: readonly EventRef[];
}

export interface CheckReport {
  /** true when every evaluated invariant holds */
  readonly ok: boolean;
  readonly invariants: readonly InvariantResult[];
  /** migrations tried/completed/rolled back, faults injected, convergence p50/p99, frames lost, ... */
  readonly figures: Readonly<Record<string, number | string>>;
}

export interface CheckOptions {
  /** a recorded history (a chaos run's); invariants that need one are "not evaluated" without it */
  readonly history?: History;
  /** how long a host may take to converge after the faults were healed; default 30 s */
  readonly convergenceBoundMs?: number;
  /** how long to wait for every answering host to apply the whole log before observing anyway; default 10 s */
  readonly settleMs?: number;
}
