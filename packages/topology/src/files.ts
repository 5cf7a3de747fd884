import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { FileValidationError, parseYaml, type ParsedFile } from "./parse.js";
import { ScenarioSpec, type Scenario, type ScenarioStep } from "./scenario-schema.js";
import { TopologySpec, type Topology } from "./schema.js";

/** Parses and validates topology YAML; errors name the file, line and field. */
export function parseTopology(text: string, file = "<topology>"): ParsedFile<Topology> {
  return parseYaml(text, file, TopologySpec);
}

/** Parses and validates scenario YAML; each step gets its index in the file. */
export function parseScenario(text: string, file = "<scenario>"): ParsedFile<Scenario> {
  const parsed = parseYaml(text, file, ScenarioSpec);
  const steps = parsed.value.steps.map((s, index) => ({ ...s, index }) as ScenarioStep);
  return { ...parsed, value: { ...parsed.value, steps } };
}

/** Reads a file, naming it when it cannot be read. */
export function readTextFile(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new FileValidationError([{ file, line: 1, column: 1, field: "", message: code === "ENOENT" ? "no such file" : `cannot read: ${String(err)}` }]);
  }
}

export function loadTopologyFile(file: string): ParsedFile<Topology> {
  return parseTopology(readTextFile(file), file);
}

export function loadScenarioFile(file: string): ParsedFile<Scenario> {
  return parseScenario(readTextFile(file), file);
}

/** A topology a scenario names by path (relative to the scenario's folder) or holds inline. */
export function scenarioTopology(scenarioFile: string, topology: string | Topology): ParsedFile<Topology> | Topology {
  return typeof topology === "string" ? loadTopologyFile(resolve(dirname(scenarioFile), topology)) : topology;
}
