import { createServer, type Server } from "node:net";
import { startNatsServer, type NatsServerHandle } from "./nats-server.js";
import type { NatsUser } from "./nats-roles.js";

export interface NatsClusterOptions {
  /** working directory: each node keeps its config, ports file and JetStream store here */
  readonly dir: string;
  /** number of nodes; a JetStream cluster needs at least 3 to survive losing one */
  readonly nodes: number;
  /** cluster name; node names are `<prefix>-1` .. `<prefix>-N` */
  readonly name?: string;
  readonly prefix?: string;
  /** outlive the process that starts them (vdsim up); default false (tests) */
  readonly detached?: boolean;
  /** where each node's own log goes; default <dir>/<node>.log */
  readonly logFile?: (node: string) => string;
  /** how many times to start over with new route ports when one was taken meanwhile; default 3 */
  readonly attempts?: number;
  /** every node accepts only these users, each with its role's permissions; default anyone (see NatsServerOptions.users) */
  readonly users?: readonly NatsUser[];
}

export interface NatsClusterHandle extends AsyncDisposable {
  /** every node's client URL, in node order */
  readonly urls: readonly string[];
  readonly nodes: readonly NatsServerHandle[];
  stop(): Promise<void>;
}

/**
 * Starts `nodes` nats-server processes with JetStream clustered on 127.0.0.1. Client ports are
 * picked by each server; route ports must be known to every node up front, so they are found
 * free by binding port 0, and the whole cluster starts over with new ones if a node could not
 * bind its route port (another process took it in between).
 */
export async function startNatsCluster(options: NatsClusterOptions): Promise<NatsClusterHandle> {
  if (!Number.isInteger(options.nodes) || options.nodes < 2) throw new Error(`a NATS cluster needs at least 2 nodes, not ${options.nodes}`);
  const attempts = options.attempts ?? 3;
  let lastError: unknown;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const routePorts = await freePorts(options.nodes);
    try {
      return await startNodes(options, routePorts);
    } catch (err) {
      lastError = err;
    }
  }
  throw new Error(`could not start a ${options.nodes}-node NATS cluster in ${attempts} attempts`, { cause: lastError });
}

async function startNodes(options: NatsClusterOptions, routePorts: readonly number[]): Promise<NatsClusterHandle> {
  const prefix = options.prefix ?? "vdsim-nats";
  const routes = routePorts.map((p) => `nats://127.0.0.1:${p}`);
  const starting = routePorts.map((port, i) => {
    const name = `${prefix}-${i + 1}`;
    return startNatsServer({
      dir: options.dir,
      name,
      detached: options.detached ?? false,
      ...(options.logFile ? { logFile: options.logFile(name) } : {}),
      cluster: { name: options.name ?? "vdsim", port, routes },
      ...(options.users === undefined ? {} : { users: options.users }),
    });
  });
  const settled = await Promise.allSettled(starting);
  const nodes = settled.flatMap((s) => (s.status === "fulfilled" ? [s.value] : []));
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === "rejected");
  if (failed) {
    await Promise.all(nodes.map((n) => n.stop()));
    throw failed.reason;
  }
  const stop = async (): Promise<void> => {
    await Promise.all(nodes.map((n) => n.stop()));
  };
  return { urls: nodes.map((n) => n.url), nodes, stop, [Symbol.asyncDispose]: stop };
}

/** `count` distinct ports that were free on 127.0.0.1 a moment ago (all bound at once, then released). */
export async function freePorts(count: number): Promise<number[]> {
  const servers: Server[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const server = createServer();
      servers.push(server);
      await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(0, "127.0.0.1", () => resolve());
      });
    }
    return servers.map((s) => {
      const address = s.address();
      if (address === null || typeof address === "string") throw new Error("no TCP port was bound");
      return address.port;
    });
  } finally {
    await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  }
}
