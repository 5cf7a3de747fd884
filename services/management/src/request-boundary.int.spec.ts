import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { NatsConnection } from "@nats-io/transport-node";
import { RpcErrorCode, Subjects, decodeBody, encodeBody, request, type Heartbeat, type ManagementApi } from "@vdsim/protocol";
import { connectNats, createLogger, startNatsServer, waitFor, type NatsServerHandle } from "@vdsim/runtime";
import { ManagementService } from "./service.js";

const log = createLogger("management-boundary");
log.level = "warn";

let dir: string;
let server: NatsServerHandle;
let nc: NatsConnection;
let service: ManagementService;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "vdsim-boundary-"));
  server = await startNatsServer({ dir });
  nc = await connectNats({ servers: server.url, name: "management-boundary" });
  service = await ManagementService.start(nc, log, { stream: "BOUNDARY" });
});

afterAll(async () => {
  await service?.[Symbol.asyncDispose]();
  await nc?.close();
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const mgmt = <Op extends keyof ManagementApi>(op: Op, body: unknown): Promise<ManagementApi[Op]["res"]> =>
  request(nc, Subjects.management(op), body, "management service");

/** What reaches the management service from outside is checked before it is believed. */
describe("the management service's boundary", () => {
  it("a command of the wrong shape is BAD_REQUEST naming the field; a good one is then decided", async () => {
    await expect(mgmt("command", { commandId: "c1", command: { type: "RegisterHost", host: "esx-01", pnics: "vmnic0" } })).rejects.toMatchObject({
      code: RpcErrorCode.BadRequest,
      message: "bad request to command: command.pnics: expected array, received string",
    });
    await expect(mgmt("command", { commandId: "c2", command: { type: "Reboot" } })).rejects.toMatchObject({
      code: RpcErrorCode.BadRequest,
      message: expect.stringMatching(/^bad request to command: command\.type: expected one of "RegisterHost", .*, received "Reboot"$/),
    });
    const ok = await mgmt("command", { commandId: "c3", command: { type: "RegisterHost", host: "esx-01", pnics: ["vmnic0", "vmnic1"] } });
    expect(ok.seq).toBe(1);
  });

  it("bytes that are not MessagePack are BAD_REQUEST", async () => {
    const msg = await nc.request(Subjects.management("status"), new Uint8Array([0xc1]), { timeout: 5_000 });
    expect(decodeBody(msg.data)).toMatchObject({ ok: false, error: { code: RpcErrorCode.BadRequest, message: expect.stringMatching(/^bad request to status: the body is not MessagePack/) } });
  });

  it("a heartbeat that is not one is dropped with a warning; the host's next good heartbeat is recorded", async () => {
    const warn = vi.spyOn(log, "warn").mockImplementation(() => undefined);
    try {
      nc.publish(Subjects.heartbeat("esx-01"), new Uint8Array([0xde, 0xad, 0xbe, 0xef]));
      nc.publish(Subjects.heartbeat("esx-01"), encodeBody({ host: "esx-01", appliedSeq: "one" }));
      await waitFor("two warnings", () => (warn.mock.calls.length >= 2 ? true : undefined), 5_000, 20);
      expect(warn.mock.calls.map(([, text]) => text)).toEqual(["dropped a heartbeat that is not one", "dropped a heartbeat that is not one"]);
      expect(warn.mock.calls[1]?.[0]).toMatchObject({ subject: "vdsim.hb.esx-01", reason: expect.stringContaining("appliedSeq: expected number, received string") });
      const hb: Heartbeat = { host: "esx-01", pid: 4242, startedAt: new Date().toISOString(), appliedSeq: 1, hash: "h", pnics: ["vmnic0", "vmnic1"] };
      nc.publish(Subjects.heartbeat("esx-01"), encodeBody(hb));
      const status = await waitFor(
        "esx-01 to be connected",
        async () => {
          const s = await mgmt("status", {});
          return s.hosts.find((h) => h.name === "esx-01" && h.status === "connected");
        },
        5_000,
        50,
      );
      expect(status).toMatchObject({ pid: 4242, appliedSeq: 1 });
    } finally {
      warn.mockRestore();
    }
  });
});
