import type { DataPlanePort, PortCounters, TrafficFlowStats, VmRuntimeState } from "@vdsim/esx";
import type {
  HostCommand,
  HostRealizedConfig,
  MigrationRecord,
  ManagementCommand,
  PortGroupSummary,
  SwitchSummary,
  VmSummary,
} from "@vdsim/model";

/** How long a host may stay silent before it is shown as not responding. */
export const HEARTBEAT_INTERVAL_MS = 1_000;
export const NOT_RESPONDING_AFTER_MS = 3_500;
/** The clock a host's silence is timed on: setting the wall clock does not move it. */
export const monotonicMs = (): number => performance.now();

export type { DataPlanePort, PortCounters, TrafficFlowStats, VmRuntimeState };

/** A message of the log a follower skipped: not a valid event, or one that does not apply where it stands. */
export interface QuarantinedMessage {
  readonly seq: number;
  readonly subject: string;
  readonly reason: string;
}

/** How a process follows the log: "live" is the only state in which its applied sequence moves on. */
export interface FollowerReport {
  readonly state: "idle" | "catching-up" | "live" | "failed" | "stopped";
  /** how many messages it skipped (quarantined) */
  readonly quarantined: number;
  /** why following ended, when `state` is "failed" */
  readonly failure?: string;
}

export interface Heartbeat {
  readonly host: string;
  readonly pid: number;
  readonly startedAt: string;
  readonly appliedSeq: number;
  readonly hash: string;
  readonly pnics: readonly string[];
  /** absent from agents before it was added */
  readonly follower?: FollowerReport;
}

export interface HostStatus {
  readonly name: string;
  readonly status: "connected" | "notResponding";
  readonly lastHeartbeat: string | null;
  readonly appliedSeq: number | null;
  readonly lag: number | null;
  readonly pid: number | null;
  readonly pnics: readonly string[];
  /** how the host agent follows the log, from its last heartbeat; null before one */
  readonly follower: FollowerReport | null;
  /**
   * whether the state hash of its last heartbeat equals the management service's for that host;
   * null when it reported another sequence than management's or was never heard from (absent from older services)
   */
  readonly hashMatches?: boolean | null;
}

export interface ClusterStatus {
  /** the sequence the management service has applied (its state is folded through it) */
  readonly seq: number;
  /** the event log's last sequence, read from the stream; null when the stream did not answer */
  readonly logSeq: number | null;
  readonly management: {
    readonly pid: number;
    readonly startedAt: string;
    readonly follower: FollowerReport;
    /** the newest snapshot it wrote or started from; null: none (absent from a service before snapshots) */
    readonly snapshot?: { readonly seq: number; readonly writtenAt: string } | null;
  };
  /** the latest messages the management service quarantined (at most 100), oldest first */
  readonly quarantined: readonly QuarantinedMessage[];
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

/** A snapshot of the management service's state, as `vdsim events snapshot` reports the one it wrote. */
export interface ManagementSnapshot {
  readonly seq: number;
  /** the state hash at `seq` (clusterStateHash) */
  readonly hash: string;
  readonly bytes: number;
  readonly storedBytes: number;
  readonly writtenAt: string;
}

export interface HostStateReport {
  readonly host: string;
  readonly appliedSeq: number;
  readonly hash: string;
  readonly config: HostRealizedConfig;
  /** the ports the data plane actually holds: what the checker compares with the log */
  readonly dataPlane: readonly DataPlanePort[];
}

/** A migration as `vdsim migrations` lists it: the log's record without the machine snapshot. */
export type MigrationSummary = Omit<MigrationRecord, "snapshot">;

/** Every management operation: its request and its reply. */
export interface ManagementApi {
  ping: { req: Record<string, never>; res: { readonly seq: number; readonly pid: number; readonly startedAt: string } };
  command: {
    req: { readonly commandId: string; readonly command: ManagementCommand; readonly waitMs?: number };
    res: CommandResult;
  };
  status: { req: Record<string, never>; res: ClusterStatus };
  hash: { req: Record<string, never>; res: ManagementStateHash };
  migrate: {
    /** requestId: a request sent again (its reply lost) answers with the migration the first one started */
    req: { readonly vm: string; readonly destination: string; readonly memoryMB?: number; readonly dirtyRateMBps?: number; readonly requestId?: string };
    res: { readonly migration: string; readonly seq: number };
  };
  migrations: { req: Record<string, never>; res: readonly MigrationSummary[] };
  /** writes a snapshot of the state now (the newest one when nothing changed since) */
  snapshot: { req: Record<string, never>; res: ManagementSnapshot };
  /** migrates every VM off a host */
  evacuate: {
    req: { readonly host: string; readonly requestId?: string };
    res: {
      readonly seq: number;
      readonly migrations: ReadonlyArray<{ readonly vm: string; readonly destination: string | null; readonly migration: string | null; readonly reasons: readonly string[] }>;
    };
  };
}

/** The host command surface: a tool and its argv, answered as the tool would answer. */
export type HostTool = "esxcli" | "vicfg-vswitch" | "vicfg-vmknic" | "vmkping";

export interface HostCliReply {
  readonly stdout: string;
  readonly exitCode: number;
}

export interface PingRequest {
  readonly vm: string;
  /** the vNIC to send from (default its first) */
  readonly nic?: number;
  /** an IPv4 address, or the name of a VM (its first vNIC) */
  readonly target: string;
  readonly count: number;
  readonly intervalMs?: number;
  readonly timeoutMs?: number;
}

export interface PingReply {
  readonly from: { readonly vm: string; readonly ip: string };
  readonly targetIp: string;
  readonly sent: number;
  readonly received: number;
  /** round-trip time per reply, ms; null for a lost one */
  readonly rtts: ReadonlyArray<number | null>;
}

export interface TrafficFlowSpec {
  readonly flow: string;
  readonly fromVm: string;
  /** an IPv4 address, or the name of a VM (its first vNIC) */
  readonly to: string;
  readonly pps: number;
  /** bytes per frame */
  readonly length?: number;
}

/**
 * Frames a flow lost: the holes in the receiver's sequence numbers (the sender numbers frames
 * from 1), up to `upToSeq`. Give the receiver's `lastSeq` while the flow runs, so frames still on
 * the wire are not taken for lost; once the sender has stopped and its last frames had time to
 * land, give its `sent`, so frames after the last one received count too. The one definition of
 * loss: traffic stats, chaos histories, the checker and the vMotion switchover figures use it.
 */
export function framesLost(received: number, upToSeq: number): number {
  return Math.max(0, upToSeq - received);
}

export interface HostApi {
  state: { req: Record<string, never>; res: HostStateReport };
  cli: { req: { readonly tool: HostTool; readonly argv: readonly string[] }; res: HostCliReply };
  /** a host command, typed (what esxcli and vicfg-* parse to); seq null: already in effect */
  command: { req: { readonly commandId: string; readonly command: HostCommand }; res: { readonly seq: number | null } };
  ping: { req: PingRequest; res: PingReply };
  "traffic.start": { req: TrafficFlowSpec; res: { readonly flow: string } };
  "traffic.stop": { req: { readonly flow?: string }; res: { readonly stopped: readonly string[] } };
  "traffic.stats": { req: Record<string, never>; res: readonly TrafficFlowStats[] };
  ports: { req: Record<string, never>; res: readonly PortCounters[] };
  /** the guest sends frames with a source MAC that is not its own (a forged transmit) */
  "guest.spoof": { req: { readonly vm: string; readonly srcMac: string; readonly target: string; readonly count: number }; res: { readonly sent: number } };
  /** the guest changes its vNIC's MAC address */
  "guest.mac": { req: { readonly vm: string; readonly mac: string }; res: { readonly mac: string } };
  /** vMotion steps, each idempotent by its key (migration id and step) */
  "migration.stun": { req: { readonly key: string; readonly vm: string }; res: VmRuntimeState };
  "migration.resume": { req: { readonly key: string; readonly vm: string; readonly state: VmRuntimeState }; res: { readonly rarpSent: boolean } };
  "migration.unstun": { req: { readonly key: string; readonly vm: string; readonly state: VmRuntimeState }; res: { readonly resumed: boolean } };
}

export type ManagementOp = keyof ManagementApi;
export type HostOp = keyof HostApi;
