import { VdsimClient, readClusterRecord, resolveStateDir, type ClusterRecord } from "@vdsim/client";
import { natsServersFromEnv } from "@vdsim/runtime";

/** Options every command takes. */
export interface GlobalOptions {
  readonly stateDir?: string;
  readonly nats?: string;
  readonly natsCreds?: string;
  readonly natsCa?: string;
}

/** A failure the user caused or must act on: printed as "Error: ..." with exit code 1. */
export class UserError extends Error {
  override readonly name = "UserError";
}

export interface CliContext {
  readonly stateDir: string;
  readonly natsUrl: string;
  /** credentials file and TLS CA: the flags, else what `up` recorded, else NATS_CREDS / NATS_CA */
  readonly credsFile: string | undefined;
  readonly caFile: string | undefined;
  /** what `vdsim up` recorded in the state dir, when the cluster was started from it */
  readonly record: ClusterRecord | undefined;
}

/** --nats, else the cluster recorded in the state dir, else NATS_URL. */
export function resolveContext(opts: GlobalOptions): CliContext {
  const stateDir = resolveStateDir(opts.stateDir);
  const record = readClusterRecord(stateDir) ?? undefined;
  const natsUrl = opts.nats ?? record?.natsUrl ?? natsServersFromEnv()?.join(",");
  if (!natsUrl) {
    throw new UserError(`no running cluster found in ${stateDir}: run "vdsim up" first, or pass --nats URL`);
  }
  const credsFile = opts.natsCreds ?? record?.natsCreds;
  const caFile = opts.natsCa ?? record?.natsCa;
  return { stateDir, natsUrl, credsFile, caFile, record };
}

export async function withClient<T>(opts: GlobalOptions, fn: (client: VdsimClient, ctx: CliContext) => Promise<T>): Promise<T> {
  const ctx = resolveContext(opts);
  let client: VdsimClient;
  try {
    client = await VdsimClient.connect({
      servers: ctx.natsUrl,
      name: "vdsim-cli",
      ...(ctx.credsFile === undefined ? {} : { credsFile: ctx.credsFile }),
      ...(ctx.caFile === undefined ? {} : { caFile: ctx.caFile }),
    });
  } catch (err) {
    throw new UserError(`cannot reach NATS at ${ctx.natsUrl} (${err instanceof Error ? err.message : String(err)}); is the cluster up? ("vdsim status", "vdsim up")`);
  }
  try {
    return await fn(client, ctx);
  } finally {
    await client.close();
  }
}
