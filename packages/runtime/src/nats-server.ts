import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, openSync, readFileSync, readdirSync, rmSync, writeFileSync, closeSync } from "node:fs";
import { join } from "node:path";
import { authorizationConfig, type NatsUser } from "./nats-roles.js";
import { WaitAborted, isAlive, stopProcess, waitFor } from "./process.js";

export interface NatsServerOptions {
  /** working directory: config, ports file and JetStream store live here */
  readonly dir: string;
  /** server name, also used for the JetStream store folder */
  readonly name?: string;
  /** outlive the process that starts it (vdsim up); default false (tests) */
  readonly detached?: boolean;
  /** where the server's own log goes; default <dir>/nats-server.log */
  readonly logFile?: string;
  /** client port; default a free one chosen by the server */
  readonly port?: number;
  /** join a cluster: this node's route port and the other nodes' route URLs */
  readonly cluster?: { readonly name: string; readonly port: number; readonly routes: readonly string[] };
  /** accept only these nkeys users, each with its role's permissions (see nats-roles); default: anyone, allowed everything */
  readonly users?: readonly NatsUser[];
}

export interface NatsServerHandle extends AsyncDisposable {
  readonly name: string;
  readonly url: string;
  readonly pid: number;
  stop(): Promise<void>;
}

/** The nats-server binary: NATS_SERVER_BIN, else `nats-server` on PATH (Debian's package). */
export function natsServerBinary(): string {
  return process.env.NATS_SERVER_BIN ?? "nats-server";
}

/**
 * Starts nats-server with JetStream on 127.0.0.1, on a free port the server picks itself,
 * and resolves with its client URL once the server has written its ports file.
 */
export async function startNatsServer(options: NatsServerOptions): Promise<NatsServerHandle> {
  const name = options.name ?? "vdsim-nats";
  mkdirSync(options.dir, { recursive: true });
  const portsDir = join(options.dir, "ports", name);
  rmSync(portsDir, { recursive: true, force: true });
  mkdirSync(portsDir, { recursive: true });
  const config = join(options.dir, `${name}.conf`);
  writeFileSync(config, natsConfig(options, name, portsDir));
  const log = openSync(options.logFile ?? join(options.dir, `${name}.log`), "a");
  const child = spawn(natsServerBinary(), ["-c", config], {
    detached: options.detached ?? false,
    stdio: ["ignore", log, log],
  });
  closeSync(log);
  const spawnError = new Promise<never>((_, reject) =>
    child.once("error", (err) =>
      reject(
        (err as NodeJS.ErrnoException).code === "ENOENT"
          ? new Error(`${natsServerBinary()} not found on PATH: install it (apt-get install nats-server) or pass --nats URL`)
          : err,
      ),
    ),
  );
  spawnError.catch(() => undefined);
  if (options.detached) child.unref();
  const pid = child.pid;
  if (pid === undefined) return spawnError;
  const url = await Promise.race([
    spawnError,
    waitFor(`nats-server ${name} to listen (log: ${options.logFile ?? join(options.dir, `${name}.log`)})`, () => {
      if (!isAlive(pid)) throw new WaitAborted(`nats-server ${name} exited; see its log in ${options.dir}`);
      return readClientUrl(portsDir);
    }),
  ]);
  const stop = (): Promise<void> => stopProcess(pid, "SIGTERM");
  return { name, url, pid, stop, [Symbol.asyncDispose]: stop };
}

function natsConfig(options: NatsServerOptions, name: string, portsDir: string): string {
  const lines = [
    `server_name: ${JSON.stringify(name)}`,
    `host: 127.0.0.1`,
    `port: ${options.port ?? -1}`,
    `ports_file_dir: ${JSON.stringify(portsDir)}`,
    `jetstream {`,
    `  store_dir: ${JSON.stringify(join(options.dir, "jetstream", name))}`,
    // 2.10+ can fsync every write before the ack; Debian's 2.9 has no such setting.
    ...(supportsSyncAlways() ? [`  sync_interval: always`] : []),
    `}`,
  ];
  const users = options.users === undefined ? "" : authorizationConfig(options.users);
  if (options.cluster) {
    lines.push(
      `cluster {`,
      `  name: ${JSON.stringify(options.cluster.name)}`,
      `  listen: 127.0.0.1:${options.cluster.port}`,
      `  routes: [${options.cluster.routes.map((r) => JSON.stringify(r)).join(", ")}]`,
      `}`,
    );
  }
  return lines.join("\n") + "\n" + users;
}

let syncAlways: boolean | undefined;

/** true when the nats-server binary is 2.10 or later (it knows `sync_interval: always`). */
export function supportsSyncAlways(): boolean {
  if (syncAlways === undefined) {
    try {
      const out = execFileSync(natsServerBinary(), ["--version"], { encoding: "utf8", timeout: 5_000 });
      const m = /v(\d+)\.(\d+)\./.exec(out);
      syncAlways = m !== null && (Number(m[1]) > 2 || (Number(m[1]) === 2 && Number(m[2]) >= 10));
    } catch {
      syncAlways = false;
    }
  }
  return syncAlways;
}

function readClientUrl(portsDir: string): string | undefined {
  const file = readdirSync(portsDir).find((f) => f.endsWith(".ports"));
  if (!file) return undefined;
  try {
    const ports = JSON.parse(readFileSync(join(portsDir, file), "utf8")) as { nats?: string[] };
    return ports.nats?.[0];
  } catch {
    return undefined;
  }
}
