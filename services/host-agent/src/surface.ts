import type { NatsConnection } from "@nats-io/transport-node";
import type { HostNetwork } from "@vdsim/esx";
import type { CatchUpOptions, EventStore } from "@vdsim/eventstore";
import type { ClusterState } from "@vdsim/model";
import type { HostStateReport } from "@vdsim/protocol";
import type { Logger } from "@vdsim/runtime";

/** What the host's request handlers (host-api.ts, host-cli.ts) use of its agent. */
export interface AgentSurface {
  readonly host: string;
  readonly nc: NatsConnection;
  readonly store: EventStore;
  readonly log: Logger;
  readonly network: HostNetwork;
  readonly state: ClusterState;
  readonly appliedSeq: number;
  /** the last sequence of one of the host's own event subjects, as the agent has applied it */
  subjectSeq(subject: string): number;
  caughtUp(seq: number, options?: CatchUpOptions): Promise<void>;
  report(): HostStateReport;
}
