export { CONVERGENCE_BOUND_MS, runChaos } from "./chaos.js";
export { ChaosUsageError, DEFAULT_NEMESES, NEMESES, parseChaosOptions, parseDuration, parseNemeses } from "./options.js";
export { DeadlineExceeded, WaitInterrupted, untilInterrupted, withDeadline } from "@vdsim/runtime";
export { BAD_MESSAGES, GLOBAL_TARGET, badMessageAt, corruptSubject, encodeBadMessage } from "./corrupt.js";
export { Prng } from "./prng.js";
export { MANAGEMENT, generateSchedule } from "./schedule.js";
export { NatsProxies, NatsProxy } from "./proxy.js";
export { clusterNodes, killNatsNode, restartNatsNode } from "./nats-node.js";
export { awaitConvergence, logEnd, replayHash } from "./convergence.js";
export { formatSummary, summarize } from "./summary.js";

export type { ChaosRunResult } from "./chaos.js";
export type { ChaosOptions, RawChaosOptions } from "./options.js";
export type { PlannedFault, PlannedOp, Schedule, ScheduleInput, Setup, TimedOp } from "./schedule.js";
export type { ChaosSummary } from "./summary.js";
export type { BadMessage } from "./corrupt.js";
