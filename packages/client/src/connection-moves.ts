import type { NatsConnection } from "@nats-io/transport-node";

/** A request abandoned because the NATS cluster changed under it while it was out. */
export class ConnectionMoved extends Error {
  override readonly name = "ConnectionMoved";
}

/**
 * Watches a connection for reconnects and cluster updates. A request can be lost without a word
 * when a node dies as it is sent: written to the dying node's socket, or routed by a surviving
 * node to the dead one before the route's loss was noticed. Either way it would only time out.
 * Raced through `untilMoved`, it fails with ConnectionMoved as soon as this client reconnects
 * or the server tells it the cluster changed, so it can be sent again (management commands
 * carry their id, so a second copy is recorded once).
 */
export class ConnectionMoves {
  readonly #listeners = new Set<() => void>();

  constructor(nc: NatsConnection) {
    void (async () => {
      for await (const s of nc.status()) {
        if (s.type === "reconnect" || s.type === "update") for (const listener of [...this.#listeners]) listener();
      }
    })();
  }

  untilMoved<T>(send: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const moved = (): void => reject(new ConnectionMoved("the NATS cluster changed while the request was out"));
      this.#listeners.add(moved);
      send()
        .then(resolve, reject)
        .finally(() => this.#listeners.delete(moved));
    });
  }
}
