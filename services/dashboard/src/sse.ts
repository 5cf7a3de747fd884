import type { IncomingMessage, ServerResponse } from "node:http";
import type { DashboardMessage } from "@vdsim/protocol";

/** A page that falls this far behind (bytes not yet taken by its socket) is dropped; it reconnects and gets a snapshot. */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;
const KEEPALIVE_MS = 15_000;

/** One server-sent event carrying a message as JSON. */
export function sseFrame(message: DashboardMessage): string {
  return `event: ${message.kind}\ndata: ${JSON.stringify(message)}\n\n`;
}

/** The open /api/stream connections: every message goes to each of them. */
export class SseHub {
  readonly #clients = new Set<ServerResponse>();
  readonly #keepalive: NodeJS.Timeout;

  constructor(private readonly onDrop: (reason: string) => void = () => undefined) {
    this.#keepalive = setInterval(() => this.#writeAll(": keepalive\n\n"), KEEPALIVE_MS);
    this.#keepalive.unref();
  }

  get size(): number {
    return this.#clients.size;
  }

  /** Takes over a request as an event stream, first sending it `first` (a snapshot). */
  open(req: IncomingMessage, res: ServerResponse, first: DashboardMessage): void {
    res.writeHead(200, {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      connection: "keep-alive",
      "x-accel-buffering": "no",
    });
    res.socket?.setNoDelay(true);
    res.write("retry: 1000\n\n");
    res.write(sseFrame(first));
    this.#clients.add(res);
    const close = (): void => {
      this.#clients.delete(res);
    };
    req.on("close", close);
    res.on("error", close);
  }

  broadcast(messages: readonly DashboardMessage[]): void {
    if (messages.length === 0 || this.#clients.size === 0) return;
    this.#writeAll(messages.map(sseFrame).join(""));
  }

  #writeAll(chunk: string): void {
    for (const res of this.#clients) {
      if (res.writableLength > MAX_BUFFERED_BYTES) {
        this.#clients.delete(res);
        this.onDrop(`a page fell ${res.writableLength} bytes behind`);
        res.destroy();
        continue;
      }
      res.write(chunk);
    }
  }

  close(): void {
    clearInterval(this.#keepalive);
    for (const res of this.#clients) res.end();
    this.#clients.clear();
  }
}
