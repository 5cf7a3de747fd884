import { z } from "zod";
import { STEP_KINDS, STEP_SCHEMAS, ScenarioSpec } from "./scenario-schema.js";
import { TopologySpec } from "./schema.js";

/** A step as written in a file: an object with exactly one of the step kinds as its key. */
const StepInput = z.union(STEP_KINDS.map((kind) => z.strictObject({ [kind]: STEP_SCHEMAS[kind] })));

/** JSON Schema of topology files, for editors (yaml-language-server) and other tools. */
export function topologyJsonSchema(): Record<string, unknown> {
  return { title: "vdsim topology", ...z.toJSONSchema(TopologySpec) };
}

/** JSON Schema of scenario files. */
export function scenarioJsonSchema(): Record<string, unknown> {
  const spec = ScenarioSpec.extend({ steps: z.array(StepInput).min(1) });
  return { title: "vdsim scenario", ...z.toJSONSchema(spec) };
}
