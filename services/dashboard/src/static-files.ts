import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import type { ServerResponse } from "node:http";
import { createRequire } from "node:module";
import { dirname, extname, join, normalize, sep } from "node:path";

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
};

/** Where the built front end is: VDSIM_DASHBOARD_STATIC, else @vdsim/dashboard-ui's dist/web. */
export function defaultStaticDir(): string {
  const fromEnv = process.env.VDSIM_DASHBOARD_STATIC;
  if (fromEnv) return fromEnv;
  const pkg = createRequire(import.meta.url).resolve("@vdsim/dashboard-ui/package.json");
  return join(dirname(pkg), "dist", "web");
}

/** Serves the files of one folder: index.html for "/", hashed assets cached for good. */
export class StaticFiles {
  readonly #cache = new Map<string, Buffer>();

  constructor(readonly dir: string) {}

  /** Whether the bundle was built (a missing one is explained on the page instead of a 404). */
  built(): boolean {
    return existsSync(join(this.dir, "index.html"));
  }

  async serve(pathname: string, res: ServerResponse): Promise<void> {
    const rel = pathname === "/" ? "index.html" : decodeURIComponent(pathname).replace(/^\/+/, "");
    const file = normalize(join(this.dir, rel));
    if (!file.startsWith(this.dir + sep)) return notFound(res);
    const body = await this.#read(file);
    if (body === undefined) {
      if (rel === "index.html") return missingBundle(res, this.dir);
      return notFound(res);
    }
    res.writeHead(200, {
      "content-type": CONTENT_TYPES[extname(file)] ?? "application/octet-stream",
      "content-length": body.length,
      "cache-control": rel.startsWith("assets/") ? "public, max-age=31536000, immutable" : "no-cache",
      "x-content-type-options": "nosniff",
    });
    res.end(body);
  }

  async #read(file: string): Promise<Buffer | undefined> {
    const cached = this.#cache.get(file);
    if (cached) return cached;
    try {
      const body = await readFile(file);
      // index.html changes on a rebuild; hashed assets never do
      if (file.includes(`${sep}assets${sep}`)) this.#cache.set(file, body);
      return body;
    } catch {
      return undefined;
    }
  }
}

function notFound(res: ServerResponse): void {
  res.writeHead(404, { "content-type": "text/plain; charset=utf-8" });
  res.end("not found\n");
}

function missingBundle(res: ServerResponse, dir: string): void {
  res.writeHead(503, { "content-type": "text/plain; charset=utf-8" });
  res.end(`the dashboard's front end is not built (no ${join(dir, "index.html")}): run "npm run build"\n`);
}
