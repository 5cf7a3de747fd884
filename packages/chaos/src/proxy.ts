import { createConnection, createServer, type Server, type Socket } from "node:net";

/**
 * A fault-injecting TCP proxy between one host agent and NATS: one loopback listener per NATS
 * server. `cut()` drops every connection and refuses new ones until `heal()`; the agent sees
 * its server vanish, as on a partitioned network, and keeps trying to reconnect.
 */
export class NatsProxy implements AsyncDisposable {
  readonly #servers: Server[] = [];
  readonly #sockets = new Set<Socket>();
  #cut = false;
  /** the agent's NATS URLs, comma-separated (one per upstream server) */
  url = "";

  private constructor(readonly name: string) {}

  /** Listens on a free loopback port for each URL of `natsUrl` (comma-separated). */
  static async start(name: string, natsUrl: string): Promise<NatsProxy> {
    const proxy = new NatsProxy(name);
    try {
      const urls: string[] = [];
      for (const upstream of natsUrl.split(",").map((u) => u.trim()).filter((u) => u !== "")) {
        urls.push(await proxy.#listen(upstream));
      }
      proxy.url = urls.join(",");
      return proxy;
    } catch (err) {
      await proxy.close();
      throw err;
    }
  }

  get isCut(): boolean {
    return this.#cut;
  }

  /** Drops every connection through the proxy and refuses new ones. */
  cut(): void {
    this.#cut = true;
    for (const s of this.#sockets) s.destroy();
    this.#sockets.clear();
  }

  heal(): void {
    this.#cut = false;
  }

  async close(): Promise<void> {
    this.cut();
    await Promise.all(this.#servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
    this.#servers.length = 0;
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  async #listen(upstream: string): Promise<string> {
    const { hostname, port } = new URL(upstream);
    const server = createServer((client) => this.#accept(client, hostname, Number(port)));
    this.#servers.push(server);
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => resolve());
    });
    const address = server.address();
    if (address === null || typeof address === "string") throw new Error(`proxy ${this.name} bound no TCP port`);
    return `nats://127.0.0.1:${address.port}`;
  }

  #accept(client: Socket, host: string, port: number): void {
    if (this.#cut) {
      client.destroy();
      return;
    }
    const server = createConnection({ host, port });
    const pair = [client, server];
    for (const s of pair) {
      this.#sockets.add(s);
      s.setNoDelay(true);
      s.on("error", () => undefined);
      s.on("close", () => {
        this.#sockets.delete(s);
        for (const other of pair) other.destroy();
      });
    }
    client.pipe(server);
    server.pipe(client);
  }
}

/** One proxy per host agent, started as the launcher asks for each host's NATS URL. */
export class NatsProxies implements AsyncDisposable {
  readonly #proxies = new Map<string, NatsProxy>();

  /** what `startCluster({ hostNats })` calls: the URL the host's agent connects to */
  readonly urlFor = async (host: string, natsUrl: string): Promise<string> => {
    const proxy = await NatsProxy.start(host, natsUrl);
    this.#proxies.set(host, proxy);
    return proxy.url;
  };

  has(host: string): boolean {
    return this.#proxies.has(host);
  }

  get(host: string): NatsProxy {
    const p = this.#proxies.get(host);
    if (!p) throw new Error(`host ${host} does not reach NATS through a chaos proxy`);
    return p;
  }

  healAll(): void {
    for (const p of this.#proxies.values()) p.heal();
  }

  async close(): Promise<void> {
    await Promise.all([...this.#proxies.values()].map((p) => p.close()));
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}
