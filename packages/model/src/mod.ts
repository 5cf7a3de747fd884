export { decide } from "./decide/decide.js";
export { evolve, fold, assertNever } from "./evolve.js";
export { initialState } from "./state.js";
export { DomainError, DomainErrorCode, isDomainError } from "./errors.js";
export { EVENT_SCHEMA, EVENT_SUBJECT_PREFIX, envelope, eventSubject, subjectToken, toDomainEvent } from "./events.js";
export { encodeEnvelope, decodeEnvelope } from "./codec.js";
export { LIMITS } from "./commands.js";
export { LOAD_BALANCING, applyPolicyPatch, defaultDistributedPolicy, formatVlan, parseVlan, validateVlan } from "./policy.js";
export { hostRealizedConfig, hostsConcernedBy, memberHosts } from "./host-view.js";
export { canonicalHash, clusterStateHash, hostStateHash } from "./hash.js";
export { summarizePortGroups, summarizeSwitches, summarizeVms } from "./summary.js";
export { vcenterMac } from "./mac.js";
export { validateName } from "./names.js";

export type { DecisionContext, ManagementCommand, ManagementCommandType } from "./commands.js";
export type { CommandMetadata, DomainEvent, EventEnvelope, EventType } from "./events.js";
export type {
  ClusterState,
  DistributedPortGroup,
  DistributedSwitch,
  DistributedSwitchMember,
  DvPort,
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
