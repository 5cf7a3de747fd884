import { NATS_FLAGS_USAGE, UsageError, parseServiceArgs, type NatsFlags } from "@vdsim/runtime";

export interface ManagementConfig {
  readonly nats: NatsFlags;
  /** JetStream replicas of the event stream when this service creates it (3 on a NATS cluster) */
  readonly replicas?: number;
  /** a snapshot of the state every this many events (0: only when asked); default DEFAULT_SNAPSHOT_EVERY */
  readonly snapshotEvery?: number;
}

/** Often enough that a restart folds at most this many events, rare enough to cost nothing measurable. */
export const DEFAULT_SNAPSHOT_EVERY = 1_000;
const MAX_SNAPSHOT_EVERY = 10_000_000;

const USAGE = `usage: management [--replicas N] [--snapshot-every N] [NATS flags]
  --replicas N          JetStream replicas of the event stream when it is created, 1-5 (default $VDSIM_REPLICAS, else 1)
  --snapshot-every N    write a snapshot of the state every N events, 0 for only when asked (default $VDSIM_SNAPSHOT_EVERY, else ${DEFAULT_SNAPSHOT_EVERY})
${NATS_FLAGS_USAGE}`;

/** The management service's settings from its command line, then its environment. */
export function managementConfig(argv: readonly string[], env: NodeJS.ProcessEnv): ManagementConfig {
  const args = parseServiceArgs(argv, ["replicas", "snapshot-every"], USAGE);
  if (args.positionals.length > 0) throw new UsageError(`unexpected argument ${args.positionals[0]}\n${USAGE}`);
  const replicas = integer(args.flags.replicas ?? env.VDSIM_REPLICAS, "replicas", 1, 5);
  const snapshotEvery = integer(args.flags["snapshot-every"] ?? env.VDSIM_SNAPSHOT_EVERY, "snapshot-every", 0, MAX_SNAPSHOT_EVERY);
  return { nats: args.nats, ...(replicas === undefined ? {} : { replicas }), ...(snapshotEvery === undefined ? {} : { snapshotEvery }) };
}

function integer(raw: string | undefined, name: string, min: number, max: number): number | undefined {
  if (raw === undefined || raw.trim() === "") return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`invalid ${name} "${raw}": expected ${min}-${max}\n${USAGE}`);
  return n;
}
