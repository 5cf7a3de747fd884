import type { NemesisKind } from "@vdsim/checker";
import { hostName, validPlantedBugs } from "@vdsim/cluster";
import { parseDurationMs } from "@vdsim/runtime";

export const NEMESES: readonly NemesisKind[] = ["kill", "pause", "partition", "rack-kill", "mgmt-kill", "nats-kill", "corrupt"];
/** what `--nemesis` means when left out: every nemesis that needs no NATS cluster and leaves the log as its writers wrote it */
export const DEFAULT_NEMESES: readonly NemesisKind[] = ["kill", "pause", "partition", "mgmt-kill"];

/** A chaos run as the command line describes it, validated. */
export interface ChaosOptions {
  readonly hosts: number;
  /** simulated hosts per host-agent process of the cluster the run starts (racks); 1: a process per host */
  readonly hostsPerProcess: number;
  readonly durationMs: number;
  readonly seed: string;
  readonly nemeses: readonly NemesisKind[];
  /** workload operations per second */
  readonly rate: number;
  readonly out: string;
  /** use the cluster already running from this state dir instead of starting one */
  readonly attach?: string;
  /** FOR TESTS ONLY: bugs planted in the cluster the run starts (see @vdsim/runtime's planted-bugs) */
  readonly plantedBugs?: readonly string[];
  /** NATS credentials for the nemeses that talk to NATS themselves (corrupt); default the cluster record's */
  readonly natsCreds?: string;
}

/** Bad input to `vdsim chaos run`: the message names the flag and the value. */
export class ChaosUsageError extends Error {
  override readonly name = "ChaosUsageError";
}

export interface RawChaosOptions {
  readonly hosts?: string;
  readonly hostsPerProcess?: string;
  readonly duration?: string;
  readonly seed?: string;
  readonly nemesis?: string;
  readonly rate?: string;
  readonly out?: string;
  readonly attach?: string;
  readonly plantBug?: readonly string[];
}

export function parseChaosOptions(raw: RawChaosOptions, randomSeed: () => string): ChaosOptions {
  const hosts = parseHosts(raw.hosts ?? "4");
  const nemeses = parseNemeses(raw.nemesis);
  return {
    hosts,
    hostsPerProcess: parseHostsPerProcess(raw, hosts, nemeses),
    durationMs: parseDuration(raw.duration ?? "60s"),
    seed: parseSeed(raw.seed ?? randomSeed()),
    nemeses,
    rate: parseRate(raw.rate ?? "2"),
    out: raw.out ?? "chaos-out",
    ...(raw.attach === undefined ? {} : { attach: raw.attach }),
    ...plantedBugsOption(raw, hosts),
  };
}

function plantedBugsOption(raw: RawChaosOptions, hosts: number): { plantedBugs?: readonly string[] } {
  const specs = raw.plantBug ?? [];
  if (specs.length === 0) return {};
  if (raw.attach !== undefined) throw new ChaosUsageError("--plant-bug plants bugs in a cluster the run starts; an attached cluster has the bugs its `vdsim up` planted: leave --plant-bug out");
  try {
    return { plantedBugs: validPlantedBugs(specs, Array.from({ length: hosts }, (_, i) => hostName(i + 1))) };
  } catch (err) {
    throw new ChaosUsageError(err instanceof Error ? err.message : String(err));
  }
}

/** Racks of --hosts-per-process; rack-kill without it makes racks of two, since it kills a rack. */
function parseHostsPerProcess(raw: RawChaosOptions, hosts: number, nemeses: readonly NemesisKind[]): number {
  if (raw.hostsPerProcess === undefined) return nemeses.includes("rack-kill") && raw.attach === undefined ? 2 : 1;
  if (raw.attach !== undefined) throw new ChaosUsageError("--hosts-per-process shapes a cluster the run starts; --attach uses the racks of the running one: leave it out");
  const text = raw.hostsPerProcess;
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || n < 1 || n > hosts) throw new ChaosUsageError(`invalid --hosts-per-process ${text}: expected 1-${hosts} (the run's hosts)`);
  if (n === 1 && nemeses.includes("rack-kill")) throw new ChaosUsageError("rack-kill kills a process of several hosts: --hosts-per-process 1 runs none; give 2 or more");
  return n;
}

function parseHosts(text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || n < 2 || n > 16) {
    throw new ChaosUsageError(`invalid --hosts ${text}: expected 2-16 (migrations need two hosts)`);
  }
  return n;
}

/** "60s", "2m", "1500ms", or a number of seconds; 5 s to 1 h. */
export function parseDuration(text: string): number {
  const ms = parseDurationMs(text);
  if (ms === undefined) throw new ChaosUsageError(`invalid --duration ${text}: expected a time such as 30s, 2m or 1500ms`);
  if (ms < 5_000 || ms > 3_600_000) throw new ChaosUsageError(`invalid --duration ${text}: expected 5s to 1h`);
  return ms;
}

function parseSeed(text: string): string {
  if (!/^[\w.-]{1,64}$/.test(text)) throw new ChaosUsageError(`invalid --seed ${JSON.stringify(text)}: expected 1-64 letters, digits, '.', '_' or '-'`);
  return text;
}

/** "kill,pause" -> the nemeses, in the order NEMESES lists them; "none" -> none. */
export function parseNemeses(text: string | undefined): NemesisKind[] {
  if (text === undefined) return [...DEFAULT_NEMESES];
  const names = text.split(",").map((s) => s.trim()).filter((s) => s !== "");
  if (names.length === 1 && names[0] === "none") return [];
  if (names.length === 0) throw new ChaosUsageError(`invalid --nemesis "${text}": expected some of ${NEMESES.join(",")} (or none)`);
  const unknown = names.filter((n) => !(NEMESES as readonly string[]).includes(n));
  if (unknown.length > 0) {
    throw new ChaosUsageError(`unknown nemesis ${unknown.map((n) => `"${n}"`).join(", ")}: expected some of ${NEMESES.join(",")} (or none)`);
  }
  return NEMESES.filter((n) => names.includes(n));
}

function parseRate(text: string): number {
  const r = Number(text);
  if (text.trim() === "" || !Number.isFinite(r) || r <= 0 || r > 50) throw new ChaosUsageError(`invalid --rate ${text}: expected operations per second, above 0 and at most 50`);
  return r;
}
