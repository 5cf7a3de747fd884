import type { StoredEvent } from "@vdsim/eventstore";
import type { HostStateReport, ManagementStateHash } from "@vdsim/protocol";

/** What one host agent reported, or why it reported nothing. */
export interface HostObservation {
  readonly host: string;
  /** null when the host did not answer */
  readonly report: HostStateReport | null;
  readonly problem?: string;
}

/**
 * Everything the invariants look at, as plain data: the whole log and what every live process
 * says about itself. The live gathering (gather.ts) fills it; tests build it by hand.
 */
export interface ClusterObservation {
  /** the log from sequence 1, in order */
  readonly events: readonly StoredEvent[];
  /** the management service's state hash at its sequence; null when it did not answer */
  readonly management: ManagementStateHash | null;
  readonly hosts: readonly HostObservation[];
}
