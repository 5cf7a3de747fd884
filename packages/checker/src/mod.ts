export { checkCluster } from "./check.js";
export { evaluate, INVARIANTS } from "./evaluate.js";
export { observeCluster } from "./gather.js";
export { formatReport } from "./format.js";
export { parseHistory, readHistory, serializeHistory, writeHistory } from "./history-file.js";
export { DEFAULT_CONVERGENCE_BOUND_MS } from "./context.js";
export { PLACEMENT } from "./invariants/placement.js";
export { SETTINGS } from "./invariants/settings.js";
export { MIGRATIONS } from "./invariants/migrations.js";
export { ACKNOWLEDGED, LOG_GAP, UNASKED } from "./invariants/log.js";
export { REPLAY } from "./invariants/replay.js";
export { DATA_PLANE_ALONE, NO_LOSS } from "./invariants/traffic.js";
export { CONVERGENCE } from "./invariants/convergence.js";

export type { CheckOptions, CheckReport, EventRef, InvariantResult } from "./types.js";
export type { ClusterObservation, HostObservation } from "./observation.js";
export type { ObserveOptions } from "./gather.js";
export type { Convergence, Fault, Flow, FlowSample, History, HistoryEntry, NemesisKind, Operation, OperationKind } from "./history.js";
