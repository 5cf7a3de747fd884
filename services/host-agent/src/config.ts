import { join } from "node:path";
import { NATS_FLAGS_USAGE, UsageError, parseServiceArgs, type NatsFlags } from "@vdsim/runtime";

/** One simulated ESXi host the process runs, with the folder of its snapshot. */
export interface HostIdentity {
  /** the host's name, e.g. esx-01: the same on every restart and on any machine */
  readonly host: string;
  /** where the agent keeps its snapshot; none means it replays the log from sequence 1 on start */
  readonly dataDir?: string;
}

export interface HostAgentConfig {
  readonly nats: NatsFlags;
  /** the hosts this process runs (one by default; a rack of several shares the process's NATS connection and log read) */
  readonly hosts: readonly HostIdentity[];
  readonly pnics: readonly string[];
}

/** More simulated hosts in one process than this is a typo, not a rack. */
export const MAX_HOSTS_PER_PROCESS = 500;

const USAGE = `usage: host-agent [HOST] [--host NAME | --hosts LIST] [--pnics vmnic0,vmnic1,vmnic2,vmnic3] [--data-dir DIR | --data-root DIR] [NATS flags]
  HOST, --host NAME     the host's name (default $VDSIM_HOST, else derived from $VDSIM_POD_NAME: esx-0 -> esx-01)
  --hosts LIST          several hosts in this one process (a rack): names and ranges, e.g. esx-01..esx-50,esx-60
                        (default $VDSIM_HOSTS; with $VDSIM_HOSTS_PER_PROCESS=K, pod esx-N runs esx-(N*K+1)..esx-(N*K+K))
  --pnics LIST          physical NICs of every host (default $VDSIM_PNICS, else vmnic0..vmnic3, as a host with four ports)
  --data-dir DIR        the host's snapshot folder, one host only (default $VDSIM_HOST_DATA_DIR)
  --data-root DIR       a snapshot folder per host, DIR/<host> (default $VDSIM_HOSTS_DATA_ROOT)
${NATS_FLAGS_USAGE}`;

/**
 * A StatefulSet pod's name ends in its ordinal, from 0: pod esx-0 is host esx-01, as
 * `vdsim up` and the compose file name hosts. Undefined when the name has no ordinal.
 */
export function hostNameFromPod(pod: string): string | undefined {
  return podHosts(pod, 1)?.[0];
}

/** The hosts of pod `<prefix>-N` running `perPod` each: <prefix>-(N*perPod+1) .. <prefix>-(N*perPod+perPod). */
function podHosts(pod: string, perPod: number): string[] | undefined {
  const m = /^(.+)-(\d+)$/.exec(pod.trim());
  if (!m) return undefined;
  const first = Number(m[2]) * perPod + 1;
  return Array.from({ length: perPod }, (_, i) => `${m[1]}-${String(first + i).padStart(2, "0")}`);
}

/**
 * Host names from a list of names and ranges: `esx-01..esx-04,esx-09` is esx-01, esx-02,
 * esx-03, esx-04, esx-09. A range keeps its first name's prefix and zero padding.
 */
export function parseHostList(list: string): string[] {
  const hosts: string[] = [];
  for (const item of list.split(",").map((s) => s.trim()).filter((s) => s !== "")) {
    const range = /^(.*?)(\d+)\.\.(.*?)(\d+)$/.exec(item);
    if (!range) {
      hosts.push(item);
      continue;
    }
    const [, prefix, from, toPrefix, to] = range as unknown as [string, string, string, string, string];
    if (toPrefix !== "" && toPrefix !== prefix) throw new UsageError(`host range "${item}" mixes the prefixes "${prefix}" and "${toPrefix}"`);
    const [a, b] = [Number(from), Number(to)];
    if (b < a) throw new UsageError(`host range "${item}" ends before it starts`);
    if (b - a + 1 > MAX_HOSTS_PER_PROCESS) throw new UsageError(`host range "${item}" names ${b - a + 1} hosts: at most ${MAX_HOSTS_PER_PROCESS} per process`);
    for (let n = a; n <= b; n++) hosts.push(`${prefix}${String(n).padStart(from.length, "0")}`);
  }
  return hosts;
}

/** The host agent's settings from its command line, then its environment. */
export function hostAgentConfig(argv: readonly string[], env: NodeJS.ProcessEnv): HostAgentConfig {
  const args = parseServiceArgs(argv, ["host", "hosts", "pnics", "data-dir", "data-root"], USAGE);
  if (args.positionals.length > 1) throw new UsageError(`unexpected argument ${args.positionals[1]}\n${USAGE}`);
  const names = hostNames(args.flags, args.positionals[0], env);
  const dupe = names.find((h, i) => names.indexOf(h) !== i);
  if (dupe !== undefined) throw new UsageError(`host "${dupe}" is named twice\n${USAGE}`);
  if (names.length > MAX_HOSTS_PER_PROCESS) throw new UsageError(`${names.length} hosts in one process: at most ${MAX_HOSTS_PER_PROCESS}\n${USAGE}`);
  const bad = names.find((h) => !/^[A-Za-z0-9_-]+$/.test(h));
  if (bad !== undefined) throw new UsageError(`invalid host name "${bad}": letters, digits, - and _ only\n${USAGE}`);
  const pnics = (args.flags.pnics ?? env.VDSIM_PNICS ?? "vmnic0,vmnic1,vmnic2,vmnic3").split(",").map((s) => s.trim()).filter((s) => s !== "");
  const dataDir = args.flags["data-dir"] ?? (args.flags["data-root"] === undefined ? env.VDSIM_HOST_DATA_DIR : undefined);
  const dataRoot = args.flags["data-root"] ?? (args.flags["data-dir"] === undefined ? env.VDSIM_HOSTS_DATA_ROOT : undefined);
  if (dataDir !== undefined && dataRoot !== undefined) throw new UsageError(`--data-dir and --data-root: give one\n${USAGE}`);
  if (dataDir !== undefined && names.length > 1) {
    throw new UsageError(`--data-dir is one host's folder, and this process runs ${names.length} hosts: use --data-root DIR (a folder per host)\n${USAGE}`);
  }
  const hosts = names.map((host): HostIdentity => {
    const dir = dataDir ?? (dataRoot === undefined ? undefined : join(dataRoot, host));
    return { host, ...(dir === undefined ? {} : { dataDir: dir }) };
  });
  return { nats: args.nats, hosts, pnics };
}

function hostNames(flags: Readonly<Record<string, string | undefined>>, positional: string | undefined, env: NodeJS.ProcessEnv): string[] {
  const one = flags.host ?? positional;
  if (one !== undefined && flags.hosts !== undefined) throw new UsageError(`a host name and --hosts: give one\n${USAGE}`);
  if (one !== undefined) return [one];
  if (flags.hosts !== undefined) return nonEmpty(parseHostList(flags.hosts), "--hosts");
  if (env.VDSIM_HOST) return [env.VDSIM_HOST];
  if (env.VDSIM_HOSTS) return nonEmpty(parseHostList(env.VDSIM_HOSTS), "VDSIM_HOSTS");
  const pod = env.VDSIM_POD_NAME;
  if (pod === undefined) throw new UsageError(`no host name given\n${USAGE}`);
  const perPod = env.VDSIM_HOSTS_PER_PROCESS === undefined ? 1 : Number(env.VDSIM_HOSTS_PER_PROCESS);
  if (!Number.isInteger(perPod) || perPod < 1 || perPod > MAX_HOSTS_PER_PROCESS) {
    throw new UsageError(`invalid VDSIM_HOSTS_PER_PROCESS "${env.VDSIM_HOSTS_PER_PROCESS}": expected 1-${MAX_HOSTS_PER_PROCESS}\n${USAGE}`);
  }
  const hosts = podHosts(pod, perPod);
  if (hosts === undefined) throw new UsageError(`pod name "${pod}" ends in no ordinal\n${USAGE}`);
  return hosts;
}

function nonEmpty(hosts: string[], where: string): string[] {
  if (hosts.length === 0) throw new UsageError(`${where} names no host\n${USAGE}`);
  return hosts;
}
