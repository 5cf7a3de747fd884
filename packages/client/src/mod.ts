export { VdsimClient } from "./client.js";
export { foldLog, replay } from "./replay.js";
export { pingall, pingallNics } from "./pingall.js";
export { waitConverged } from "./converge.js";
export { summarizeFlows } from "./traffic.js";
export { iterateEvents, toVdsimEvent } from "./events.js";
export { applyTopology, clusterState, exportCluster, exportTopology, topologyHash } from "./topology.js";
export { RemoteError, RpcErrorCode } from "@vdsim/protocol";
export { DomainErrorCode } from "@vdsim/model";
export { FileValidationError, isFileValidationError, loadScenarioFile, loadTopologyFile, parseScenario, parseTopology, renderTopology } from "@vdsim/topology";

export type { ClientOptions, ClusterCalls, WaitOptions } from "./types.js";
export type { ConvergeOptions, Converged } from "./converge.js";
export type { VdsimEvent } from "./events.js";
export type { FlowSummary } from "./traffic.js";
export type { ApplyOptions, ApplyReport } from "./topology.js";
export type { FileIssue, ParsedFile, PlanStep, Scenario, ScenarioStep, Topology } from "@vdsim/topology";
export type { DomainEvent, EventType, HostCommand, ManagementCommand } from "@vdsim/model";
export type { LogPlacement, QuarantinedEvent, StoredEvent } from "@vdsim/eventstore";
export type { ReplayCheck, ReplayOptions, ReplayReport } from "./replay.js";
export type { PingallNic, PingallPair, PingallReport } from "./pingall.js";
export type {
  ClusterStatus,
  FollowerReport,
  QuarantinedMessage,
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
