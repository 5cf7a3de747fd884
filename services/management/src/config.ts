import { NATS_FLAGS_USAGE, UsageError, parseServiceArgs, type NatsFlags } from "@vdsim/runtime";

export interface ManagementConfig {
  readonly nats: NatsFlags;
  /** JetStream replicas of the event stream when this service creates it (3 on a NATS cluster) */
  readonly replicas?: number;
}

const USAGE = `usage: management [--replicas N] [NATS flags]
  --replicas N          JetStream replicas of the event stream when it is created, 1-5 (default $VDSIM_REPLICAS, else 1)
${NATS_FLAGS_USAGE}`;

/** The management service's settings from its command line, then its environment. */
export function managementConfig(argv: readonly string[], env: NodeJS.ProcessEnv): ManagementConfig {
  const args = parseServiceArgs(argv, ["replicas"], USAGE);
  if (args.positionals.length > 0) throw new UsageError(`unexpected argument ${args.positionals[0]}\n${USAGE}`);
  const raw = args.flags.replicas ?? env.VDSIM_REPLICAS;
  if (raw === undefined || raw.trim() === "") return { nats: args.nats };
  const replicas = Number(raw);
  if (!Number.isInteger(replicas) || replicas < 1 || replicas > 5) throw new UsageError(`invalid replicas "${raw}": expected 1-5\n${USAGE}`);
  return { nats: args.nats, replicas };
}
