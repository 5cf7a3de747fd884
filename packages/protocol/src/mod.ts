export { Subjects } from "./subjects.js";
export { HEARTBEAT_INTERVAL_MS, NOT_RESPONDING_AFTER_MS, monotonicMs } from "./api.js";
export { framesLost } from "./api.js";
export { RemoteError, RpcErrorCode, checkBody, decodeBody, decodeRequest, encodeBody, request, serve } from "./rpc.js";
export { heartbeatSchema, hostRequestSchemas, managementRequestSchemas } from "./request-schemas.js";
export { managementCommandSchema } from "./management-command-schema.js";
export { hostCommandSchema } from "./host-command-schema.js";

export type {
  ClusterStatus,
  CommandResult,
  DataPlanePort,
  FollowerReport,
  Heartbeat,
  QuarantinedMessage,
  HostApi,
  HostCliReply,
  HostTool,
  PingReply,
  PortCounters,
  PingRequest,
  TrafficFlowSpec,
  TrafficFlowStats,
  VmRuntimeState,
  HostApplied,
  HostOp,
  HostStateReport,
  HostStatus,
  ManagementApi,
  ManagementOp,
  ManagementSnapshot,
  ManagementStateHash,
  MigrationSummary,
} from "./api.js";
export type { Checked, RemoteErrorBody, ServeOptions } from "./rpc.js";
export type { RequestSchemas } from "./request-schemas.js";
export type {
  ActionReply,
  CreatePortGroupRequest,
  DashboardEvent,
  DashboardEventTags,
  DashboardFeatures,
  DashboardHost,
  DashboardMessage,
  DashboardSnapshot,
  DashboardTopology,
  HostChanges,
  TopologyChanges,
  HostApplyTime,
  JsonValue,
  MigrateVmRequest,
  Propagation,
  QuarantineView,
  SetPortGroupPolicyRequest,
  TopologyEndpoint,
  TopologyHost,
  TopologyPortGroup,
  TopologySwitch,
} from "./dashboard.js";
