export { describeStep, runScenario } from "./run.js";
export { runScenarioFile } from "./run-file.js";
export { ExpectationFailed } from "./steps.js";
export { runCheckStep } from "./check.js";

export type { RunScenarioOptions, ScenarioReport, StepReport } from "./run.js";
export type { RunScenarioFileOptions } from "./run-file.js";
export type { ScenarioCluster } from "./steps.js";
export type { CheckOutcome } from "./check.js";
