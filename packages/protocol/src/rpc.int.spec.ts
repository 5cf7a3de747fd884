import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { NatsConnection } from "@nats-io/transport-node";
import { connectNats, startNatsServer, type NatsServerHandle } from "@vdsim/runtime";
import { RemoteError, RpcErrorCode, request, serve } from "./rpc.js";

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
    const sub = serve(
      nc,
      "vdsim.test.echo",
      async (body) => {
        const { n } = body as { n: number };
        if (n < 0) throw new RangeError("n must not be negative");
        return { twice: n * 2 };
      },
      (e) => ({ code: RpcErrorCode.BadRequest, message: (e as Error).message }),
    );
    try {
      await expect(request(nc, "vdsim.test.echo", { n: 21 }, "echo")).resolves.toEqual({ twice: 42 });
      await expect(request(nc, "vdsim.test.echo", { n: -1 }, "echo")).rejects.toMatchObject({ code: "BAD_REQUEST", message: "n must not be negative" });
    } finally {
      sub.unsubscribe();
    }
  });
});
