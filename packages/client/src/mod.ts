export { VdsimClient } from "./client.js";
export { foldLog, replay } from "./replay.js";
export { pingall, pingallNics } from "./pingall.js";
export { down, recordedPids, restartHost, restartManagement, up } from "./cluster/launcher.js";
export { startCluster } from "./cluster/start-cluster.js";
export { embeddedNats, hostName, natsAccess, readClusterRecord, resolveStateDir, stateLayout, writeClusterRecord } from "./cluster/files.js";
export { RemoteError } from "@vdsim/protocol";

export type { ClientOptions, WaitOptions } from "./client.js";
export type { LogPlacement } from "@vdsim/eventstore";
export type { ReplayCheck, ReplayReport } from "./replay.js";
export type { PingallNic, PingallPair, PingallReport } from "./pingall.js";
export type { UpOptions } from "./cluster/launcher.js";
export type { ClusterHandle, StartClusterOptions } from "./cluster/start-cluster.js";
export type { ClusterRecord, NatsAccess, NatsNodeRecord } from "./cluster/files.js";
export type {
  ClusterStatus,
  CommandResult,
  DataPlanePort,
  HostApplied,
  HostStateReport,
  HostStatus,
  ManagementStateHash,
  MigrationSummary,
  PortCounters,
  TrafficFlowStats,
} from "@vdsim/protocol";
