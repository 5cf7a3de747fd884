import type { VNic } from "../state.js";
import type { MigrationOutcome } from "./outcome.js";
import type { MigrationResult, PortDriftItem, ReservedPort } from "./state.js";

export interface MigrationRequested {
  readonly type: "MigrationRequested";
  readonly data: {
    readonly migration: string;
    readonly vm: string;
    readonly source: string;
    readonly destination: string;
    readonly memoryMB: number;
    readonly dirtyRateMBps: number;
  };
}
/** The destination realizes the VM's ports, blocked, until the switchover. */
export interface MigrationDestinationReserved {
  readonly type: "MigrationDestinationReserved";
  readonly data: { readonly migration: string; readonly destination: string; readonly ports: readonly ReservedPort[] };
}
/** A transition of the migration machine, with its persisted snapshot. */
export interface MigrationProgressed {
  readonly type: "MigrationProgressed";
  readonly data: { readonly migration: string; readonly phase: string; readonly progress: number; readonly snapshot: unknown };
}
/** The commit point: the VM runs on the destination from here on. */
export interface VmMigrated {
  readonly type: "VmMigrated";
  readonly data: {
    readonly migration: string;
    readonly vm: string;
    readonly source: string;
    readonly destination: string;
    readonly nics: readonly VNic[];
    readonly drift: readonly PortDriftItem[];
  };
}
export interface MigrationEnded {
  readonly type: "MigrationEnded";
  readonly data: { readonly migration: string; readonly result: MigrationResult; readonly outcome: MigrationOutcome };
}

export type MigrationEvent = MigrationRequested | MigrationDestinationReserved | MigrationProgressed | VmMigrated | MigrationEnded;
