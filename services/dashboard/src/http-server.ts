import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "@vdsim/runtime";
import type { DashboardMessage, DashboardSnapshot } from "@vdsim/protocol";
import type { ActionOutcome } from "./actions.js";
import type { SseHub } from "./sse.js";
import type { StaticFiles } from "./static-files.js";

const MAX_BODY_BYTES = 64 * 1024;
const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]", "::1"]);

/** What the HTTP layer serves; the service wires it to NATS, tests to fakes. */
export interface DashboardRoutes {
  snapshot(): DashboardSnapshot;
  health(): { readonly seq: number; readonly pages: number };
  action(name: string, body: unknown): Promise<ActionOutcome>;
}

export interface HttpOptions {
  readonly host: string;
  /** 0: any free port */
  readonly port: number;
}

/** The dashboard's HTTP server: the front end, /api/stream (server-sent events), /api/snapshot and the actions. */
export async function startHttpServer(
  routes: DashboardRoutes,
  hub: SseHub,
  files: StaticFiles,
  options: HttpOptions,
  log: Logger,
): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      log.error({ err, url: req.url }, "request failed");
      if (!res.headersSent) json(res, 500, { ok: false, error: { code: "INTERNAL", message: String(err) } });
      else res.destroy();
    });
  });
  const checkHost = LOOPBACK.has(options.host);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://dashboard.invalid");
    // a page on another site must not drive the cluster through a name that resolves to loopback
    if (checkHost && !LOOPBACK.has(hostnameOf(req.headers.host))) return json(res, 421, { ok: false, error: { code: "BAD_HOST", message: "unexpected Host header" } });
    if (url.pathname.startsWith("/api/")) return api(url.pathname.slice(5), req, res);
    if (req.method !== "GET" && req.method !== "HEAD") return json(res, 405, { ok: false, error: { code: "METHOD", message: "GET only" } });
    await files.serve(url.pathname, res);
  }

  async function api(path: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method === "GET") {
      if (path === "stream") return hub.open(req, res, { kind: "snapshot", snapshot: routes.snapshot() } satisfies DashboardMessage);
      if (path === "snapshot") return json(res, 200, routes.snapshot());
      if (path === "health") return json(res, 200, { ok: true, ...routes.health() });
      return json(res, 404, { ok: false, error: { code: "NOT_FOUND", message: `no such endpoint: ${path}` } });
    }
    if (req.method !== "POST") return json(res, 405, { ok: false, error: { code: "METHOD", message: "GET or POST" } });
    if (!(req.headers["content-type"] ?? "").startsWith("application/json")) {
      return json(res, 415, { ok: false, error: { code: "BAD_REQUEST", message: "send application/json" } });
    }
    let body: unknown;
    try {
      body = JSON.parse(await readBody(req));
    } catch (err) {
      return json(res, 400, { ok: false, error: { code: "BAD_REQUEST", message: err instanceof Error ? err.message : String(err) } });
    }
    const outcome = await routes.action(path, body);
    log.info({ action: path, status: outcome.status, ok: outcome.reply.ok }, "action");
    json(res, outcome.status, outcome.reply);
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(":") ? `[${options.host}]` : options.host;
  return { server, url: `http://${host}:${port}/` };
}

function hostnameOf(header: string | undefined): string {
  if (!header) return "";
  if (header.startsWith("[")) return header.slice(0, header.indexOf("]") + 1);
  return header.split(":")[0] ?? "";
}

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error(`request body over ${MAX_BODY_BYTES} bytes`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}
