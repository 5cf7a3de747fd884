import type { MigrationOutcome as MachineOutcome } from "@vdsim/vmotion";

/** Traffic to and from a migrating VM, as its peers' receivers saw it across the switchover. */
export interface MigrationTraffic {
  readonly flows: number;
  /** holes in the receivers' sequence numbers that opened across the switchover */
  readonly framesLost: number;
  /** the longest time a receiver went without a frame, across the switchover */
  readonly longestGapMs: number;
}

/**
 * A migration's outcome as the log records it (MigrationEnded): what the vMotion machine
 * reported, the traffic across its switchover, and, when the log's commit point overruled a
 * machine that ended otherwise, why the migration rolled forward.
 */
export interface MigrationOutcome extends MachineOutcome {
  readonly traffic?: MigrationTraffic;
  readonly rolledForward?: string;
}
