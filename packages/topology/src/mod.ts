export { TopologySpec } from "./schema.js";
export { STEP_KINDS, STEP_SCHEMAS, ScenarioSpec } from "./scenario-schema.js";
export { FileValidationError, fieldName, formatIssue, isFileValidationError, parseYaml, scopedFile } from "./parse.js";
export { loadScenarioFile, loadTopologyFile, parseScenario, parseTopology, readTextFile, scenarioTopology } from "./files.js";
export { plan } from "./plan.js";
export { scenarioJsonSchema, topologyJsonSchema } from "./json-schema.js";
export { simulate } from "./simulate.js";
export { exportTopology, renderTopology, topologyHash } from "./export.js";
export { desiredPolicy, policyPatch, vlanOf } from "./policy.js";

export type {
  DistributedPortGroupTopology,
  DistributedSwitchTopology,
  HostTopology,
  StandardPortGroupTopology,
  StandardSwitchTopology,
  Topology,
  VmTopology,
  VmkNicTopology,
} from "./schema.js";
export type { Scenario, ScenarioStep, StepKind } from "./scenario-schema.js";
export type { FieldPath, FileIssue, FilePosition, ParsedFile } from "./parse.js";
export type { Plan } from "./plan.js";
export type { PlanProblem, PlanStep } from "./steps.js";
