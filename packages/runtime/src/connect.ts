import { connect, type NatsConnection } from "@nats-io/transport-node";
import { readCredentials } from "./nats-credentials.js";
import { recordNatsRole, watchPermissionViolations, type PermissionDeniedError } from "./permission-denied.js";

export interface NatsConnectOptions {
  /** server URLs (a string may list several, comma-separated); default NATS_URL */
  readonly servers?: string | readonly string[];
  /** connection name shown by the server */
  readonly name: string;
  /** credentials file, a `.creds` (JWT) or an nkey seed file (`.nk`), told apart by content; default NATS_CREDS */
  readonly credsFile?: string;
  /** CA certificate file for TLS; default NATS_CA */
  readonly caFile?: string;
  /** keep trying to connect when no server answers yet (processes started before NATS) */
  readonly waitOnFirstConnect?: boolean;
  /** give up after this many reconnect attempts; default never for services */
  readonly maxReconnectAttempts?: number;
  readonly timeoutMs?: number;
  /**
   * use only the given servers, not those the cluster advertises (a process that must reach NATS
   * through a proxy); default VDSIM_NATS_IGNORE_DISCOVERED=1
   */
  readonly ignoreDiscovered?: boolean;
  /**
   * a publish or subscription the server refused that no caller was told of (a request's caller
   * is: see permissionDenied); default: a line on stderr
   */
  readonly onPermissionDenied?: (err: PermissionDeniedError) => void;
}

export function natsServersFromEnv(env: NodeJS.ProcessEnv = process.env): string[] | undefined {
  const url = env.NATS_URL?.trim();
  return url ? splitServers(url) : undefined;
}

/** "nats://a:4222, nats://b:4222" -> ["nats://a:4222", "nats://b:4222"] */
export function splitServers(servers: string | readonly string[]): string[] {
  const list = typeof servers === "string" ? [servers] : servers;
  return list.flatMap((s) => s.split(",")).map((s) => s.trim()).filter((s) => s !== "");
}

/** Connects with the servers, credentials and TLS settings from options, else from the environment. */
export async function connectNats(options: NatsConnectOptions): Promise<NatsConnection> {
  const servers = options.servers === undefined ? natsServersFromEnv() : splitServers(options.servers);
  if (!servers || servers.length === 0) throw new Error("no NATS server given: pass --nats URL or set NATS_URL");
  const creds = options.credsFile ?? process.env.NATS_CREDS;
  const ca = options.caFile ?? process.env.NATS_CA;
  const credentials = creds ? readCredentials(creds) : undefined;
  const nc = await connect({
    servers,
    name: options.name,
    waitOnFirstConnect: options.waitOnFirstConnect ?? false,
    maxReconnectAttempts: options.maxReconnectAttempts ?? -1,
    reconnectTimeWait: 250,
    timeout: options.timeoutMs ?? 5_000,
    ignoreClusterUpdates: options.ignoreDiscovered ?? process.env.VDSIM_NATS_IGNORE_DISCOVERED === "1",
    ...(credentials ? { authenticator: credentials.authenticator } : {}),
    ...(ca ? { tls: { caFile: ca } } : {}),
  });
  if (credentials) recordNatsRole(nc, credentials.role);
  watchPermissionViolations(nc, options.onPermissionDenied ?? ((err) => console.error(`${options.name}: ${err.message}`)));
  return nc;
}
