import { parseArgs } from "node:util";
import type { NatsConnectOptions } from "./connect.js";

/** Where a service process connects: flags first, then NATS_URL, NATS_CREDS and NATS_CA. */
export type NatsFlags = Pick<NatsConnectOptions, "servers" | "credsFile" | "caFile">;

export interface ServiceArgs {
  readonly nats: NatsFlags;
  /** the service's own flags, by long name */
  readonly flags: Readonly<Record<string, string | undefined>>;
  readonly positionals: readonly string[];
}

const NATS_FLAGS = {
  nats: { type: "string" },
  "nats-creds": { type: "string" },
  "nats-ca": { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

export const NATS_FLAGS_USAGE = [
  "  --nats URL[,URL...]   NATS servers, every node of a cluster (default $NATS_URL)",
  "  --nats-creds FILE     NATS credentials file (default $NATS_CREDS)",
  "  --nats-ca FILE        CA certificate for TLS to NATS (default $NATS_CA)",
].join("\n");

/** Thrown for a bad command line: the message is the usage to print, the process exits 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/**
 * Parses a service's command line: the NATS flags every process takes plus its own string
 * flags. `--help` and unknown flags throw UsageError carrying `usage`.
 */
export function parseServiceArgs(argv: readonly string[], own: readonly string[], usage: string): ServiceArgs {
  const options: Record<string, { type: "string" } | { type: "boolean"; short?: string }> = { ...NATS_FLAGS };
  for (const name of own) options[name] = { type: "string" };
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError(`${err instanceof Error ? err.message : String(err)}\n${usage}`);
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  if (values.help === true) throw new UsageError(usage);
  const text = (name: string): string | undefined => {
    const v = values[name];
    return typeof v === "string" ? v : undefined;
  };
  const nats: { servers?: string; credsFile?: string; caFile?: string } = {};
  const servers = text("nats");
  const creds = text("nats-creds");
  const ca = text("nats-ca");
  if (servers !== undefined) nats.servers = servers;
  if (creds !== undefined) nats.credsFile = creds;
  if (ca !== undefined) nats.caFile = ca;
  return { nats, flags: Object.fromEntries(own.map((name) => [name, text(name)])), positionals: parsed.positionals };
}
