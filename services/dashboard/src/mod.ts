export { DashboardService } from "./service.js";
export { DashboardState, RECENT_EVENTS } from "./dashboard-state.js";
export { DashboardActions } from "./actions.js";
export { PropagationTracker, TRACKED_CHANGES } from "./propagation.js";
export { HeartbeatView } from "./liveness.js";
export { buildTopology } from "./topology.js";
export { isMigrationEvent, toDashboardEvent } from "./event-view.js";
export { writeUrlFile } from "./url-file.js";

export type { DashboardOptions } from "./service.js";
export type { ActionOutcome, ActionsClient } from "./actions.js";
