import { NATS_FLAGS_USAGE, UsageError, parseServiceArgs, type NatsFlags } from "@vdsim/runtime";

export interface HostAgentConfig {
  readonly nats: NatsFlags;
  /** the simulated ESXi host's name, e.g. esx-01: the same on every restart and on any machine */
  readonly host: string;
  readonly pnics: readonly string[];
  /** where the agent keeps its snapshot; none means it replays the log from sequence 1 on start */
  readonly dataDir?: string;
}

const USAGE = `usage: host-agent [HOST] [--host NAME] [--pnics vmnic0,vmnic1,vmnic2,vmnic3] [--data-dir DIR] [NATS flags]
  HOST, --host NAME     the host's name (default $VDSIM_HOST, else derived from $VDSIM_POD_NAME: esx-0 -> esx-01)
  --pnics LIST          physical NICs (default $VDSIM_PNICS, else vmnic0..vmnic3, as a host with four ports)
  --data-dir DIR        snapshot folder (default $VDSIM_HOST_DATA_DIR)
${NATS_FLAGS_USAGE}`;

/**
 * A StatefulSet pod's name ends in its ordinal, from 0: pod esx-0 is host esx-01, as
 * `vdsim up` and the compose file name hosts. Undefined when the name has no ordinal.
 */
export function hostNameFromPod(pod: string): string | undefined {
  const m = /^(.+)-(\d+)$/.exec(pod.trim());
  if (!m) return undefined;
  return `${m[1]}-${String(Number(m[2]) + 1).padStart(2, "0")}`;
}

/** The host agent's settings from its command line, then its environment. */
export function hostAgentConfig(argv: readonly string[], env: NodeJS.ProcessEnv): HostAgentConfig {
  const args = parseServiceArgs(argv, ["host", "pnics", "data-dir"], USAGE);
  if (args.positionals.length > 1) throw new UsageError(`unexpected argument ${args.positionals[1]}\n${USAGE}`);
  const pod = env.VDSIM_POD_NAME;
  const host = args.flags.host ?? args.positionals[0] ?? env.VDSIM_HOST ?? (pod ? hostNameFromPod(pod) : undefined);
  if (!host) {
    const why = pod ? `pod name "${pod}" ends in no ordinal` : "no host name given";
    throw new UsageError(`${why}\n${USAGE}`);
  }
  const pnics = (args.flags.pnics ?? env.VDSIM_PNICS ?? "vmnic0,vmnic1,vmnic2,vmnic3").split(",").map((s) => s.trim()).filter((s) => s !== "");
  const dataDir = args.flags["data-dir"] ?? env.VDSIM_HOST_DATA_DIR;
  return { nats: args.nats, host, pnics, ...(dataDir ? { dataDir } : {}) };
}
