/**
 * A recorded history, in the spirit of Jepsen: every operation the workload invoked with its
 * outcome, every fault a nemesis injected with its window, and the traffic flows that ran.
 * The chaos runner writes it (history.jsonl, one entry per line); the checker reads it.
 * Times are milliseconds since the Unix epoch, taken by the runner's clock.
 */

/** What the workload asked the cluster to do. */
export type OperationKind =
  | "vm-create"
  | "vm-remove"
  | "migrate"
  | "evacuate"
  | "portgroup-set"
  | "host-local"
  | "traffic-start"
  | "traffic-stop";

export interface Operation {
  readonly type: "op";
  /** the runner's own counter, unique within a history */
  readonly id: number;
  readonly kind: OperationKind;
  /** the command's arguments as the runner passed them (VM, host, switch, port group, policy) */
  readonly args: Readonly<Record<string, unknown>>;
  /** the command id sent with a management command; events it caused carry it as correlation id */
  readonly commandId?: string;
  readonly invokedAt: number;
  readonly completedAt: number;
  /** ok: acknowledged (the log holds what it caused); fail: refused with a definite error, nothing recorded; info: unknown (timed out, connection lost) */
  readonly outcome: "ok" | "fail" | "info";
  /** the log sequence the acknowledgement named, when it named one */
  readonly seq?: number;
  /** a migration id, for migrate and evacuate */
  readonly migrations?: readonly string[];
  readonly error?: string;
}

/** rack-kill: kill -9 the process of a rack, every simulated host in it at once (`up --hosts-per-process`) */
export type NemesisKind = "kill" | "pause" | "partition" | "rack-kill" | "mgmt-kill" | "nats-kill" | "corrupt";

/** A bad message the corrupt nemesis appended to the event stream: where it is and what is wrong with it. */
export interface PlantedMessage {
  readonly seq: number;
  readonly subject: string;
  /** not-msgpack, unknown-type, wrong-shape or future-version */
  readonly bad: string;
}

/** One fault from injection to heal. */
export interface Fault {
  readonly type: "fault";
  readonly kind: NemesisKind;
  /** a host name, "management", or a NATS node name */
  readonly target: string;
  /**
   * every host the fault took down with its target, when its process runs more than one (a
   * rack: a kill, pause or partition of one of its hosts is one of all of them); absent: the target alone
   */
  readonly hosts?: readonly string[];
  readonly startedAt: number;
  /** when it was healed (restarted, SIGCONT, reconnected) */
  readonly healedAt: number;
  /** for corrupt: the message it planted */
  readonly planted?: PlantedMessage;
}

/** A constant-rate stream between two VMs and what it counted when it was stopped. */
export interface Flow {
  readonly type: "flow";
  readonly name: string;
  readonly from: string;
  readonly to: string;
  readonly pps: number;
  readonly startedAt: number;
  readonly stoppedAt: number;
  readonly sent: number;
  readonly received: number;
  /** framesLost(received, sent), counted once the last frames arrived after the stop (a few in flight are tolerated) */
  readonly lost: number;
  readonly longestGapMs: number;
  /** true when either end migrated while it ran */
  readonly migrated: boolean;
  /**
   * optional: the flow's running totals sampled while it ran (at least at each fault's start and
   * heal), so the checker can tell what flowed inside a nemesis window; without them it judges by
   * the longest gap
   */
  readonly samples?: readonly FlowSample[];
}

/** A flow's running totals at one moment. */
export interface FlowSample {
  readonly at: number;
  readonly sent: number;
  readonly received: number;
}

/** How long a host took, after the faults were healed, to apply the whole log and match its hash. */
export interface Convergence {
  readonly type: "convergence";
  readonly host: string;
  readonly healedAt: number;
  /** what it converged after: a fault of that kind on the host, or "run" at the run's end (every fault healed, every migration ended) */
  readonly after?: NemesisKind | "run";
  /** absent when it had not converged when the runner gave up */
  readonly convergedAt?: number;
}

export type HistoryEntry = Operation | Fault | Flow | Convergence;

export interface History {
  readonly seed: string;
  readonly startedAt: number;
  readonly endedAt: number;
  readonly entries: readonly HistoryEntry[];
}
