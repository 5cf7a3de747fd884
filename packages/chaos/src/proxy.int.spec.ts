import { createConnection, createServer, type Server, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitFor } from "@vdsim/runtime";
import { NatsProxy } from "./proxy.js";

/** An echo server standing in for a nats-server. */
let echo: Server;
let upstream: string;

beforeAll(async () => {
  echo = createServer((s) => s.pipe(s));
  await new Promise<void>((resolve) => echo.listen(0, "127.0.0.1", () => resolve()));
  const address = echo.address();
  if (address === null || typeof address === "string") throw new Error("no port");
  upstream = `nats://127.0.0.1:${address.port}`;
});
afterAll(() => new Promise<void>((resolve) => echo.close(() => resolve())));

function connect(url: string): Promise<Socket> {
  const { hostname, port } = new URL(url.split(",")[0]!);
  return new Promise((resolve, reject) => {
    const s = createConnection({ host: hostname, port: Number(port) }, () => resolve(s));
    s.once("error", reject);
  });
}

async function roundTrip(s: Socket, text: string): Promise<string> {
  const got = new Promise<string>((resolve) => s.once("data", (d) => resolve(d.toString())));
  s.write(text);
  return got;
}

const closed = (s: Socket): Promise<true> => new Promise((resolve) => (s.destroyed ? resolve(true) : s.once("close", () => resolve(true))));

/**
 * Whether the proxy refuses a new connection: the connect fails, or the proxy closes it without
 * forwarding what was sent (within 5 s: a forwarded connection would echo and stay open).
 */
async function refuses(url: string): Promise<boolean> {
  const s = await connect(url).catch(() => undefined);
  if (!s) return true;
  let echoed = false;
  s.on("data", () => (echoed = true));
  s.on("error", () => undefined);
  s.write("PING\r\n");
  const ended = await Promise.race([closed(s), new Promise<false>((resolve) => setTimeout(() => resolve(false), 5_000).unref())]);
  s.destroy();
  return ended && !echoed;
}

describe("the partition proxy", () => {
  it("forwards both ways, one listener per upstream server", async () => {
    await using proxy = await NatsProxy.start("esx-01", `${upstream},${upstream}`);
    expect(proxy.url.split(",")).toHaveLength(2);
    for (const url of proxy.url.split(",")) {
      const s = await connect(url);
      expect(await roundTrip(s, "PING\r\n")).toBe("PING\r\n");
      s.destroy();
    }
  });

  it("cut drops every connection and refuses new ones until heal", async () => {
    await using proxy = await NatsProxy.start("esx-01", upstream);
    const s = await connect(proxy.url);
    expect(await roundTrip(s, "a")).toBe("a");
    proxy.cut();
    expect(proxy.isCut).toBe(true);
    await closed(s);
    expect(await refuses(proxy.url)).toBe(true);
    proxy.heal();
    expect(proxy.isCut).toBe(false);
    const again = await waitFor("a connection through the healed proxy", () => connect(proxy.url), 5_000);
    expect(await roundTrip(again, "b")).toBe("b");
    again.destroy();
  });
});
