import { loadScenarioFile } from "@vdsim/topology";
import { startCluster, type StartClusterOptions } from "@vdsim/cluster";
import { runScenario, type RunScenarioOptions, type ScenarioReport } from "./run.js";
import type { ScenarioCluster } from "./steps.js";

export interface RunScenarioFileOptions extends RunScenarioOptions {
  /** run on this cluster; default: a fresh cluster of the scenario's hosts, stopped afterwards */
  readonly cluster?: ScenarioCluster;
  /** how the fresh cluster is started (its hosts come from the scenario) */
  readonly start?: Omit<StartClusterOptions, "hosts">;
  /** hears that the fresh cluster is being started, and where */
  readonly onCluster?: (hosts: number) => void;
}

/**
 * Loads a scenario file (FileValidationError naming file, line and field when it is bad: nothing
 * is started then), runs it on a fresh cluster of its hosts or on the one given, and reports.
 */
export async function runScenarioFile(file: string, options: RunScenarioFileOptions = {}): Promise<ScenarioReport> {
  const parsed = loadScenarioFile(file);
  if (options.cluster) return runScenario(parsed, options.cluster, options);
  options.onCluster?.(parsed.value.hosts);
  await using cluster = await startCluster({ ...options.start, hosts: parsed.value.hosts });
  // awaited here, so the cluster is disposed after the run, not as it starts
  return await runScenario(parsed, cluster, options);
}
