import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { NatsConnection } from "@nats-io/transport-node";
import { connectNats, startNatsServer, type NatsServerHandle } from "@vdsim/runtime";
import { z } from "zod";
import { decodeBody, RemoteError, RpcErrorCode, request, serve } from "./rpc.js";

let dir: string;
let server: NatsServerHandle;
let nc: NatsConnection;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "vdsim-rpc-"));
  server = await startNatsServer({ dir });
  nc = await connectNats({ servers: server.url, name: "rpc-test" });
});

afterAll(async () => {
  await nc?.close();
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** How a request ends, told by the NATS client's error types rather than by their messages. */
describe("request", () => {
  it("a subject nobody serves is NOT_RESPONDING, naming who", async () => {
    const err = await request(nc, "vdsim.test.nobody", {}, "host esx-09").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RemoteError);
    expect(err).toMatchObject({ code: RpcErrorCode.NotResponding, message: "host esx-09 is not responding" });
  });

  it("a responder that never replies is NOT_RESPONDING once the timeout passes", async () => {
    const silent = nc.subscribe("vdsim.test.silent", { callback: () => undefined });
    try {
      const err = await request(nc, "vdsim.test.silent", {}, "the management service", 200).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: RpcErrorCode.NotResponding, message: "the management service is not responding" });
    } finally {
      silent.unsubscribe();
    }
  });

  it("a refusal carries the responder's code and message; a result comes back as sent", async () => {
    const sub = serveEcho("vdsim.test.echo");
    try {
      await expect(request(nc, "vdsim.test.echo", { n: 21 }, "echo")).resolves.toEqual({ twice: 42 });
      await expect(request(nc, "vdsim.test.echo", { n: -1 }, "echo")).rejects.toMatchObject({ code: "BAD_REQUEST", message: "n must not be negative" });
    } finally {
      sub.unsubscribe();
    }
  });
});

function serveEcho(subject: string) {
  let handled = 0;
  const sub = serve(nc, subject, {
    op: "echo",
    schema: z.object({ n: z.number() }),
    handler: async ({ n }) => {
      handled++;
      if (n < 0) throw new RangeError("n must not be negative");
      return { twice: n * 2 };
    },
    onError: (e) => ({ code: RpcErrorCode.BadRequest, message: (e as Error).message }),
  });
  return Object.assign(sub, { handled: () => handled });
}

/** A body is checked against the op's schema before its handler runs; what does not fit is refused, naming the field. */
describe("serve", () => {
  it("a body of the wrong shape is BAD_REQUEST naming the op, the field and what it expected, and the handler never runs", async () => {
    const sub = serveEcho("vdsim.test.shape");
    try {
      const err = await request(nc, "vdsim.test.shape", { n: "21" }, "echo").catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RemoteError);
      expect(err).toMatchObject({ code: RpcErrorCode.BadRequest, message: 'bad request to echo: n: expected number, received string' });
      await expect(request(nc, "vdsim.test.shape", [1, 2], "echo")).rejects.toMatchObject({
        code: RpcErrorCode.BadRequest,
        message: "bad request to echo: expected object, received array",
      });
      expect(sub.handled()).toBe(0);
    } finally {
      sub.unsubscribe();
    }
  });

  it("bytes that are not MessagePack are BAD_REQUEST, and the responder goes on answering", async () => {
    const sub = serveEcho("vdsim.test.bytes");
    try {
      const msg = await nc.request("vdsim.test.bytes", new Uint8Array([0xc1, 0xff, 0x00, 0x01]), { timeout: 2_000 });
      const reply = decodeBody<{ ok: boolean; error?: { code: string; message: string } }>(msg.data);
      expect(reply.ok).toBe(false);
      expect(reply.error?.code).toBe(RpcErrorCode.BadRequest);
      expect(reply.error?.message).toMatch(/^bad request to echo: the body is not MessagePack/);
      await expect(request(nc, "vdsim.test.bytes", { n: 2 }, "echo")).resolves.toEqual({ twice: 4 });
      expect(sub.handled()).toBe(1);
    } finally {
      sub.unsubscribe();
    }
  });
});
