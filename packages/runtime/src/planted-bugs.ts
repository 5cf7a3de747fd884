/**
 * Bugs planted on purpose, FOR TESTS ONLY, so the consistency checker's tests can show that
 * `vdsim check` catches each. The test harness asks for them (`startCluster({ plantedBugs })`,
 * `vdsim up --plant-bug`) and starts the services' test-only entries, which wrap the production
 * classes in a misbehaving store or network; nothing in a service's environment plants one.
 *
 *   skip-source-release[@HOST]       host agent: after a vMotion away, the VM's ports stay in the data plane
 *   drop-applied-event:EVENT[@HOST]  host agent: the first EVENT is counted as applied but not applied
 *   ack-without-append:EVENT         management: the first append of an EVENT is acknowledged, never made
 *   record-twice:EVENT               management: the first EVENT appended is appended again, under an id no one sent
 *
 * `@HOST` limits a host agent's bug to that host; without it every host agent has it.
 */
export type PlantedBug =
  | { readonly kind: "skip-source-release"; readonly host?: string }
  | { readonly kind: "drop-applied-event"; readonly event: string; readonly host?: string }
  | { readonly kind: "ack-without-append"; readonly event: string }
  | { readonly kind: "record-twice"; readonly event: string };

/** A planted-bug spec that does not parse: the message names it and what is expected. */
export class PlantedBugSpecError extends Error {
  override readonly name = "PlantedBugSpecError";
}

export const PLANT_BUG_FLAG = "--plant-bug";

const EXPECTED = "expected skip-source-release[@HOST], drop-applied-event:EVENT[@HOST], ack-without-append:EVENT or record-twice:EVENT";

/**
 * Parses specs, each one bug or a comma-separated list. With `eventTypes`, an EVENT must be one
 * of them (a misspelt type would plant a bug that never bites).
 */
export function parsePlantedBugs(specs: readonly string[], eventTypes?: readonly string[]): PlantedBug[] {
  const items = specs.flatMap((s) => s.split(",")).map((s) => s.trim()).filter((s) => s !== "");
  return items.map((item) => {
    const bug = parseOne(item);
    if (bug === undefined) throw new PlantedBugSpecError(`unknown planted bug "${item}" (${EXPECTED})`);
    if (eventTypes && "event" in bug && !eventTypes.includes(bug.event)) {
      throw new PlantedBugSpecError(`planted bug "${item}" names no event type: "${bug.event}" is not one`);
    }
    return bug;
  });
}

function parseOne(item: string): PlantedBug | undefined {
  const [spec, host, extra] = item.split("@") as [string, string | undefined, string | undefined];
  const [kind, event, rest] = spec.split(":") as [string, string | undefined, string | undefined];
  if (extra !== undefined || rest !== undefined || host === "" || event === "") return undefined;
  const on = host === undefined ? {} : { host };
  if (kind === "skip-source-release" && event === undefined) return { kind, ...on };
  if (kind === "drop-applied-event" && event !== undefined) return { kind, event, ...on };
  if ((kind === "ack-without-append" || kind === "record-twice") && event !== undefined && host === undefined) return { kind, event };
  return undefined;
}

/** The spec a bug parses from. */
export function formatPlantedBug(bug: PlantedBug): string {
  const event = "event" in bug ? `:${bug.event}` : "";
  const host = "host" in bug && bug.host !== undefined ? `@${bug.host}` : "";
  return `${bug.kind}${event}${host}`;
}

/** The bugs one process plants: the management service's, or those of host `host`. */
export function plantedBugsOf(bugs: readonly PlantedBug[], process: "management" | { readonly host: string }): PlantedBug[] {
  return bugs.filter((bug) => {
    const forHosts = bug.kind === "skip-source-release" || bug.kind === "drop-applied-event";
    if (process === "management") return !forHosts;
    return forHosts && (bug.host === undefined || bug.host === process.host);
  });
}

/** The line a cluster with planted bugs starts its output with (and `vdsim status` shows). */
export function plantedBugsWarning(specs: readonly string[]): string {
  return `WARNING: planted bugs (tests only): ${specs.join(", ")}`;
}

/** The command line that hands bugs to a service's test-only entry. */
export function plantBugArgs(bugs: readonly PlantedBug[]): string[] {
  return bugs.flatMap((bug) => [PLANT_BUG_FLAG, formatPlantedBug(bug)]);
}

/** Splits a test-only entry's command line into the bugs it plants and the service's own arguments. */
export function takePlantBugArgs(argv: readonly string[]): { specs: string[]; rest: string[] } {
  const specs: string[] = [];
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === PLANT_BUG_FLAG && i + 1 < argv.length) specs.push(argv[++i]!);
    else if (arg.startsWith(`${PLANT_BUG_FLAG}=`)) specs.push(arg.slice(PLANT_BUG_FLAG.length + 1));
    else rest.push(arg);
  }
  return { specs, rest };
}
