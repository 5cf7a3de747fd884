import type { MigrationResult } from "@vdsim/vmotion";
import type { MigrationOutcome } from "./outcome.js";

export type { MigrationResult };

/** Where a vNIC will connect on the destination: the same dvPort key, or a same-named standard port group. */
export interface ReservedPort {
  readonly nic: number;
  readonly portgroup: string;
  readonly vds?: string;
  readonly portKey?: string;
  readonly vswitch?: string;
}

/** A setting of a standard port group that differs between source and destination. */
export interface PortDriftItem {
  readonly nic: number;
  readonly portgroup: string;
  readonly setting: string;
  readonly source: string | number | boolean | null;
  readonly destination: string | number | boolean | null;
}

/** A vMotion as the log records it. The machine's persisted snapshot rides along with each transition. */
export interface MigrationRecord {
  readonly id: string;
  readonly vm: string;
  readonly source: string;
  readonly destination: string;
  readonly memoryMB: number;
  readonly dirtyRateMBps: number;
  phase: string;
  progress: number;
  reservation: readonly ReservedPort[] | null;
  committed: boolean;
  result: MigrationResult | null;
  outcome: MigrationOutcome | null;
  snapshot: unknown;
}

export const VM_DEFAULTS = { memoryMB: 1024, dirtyRateMBps: 64 } as const;
