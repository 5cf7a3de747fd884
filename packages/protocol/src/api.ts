import type {
  HostRealizedConfig,
  ManagementCommand,
  PortGroupSummary,
  SwitchSummary,
  VmSummary,
} from "@vdsim/model";

/** How long a host may stay silent before it is shown as not responding. */
export const HEARTBEAT_INTERVAL_MS = 1_000;
export const NOT_RESPONDING_AFTER_MS = 3_500;

export interface Heartbeat {
  readonly host: string;
  readonly pid: number;
  readonly startedAt: string;
  readonly appliedSeq: number;
  readonly hash: string;
  readonly pnics: readonly string[];
}

export interface HostStatus {
  readonly name: string;
  readonly status: "connected" | "notResponding";
  readonly lastHeartbeat: string | null;
  readonly appliedSeq: number | null;
  readonly lag: number | null;
  readonly pid: number | null;
  readonly pnics: readonly string[];
}

export interface ClusterStatus {
  readonly seq: number;
  readonly management: { readonly pid: number; readonly startedAt: string };
  readonly hosts: readonly HostStatus[];
  readonly switches: readonly SwitchSummary[];
  readonly portGroups: readonly PortGroupSummary[];
  readonly vms: readonly VmSummary[];
}

export interface HostApplied {
  readonly host: string;
  /** milliseconds from the append being sent to the log to the host reporting it applied */
  readonly ms: number;
}

export interface CommandResult {
  /** sequence of the recorded event; null when the command changed nothing */
  readonly seq: number | null;
  readonly events: readonly string[];
  /** with wait: the hosts the change concerns and when each applied it */
  readonly applied?: readonly HostApplied[];
  /** with wait: hosts that had not applied it when the wait ended */
  readonly pending?: ReadonlyArray<{ readonly host: string; readonly status: HostStatus["status"] }>;
}

export interface ManagementStateHash {
  readonly seq: number;
  readonly hash: string;
}

export interface HostStateReport {
  readonly host: string;
  readonly appliedSeq: number;
  readonly hash: string;
  readonly config: HostRealizedConfig;
}

/** Every management operation: its request and its reply. */
export interface ManagementApi {
  ping: { req: Record<string, never>; res: { readonly seq: number; readonly pid: number; readonly startedAt: string } };
  command: {
    req: { readonly commandId: string; readonly command: ManagementCommand; readonly waitMs?: number };
    res: CommandResult;
  };
  status: { req: Record<string, never>; res: ClusterStatus };
  hash: { req: Record<string, never>; res: ManagementStateHash };
}

export interface HostApi {
  state: { req: Record<string, never>; res: HostStateReport };
}

export type ManagementOp = keyof ManagementApi;
export type HostOp = keyof HostApi;
