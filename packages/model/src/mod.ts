export { decide } from "./decide/decide.js";
export { decideHost } from "./host/decide-host.js";
export { routeInterface } from "./host/decide-routes.js";
export { DEFAULT_NETSTACK } from "./host/events.js";
export { CDP_STATUSES, NO_SERVICES } from "./host/state.js";
export { HOST_LIMITS } from "./host/commands.js";
export { DEFAULT_VSWITCH, MANAGEMENT_NETWORK, VM_NETWORK, managementAddress } from "./host/fresh-host.js";
export { broadcastAddress, checkIpv4Config, formatIpv4, inSubnet, parseIpv4, prefixLength } from "./host/ipv4.js";
export {
  applyStandardPolicyPatch,
  defaultStandardPolicy,
  effectiveStandardPolicy,
  sectionsOf,
} from "./host/standard-policy.js";
export { evolve, fold, assertNever } from "./evolve.js";
export { initialState } from "./state.js";
export { DomainError, DomainErrorCode, isDomainError } from "./errors.js";
export { EVENT_SCHEMA, EVENT_SUBJECT_PREFIX, envelope, eventSubject, isHostEvent, subjectToken, toDomainEvent } from "./events.js";
export { checkEnvelope, encodeEnvelope, decodeEnvelope, InvalidEvent } from "./codec.js";
export { LIMITS } from "./commands.js";
export { LOAD_BALANCING, applyPolicyPatch, defaultDistributedPolicy, formatVlan, parseVlan, validateVlan } from "./policy.js";
export { hostRealizedConfig, hostsConcernedBy, memberHosts } from "./host-view.js";
export { incomingMigrations } from "./migration/incoming.js";
export { activeMigrationOf, decideMigration } from "./migration/decide-migration.js";
export { planDestination } from "./migration/precheck.js";
export { migrationDrift } from "./migration/drift.js";
export { VM_DEFAULTS } from "./migration/state.js";
export { canonicalHash, clusterStateHash, hostStateHash } from "./hash.js";
export { summarizePortGroups, summarizeSwitches, summarizeVms } from "./summary.js";
export { physicalNicMac, vcenterMac, vmkernelMac } from "./mac.js";
export { validateName } from "./names.js";

export type { DecisionContext, ManagementCommand, ManagementCommandType } from "./commands.js";
export type { CommandMetadata, DomainEvent, EventEnvelope, EventType, ManagementEvent } from "./events.js";
export type { HostEvent } from "./host/events.js";
export type { HostCommand, HostCommandType, VmkNicSelector, VmkNicTarget } from "./host/commands.js";
export type { StandardPolicyPatch, StandardPolicySection } from "./host/standard-policy.js";
export type {
  CdpStatus,
  Ipv4Config,
  Ipv4Route,
  StandardPolicyOverrides,
  StandardPortGroup,
  StandardSwitch,
  StandardSwitchPolicy,
  VmkNic,
  VmkNicConnection,
  VmkNicServices,
} from "./host/state.js";
export type {
  RealizedPnic,
  RealizedStandardPort,
  RealizedStandardPortGroup,
  RealizedStandardSwitch,
  RealizedVmkNic,
  RealizedVmkNicConnection,
} from "./host/realized.js";
export type {
  ClusterState,
  DistributedPortGroup,
  DistributedSwitch,
  DistributedSwitchMember,
  DvPort,
  DvPortConnectee,
  Host,
  VNic,
  Vm,
} from "./state.js";
export type {
  LoadBalancing,
  PortGroupPolicy,
  PortGroupPolicyPatch,
  SecurityPolicy,
  ShapingPolicy,
  TeamingPolicy,
  VlanSpec,
} from "./policy.js";
export type { HostRealizedConfig, ProxySwitch, RealizedDvPort } from "./host-view.js";
export type { PortGroupSummary, SwitchSummary, VmSummary } from "./summary.js";
export type { MigrationCommand } from "./migration/decide-migration.js";
export type { MigrationDestinationReserved, MigrationEnded, MigrationEvent, MigrationProgressed, MigrationRequested, VmMigrated } from "./migration/events.js";
export type { DestinationPlan } from "./migration/precheck.js";
export type { MigrationRecord, MigrationResult, PortDriftItem, ReservedPort } from "./migration/state.js";
export type { MigrationOutcome, MigrationTraffic } from "./migration/outcome.js";
export type { RollbackReason } from "@vdsim/vmotion";
