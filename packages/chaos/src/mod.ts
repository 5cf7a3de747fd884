export { ChaosUsageError, DEFAULT_NEMESES, NEMESES, parseChaosOptions, parseDuration, parseNemeses } from "./options.js";
export { Prng } from "./prng.js";
export { MANAGEMENT, generateSchedule } from "./schedule.js";

export type { ChaosOptions, RawChaosOptions } from "./options.js";
export type { PlannedFault, PlannedOp, Schedule, ScheduleInput, Setup, TimedOp } from "./schedule.js";
