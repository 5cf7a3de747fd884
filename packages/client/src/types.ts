import type { EventStore, SnapshotStore } from "@vdsim/eventstore";
import type { HostCommand, ManagementCommand } from "@vdsim/model";
import type { ClusterStatus, CommandResult, HostStateReport, ManagementApi, ManagementStateHash, PingReply, PingRequest } from "@vdsim/protocol";

export interface ClientOptions {
  /** NATS server URL(s); default NATS_URL */
  readonly servers?: string | readonly string[];
  readonly name?: string;
  /** NATS credentials file; default NATS_CREDS */
  readonly credsFile?: string;
  /** CA certificate for TLS to NATS; default NATS_CA */
  readonly caFile?: string;
  /** request timeout, default 10 s */
  readonly timeoutMs?: number;
  /**
   * how long a management request is repeated while nothing answers it (default 3 s): the
   * management service resubscribes on another node after its NATS node dies
   */
  readonly managementGraceMs?: number;
}

export interface WaitOptions {
  /** return only once every host the change concerns has applied it (or this many ms passed) */
  readonly waitMs?: number;
  /** idempotency key; a retried call with the same id is recorded once */
  readonly commandId?: string;
}

/**
 * The calls of a VdsimClient that its helpers (waitConverged, replay, applyTopology and the
 * topology exports, pingall) are written against, so that they need not import the client
 * that calls them. Every VdsimClient is one.
 */
export interface ClusterCalls {
  status(): Promise<ClusterStatus>;
  ping(timeoutMs?: number): Promise<ManagementApi["ping"]["res"]>;
  managementHash(): Promise<ManagementStateHash>;
  hostState(host: string, timeoutMs?: number): Promise<HostStateReport>;
  eventStore(): Promise<EventStore>;
  snapshotStore(): Promise<SnapshotStore | undefined>;
  command(command: ManagementCommand, options?: WaitOptions): Promise<CommandResult>;
  hostCommand(host: string, command: HostCommand, options?: Pick<WaitOptions, "commandId">): Promise<{ seq: number | null }>;
  pingFromVm(req: PingRequest): Promise<PingReply>;
}
