import { readFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import type { Logger } from "@vdsim/runtime";
import { serializeFault } from "./soap/envelope.js";
import { VimFault } from "./soap/faults.js";
import { vimServiceVersionsXml } from "./versions.js";

/** Larger requests are refused: no client of this API sends more. */
const MAX_BODY_BYTES = 8 * 1024 * 1024;

/** What one SOAP call answers: 200 with a response, 500 with a fault; a new session sets its cookie. */
export interface SoapReply {
  readonly status: 200 | 500;
  readonly body: string;
  readonly setCookie?: string;
}

/** What POST /sdk hands a request to: its body and Cookie header. */
/** Who asks, and a signal that aborts when the client closed the connection (a long WaitForUpdates ends then). */
export interface SoapCaller {
  readonly cookie: string | undefined;
  readonly peer: string;
  readonly userAgent: string;
  readonly signal: AbortSignal;
}

export type SoapHandler = (body: string, caller: SoapCaller) => Promise<SoapReply>;

export interface HttpsOptions {
  /** default 127.0.0.1 */
  readonly host?: string;
  /** 0: any free port */
  readonly port: number;
  readonly certFile: string;
  readonly keyFile: string;
}

export interface SdkServer extends AsyncDisposable {
  readonly server: Server;
  /** https://127.0.0.1:PORT/sdk */
  readonly url: string;
}

const XML = "text/xml; charset=utf-8";

/** The vSphere API's HTTPS server: POST /sdk (SOAP), GET /sdk/vimServiceVersions.xml; anything else is 404. */
export async function startSdkServer(handler: SoapHandler, options: HttpsOptions, log: Logger): Promise<SdkServer> {
  const host = options.host ?? "127.0.0.1";
  const server = createServer({ cert: readFileSync(options.certFile), key: readFileSync(options.keyFile) }, (req, res) => {
    route(req, res).catch((err: unknown) => {
      log.error({ err, url: req.url }, "request failed");
      if (!res.headersSent) send(res, 500, XML, serializeFault(new VimFault("SystemError", `vdsim failed to answer: ${String(err)}`, {})));
      else res.destroy();
    });
  });

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? "/", "https://vsphere.invalid").pathname;
    if (path === "/sdk" || path === "/sdk/") {
      if (req.method !== "POST") return send(res, 405, "text/plain", "POST a SOAP envelope to /sdk\n", { allow: "POST" });
      const body = await readBody(req);
      if (body === undefined) return send(res, 413, "text/plain", `a request is at most ${MAX_BODY_BYTES} bytes\n`);
      const gone = new AbortController();
      res.once("close", () => gone.abort());
      const reply = await handler(body, { cookie: req.headers.cookie, peer: req.socket.remoteAddress ?? "", userAgent: req.headers["user-agent"] ?? "", signal: gone.signal });
      if (gone.signal.aborted) return;
      return send(res, reply.status, XML, reply.body, reply.setCookie ? { "set-cookie": reply.setCookie } : {});
    }
    if (path === "/sdk/vimServiceVersions.xml" && (req.method === "GET" || req.method === "HEAD")) return send(res, 200, XML, vimServiceVersionsXml());
    send(res, 404, "text/plain", `not found: ${path}\n`);
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    server,
    url: `https://${host}:${port}/sdk`,
    async [Symbol.asyncDispose]() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function send(res: ServerResponse, status: number, type: string, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": type, "content-length": Buffer.byteLength(body), ...headers });
  res.end(body);
}
