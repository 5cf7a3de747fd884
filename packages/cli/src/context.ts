import { AuthorizationError } from "@nats-io/transport-node";
import type { VdsimClient } from "@vdsim/client";
import { ClusterNotFoundError, connectTo, locateCluster, type LocatedCluster } from "@vdsim/cluster";

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

export type CliContext = LocatedCluster;

/** --nats, else the cluster recorded in the state dir, else NATS_URL. */
export function resolveContext(opts: GlobalOptions): CliContext {
  try {
    return locateCluster(opts);
  } catch (err) {
    if (err instanceof ClusterNotFoundError) throw new UserError(err.message);
    throw err;
  }
}

export async function withClient<T>(opts: GlobalOptions, fn: (client: VdsimClient, ctx: CliContext) => Promise<T>): Promise<T> {
  const ctx = resolveContext(opts);
  let client: VdsimClient;
  try {
    client = await connectTo(ctx, "vdsim-cli");
  } catch (err) {
    if (err instanceof AuthorizationError) {
      const creds = ctx.credsFile ?? process.env.NATS_CREDS;
      throw new UserError(
        `NATS at ${ctx.natsUrl} refused ${creds ? `the credentials in ${creds}` : "a connection without credentials"} (${err.message}): pass --nats-creds FILE or set NATS_CREDS`,
      );
    }
    throw new UserError(`cannot reach NATS at ${ctx.natsUrl} (${err instanceof Error ? err.message : String(err)}); is the cluster up? ("vdsim status", "vdsim up")`);
  }
  try {
    return await fn(client, ctx);
  } finally {
    await client.close();
  }
}
