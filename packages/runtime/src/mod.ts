export { connectNats, natsServersFromEnv, splitServers } from "./connect.js";
export { ADMIN, CLIENT, EVENT_STREAM, MANAGEMENT, SNAPSHOT_STREAM, authorizationConfig, hostRole, logReaderSubjects, rackRole, roleName, rolePermissions } from "./nats-roles.js";
export { readCredentials, writeRoleCredentials } from "./nats-credentials.js";
export { PermissionDeniedError, natsRoleOf, permissionDenied, watchPermissionViolations } from "./permission-denied.js";
export { createLogger } from "./logger.js";
export { WaitAborted, isAlive, onShutdown, stopProcess, waitFor } from "./process.js";
export { natsServerBinary, startNatsServer, supportsSyncAlways } from "./nats-server.js";
export { freePorts, startNatsCluster } from "./nats-cluster.js";
export { NATS_FLAGS_USAGE, UsageError, parseServiceArgs } from "./service-args.js";
export {
  PLANT_BUG_FLAG,
  PlantedBugSpecError,
  formatPlantedBug,
  parsePlantedBugs,
  plantBugArgs,
  plantedBugsOf,
  plantedBugsWarning,
  takePlantBugArgs,
} from "./planted-bugs.js";
export { parseDurationMs } from "./duration.js";
export { DeadlineExceeded, WaitInterrupted, isDeadlineExceeded, untilInterrupted, withDeadline } from "./deadline.js";

export type { NatsConnectOptions } from "./connect.js";
export type { NatsPermissions, NatsRole, NatsUser, SubjectPermissions } from "./nats-roles.js";
export type { ReadCredentials, RoleCredentials } from "./nats-credentials.js";
export type { Logger } from "./logger.js";
export type { NatsServerHandle, NatsServerOptions } from "./nats-server.js";
export type { NatsClusterHandle, NatsClusterOptions } from "./nats-cluster.js";
export type { NatsFlags, ServiceArgs } from "./service-args.js";
export type { PlantedBug } from "./planted-bugs.js";
