export { ManagementService } from "./service.js";
export { CommandHandler } from "./command-handler.js";
export { Projection } from "./projection.js";
export { HostLiveness } from "./liveness.js";

export type { ManagementOptions } from "./service.js";
export type { Decided } from "./command-handler.js";
