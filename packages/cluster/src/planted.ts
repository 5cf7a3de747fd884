import { PlantedBugSpecError, formatPlantedBug, parsePlantedBugs, plantedBugsOf, type PlantedBug } from "@vdsim/runtime";

/**
 * The bugs a test asked `up` to plant (tests only), as the cluster record keeps them: each spec
 * parsed and written back the one way, every host it names one the cluster starts.
 */
export function validPlantedBugs(specs: readonly string[], hosts: readonly string[]): string[] {
  let bugs: PlantedBug[];
  try {
    bugs = parsePlantedBugs(specs);
  } catch (err) {
    throw err instanceof PlantedBugSpecError ? new Error(`invalid --plant-bug: ${err.message}`) : err;
  }
  for (const bug of bugs) {
    if ("host" in bug && bug.host !== undefined && !hosts.includes(bug.host)) {
      throw new Error(`invalid --plant-bug ${formatPlantedBug(bug)}: ${bug.host} is not a host this cluster starts (${hosts.join(", ") || "none"})`);
    }
  }
  return bugs.map(formatPlantedBug);
}

/** The recorded bugs one process plants: the management service's, or a host agent's. */
export function plantedIn(specs: readonly string[] | undefined, process: "management" | { readonly host: string }): PlantedBug[] {
  return specs === undefined ? [] : plantedBugsOf(parsePlantedBugs(specs), process);
}
