import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setImmediate as nextTurn } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jetstream, jetstreamManager, RetentionPolicy, StorageType } from "@nats-io/jetstream";
import { AuthorizationError, type NatsConnection } from "@nats-io/transport-node";
import {
  ADMIN,
  CLIENT,
  EVENT_STREAM,
  MANAGEMENT,
  PermissionDeniedError,
  connectNats,
  hostRole,
  rackRole,
  permissionDenied,
  roleName,
  startNatsServer,
  writeRoleCredentials,
  type NatsRole,
  type NatsServerHandle,
  type RoleCredentials,
} from "@vdsim/runtime";
import { JetStreamEventStore, SnapshotStore, captureSnapshot } from "@vdsim/eventstore";
import { initialState } from "@vdsim/model";
import { request } from "@vdsim/protocol";

const dir = mkdtempSync(join(tmpdir(), "vdsim-nats-roles-"));
// rack-01 is one process running esx-03 and esx-04: the two hosts' permissions, and no more
const roles: NatsRole[] = [ADMIN, MANAGEMENT, CLIENT, hostRole("esx-01"), hostRole("esx-02"), rackRole("rack-01", ["esx-03", "esx-04"])];
let creds: RoleCredentials[];
let server: NatsServerHandle;
const open: NatsConnection[] = [];

interface Session {
  readonly nc: NatsConnection;
  readonly denied: PermissionDeniedError[];
}
const sessions = new Map<string, Session>();

async function connectAs(role: string): Promise<Session> {
  const file = creds.find((c) => roleName(c.role) === role)!.file;
  const denied: PermissionDeniedError[] = [];
  const nc = await connectNats({ servers: server.url, name: `test-${role}`, credsFile: file, maxReconnectAttempts: 0, onPermissionDenied: (e) => denied.push(e) });
  open.push(nc);
  return { nc, denied };
}

const as = (role: string): Session => sessions.get(role)!;

/**
 * Whether the server let `role` publish to `subject`: sent as a request, a denied publish fails
 * at once with the server's permission violation; an allowed one gets an answer or "no responders".
 */
async function mayPublish(role: string, subject: string): Promise<boolean> {
  const { nc } = as(role);
  const outcome = await nc.request(subject, new Uint8Array([1]), { timeout: 2_000 }).catch((e: unknown) => e);
  return permissionDenied(outcome, nc) === undefined;
}

/** A denied subscription is closed by the server's answer, which comes before the flush's PONG. */
async function maySubscribe(role: string, subject: string, queue?: string): Promise<boolean> {
  const { nc } = as(role);
  const sub = nc.subscribe(subject, queue === undefined ? {} : { queue });
  await nc.flush();
  const allowed = !sub.isClosed();
  sub.unsubscribe();
  return allowed;
}

beforeAll(async () => {
  creds = writeRoleCredentials(join(dir, "creds"), roles);
  server = await startNatsServer({ dir, name: "roles", users: creds });
  for (const role of roles) sessions.set(roleName(role), await connectAs(roleName(role)));
  // management creates the stream, as the management service does when it is missing
  const jsm = await jetstreamManager(as("management").nc);
  await jsm.streams.add({ name: EVENT_STREAM, subjects: ["vdsim.evt.>"], storage: StorageType.File, retention: RetentionPolicy.Limits, num_replicas: 1 });
  await jetstream(as("management").nc).publish("vdsim.evt.global.vds.first", new Uint8Array([1]));
});

afterAll(async () => {
  await Promise.all(open.map((nc) => nc.close().catch(() => undefined)));
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe("the NATS users of each role, on a real nats-server", () => {
  it("are nkey seed files only their owner can read", () => {
    for (const c of creds) expect(statSync(c.file).mode & 0o777, c.file).toBe(0o600);
  });

  it("refuse a connection without credentials", async () => {
    await expect(connectNats({ servers: server.url, name: "anonymous", maxReconnectAttempts: 0 })).rejects.toBeInstanceOf(AuthorizationError);
  });

  const publishes: Array<[role: string, subject: string, allowed: boolean]> = [
    ["management", "vdsim.evt.global.vds.dvs-1", true],
    ["management", "vdsim.evt.host.esx-01.vss.vSwitch0", false],
    ["management", "vdsim.host.esx-01.command", true],
    ["management", "$JS.API.STREAM.PURGE.VDSIM_EVENTS", false],
    ["management", "$JS.API.STREAM.DELETE.VDSIM_EVENTS", false],
    ["management", "$JS.API.STREAM.UPDATE.VDSIM_EVENTS", false],
    ["management", "$JS.API.STREAM.MSG.DELETE.VDSIM_EVENTS", false],
    ["esx-01", "vdsim.evt.host.esx-01.vss.vSwitch0", true],
    ["esx-01", "vdsim.evt.host.esx-02.vss.vSwitch0", false],
    ["esx-01", "vdsim.evt.global.vds.dvs-1", false],
    ["esx-01", "vdsim.hb.esx-01", true],
    ["esx-01", "vdsim.hb.esx-02", false],
    ["esx-01", "vdsim.wire.esx-02", true],
    ["esx-01", "vdsim.wire._flood", true],
    ["esx-01", "vdsim.mgmt.command", true],
    ["esx-01", "vdsim.host.esx-02.command", false],
    ["esx-01", "$JS.API.STREAM.CREATE.VDSIM_EVENTS", false],
    ["esx-01", "$JS.API.STREAM.PURGE.VDSIM_EVENTS", false],
    ["rack-01", "vdsim.evt.host.esx-03.vss.vSwitch0", true],
    ["rack-01", "vdsim.evt.host.esx-04.vss.vSwitch0", true],
    ["rack-01", "vdsim.evt.host.esx-01.vss.vSwitch0", false],
    ["rack-01", "vdsim.evt.global.vds.dvs-1", false],
    ["rack-01", "vdsim.hb.esx-04", true],
    ["rack-01", "vdsim.hb.esx-02", false],
    ["rack-01", "vdsim.wire.esx-01", true],
    ["rack-01", "vdsim.mgmt.command", true],
    ["client", "vdsim.mgmt.status", true],
    ["client", "vdsim.host.esx-02.cli", true],
    ["client", "vdsim.evt.global.vds.x", false],
    ["client", "vdsim.evt.host.esx-01.vss.vSwitch0", false],
    ["client", "vdsim.hb.esx-01", false],
    ["client", "vdsim.wire.esx-01", false],
    ["client", "$JS.API.STREAM.CREATE.VDSIM_EVENTS", false],
    ["client", "$JS.API.STREAM.PURGE.VDSIM_EVENTS", false],
    ["client", "$JS.API.STREAM.DELETE.VDSIM_EVENTS", false],
    ["client", "$JS.API.STREAM.MSG.DELETE.VDSIM_EVENTS", false],
    ["client", "$JS.API.CONSUMER.DURABLE.CREATE.VDSIM_EVENTS.mine", false],
    ["client", "$JS.API.CONSUMER.CREATE.VDSIM_EVENTS", true],
    ["admin", "vdsim.evt.global.vds.x", true],
    ["admin", "anything.at.all", true],
  ];
  it.each(publishes)("%s publishing to %s: allowed %s", async (role, subject, allowed) => {
    expect(await mayPublish(role, subject)).toBe(allowed);
  });

  const subscriptions: Array<[role: string, subject: string, allowed: boolean, queue?: string]> = [
    ["management", "vdsim.mgmt.>", true, "vdsim-mgmt"],
    ["management", "vdsim.hb.*", true],
    ["esx-01", "vdsim.host.esx-01.>", true],
    ["esx-01", "vdsim.host.esx-02.>", false],
    ["esx-01", "vdsim.wire.esx-01", true],
    ["esx-01", "vdsim.wire._flood", true],
    ["esx-01", "vdsim.wire.esx-02", false],
    ["esx-01", "vdsim.mgmt.>", false],
    ["rack-01", "vdsim.host.esx-03.>", true],
    ["rack-01", "vdsim.host.esx-04.>", true],
    ["rack-01", "vdsim.host.esx-01.>", false],
    ["rack-01", "vdsim.wire.esx-04", true],
    ["rack-01", "vdsim.wire.esx-02", false],
    ["rack-01", "vdsim.hb.*", false],
    ["client", "vdsim.hb.*", true],
    ["client", "_INBOX.abc", true],
    ["client", "vdsim.mgmt.>", false, "vdsim-mgmt"],
    ["client", "vdsim.host.esx-01.>", false],
    ["client", "vdsim.wire.esx-01", false],
    ["admin", ">", true],
  ];
  it.each(subscriptions)("%s subscribing to %s: allowed %s", async (role, subject, allowed, queue) => {
    expect(await maySubscribe(role, subject, queue)).toBe(allowed);
  });

  it.each(["management", "esx-01", "client"])("let %s read the event log through ordered consumers, and get a message by subject", async (role) => {
    const store = await JetStreamEventStore.open(as(role).nc, { create: false });
    const seen: number[] = [];
    await store.scan({ from: 1 }, (e) => seen.push(e.seq));
    expect(seen[0]).toBe(1);
    const jsm = await jetstreamManager(as(role).nc);
    expect((await jsm.streams.getMessage(EVENT_STREAM, { last_by_subj: "vdsim.evt.global.vds.first" }))?.seq).toBe(1);
  });

  it("let a host agent append to its own host's subjects only, never to another host's nor to the global ones", async () => {
    const js = jetstream(as("esx-01").nc);
    expect((await js.publish("vdsim.evt.host.esx-01.vss.vSwitch0", new Uint8Array([2]))).seq).toBeGreaterThan(1);
    for (const subject of ["vdsim.evt.host.esx-02.vss.vSwitch0", "vdsim.evt.global.vds.dvs-1"]) {
      const err = await js.publish(subject, new Uint8Array([3])).catch((e: unknown) => e);
      expect(permissionDenied(err, as("esx-01").nc)?.message).toBe(`permission denied: esx-01 may not publish to ${subject}`);
    }
  });

  it("keep the client from appending, purging, deleting or updating the stream, or removing a message", async () => {
    const { nc } = as("client");
    const err = await jetstream(nc).publish("vdsim.evt.global.vds.x", new Uint8Array([4])).catch((e: unknown) => e);
    expect(permissionDenied(err, nc)?.message).toBe("permission denied: client may not publish to vdsim.evt.global.vds.x");
    const jsm = await jetstreamManager(nc);
    const info = await jsm.streams.info(EVENT_STREAM);
    for (const attempt of [
      () => jsm.streams.purge(EVENT_STREAM),
      () => jsm.streams.delete(EVENT_STREAM),
      () => jsm.streams.update(EVENT_STREAM, { ...info.config, max_msgs: 1 }),
      () => jsm.streams.deleteMessage(EVENT_STREAM, 1),
    ]) {
      expect(permissionDenied(await attempt().catch((e: unknown) => e), nc)).toBeInstanceOf(PermissionDeniedError);
    }
    expect((await jsm.streams.info(EVENT_STREAM)).state.messages).toBe(info.state.messages);
  });

  it("report a denied publish or subscription that no caller waits on, with the role and the subject", async () => {
    const { nc, denied } = as("esx-02");
    nc.publish("vdsim.hb.esx-01", new Uint8Array([1]));
    nc.subscribe("vdsim.host.esx-01.>");
    await nc.flush();
    await expect.poll(() => denied.map((e) => e.message)).toEqual([
      "permission denied: esx-02 may not publish to vdsim.hb.esx-01",
      "permission denied: esx-02 may not subscribe to vdsim.host.esx-01.>",
    ]);
  });

  it("fail a denied request at once with the subject and the role, not after its timeout", async () => {
    const t0 = Date.now();
    const err = await request(as("client").nc, "vdsim.evt.global.vds.x", {}, "nobody", 5_000).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PermissionDeniedError);
    expect((err as Error).message).toBe("permission denied: client may not publish to vdsim.evt.global.vds.x");
    expect(Date.now() - t0).toBeLessThan(2_000);
  });

  it("let the management service alone write and prune snapshots; every other role reads them", async () => {
    const store = (await SnapshotStore.open(as("management").nc, { create: true }))!;
    const at = (seq: number) => captureSnapshot({ seq, state: initialState(), subjectSeqs: {}, recentCommands: [] });
    // five written, the oldest pruned; each recorded hash altered, so every reader rejects them
    for (let seq = 1; seq <= 5; seq++) await store.write(seq, "0".repeat(64), at(seq).body);
    expect((await store.list()).map((s) => s.seq)).toEqual([2, 3, 4, 5]);
    for (const role of ["client", "esx-01", "rack-01"]) {
      const reader = (await SnapshotStore.open(as(role).nc))!;
      expect((await reader.list()).map((s) => s.seq), role).toEqual([2, 3, 4, 5]);
      await expect(reader.nearest(5, () => undefined)).resolves.toBeUndefined(); // every hash above was altered: all rejected
      const { nc } = as(role);
      const err = await jetstream(nc).publish("vdsim.snap.index.9", new Uint8Array([1])).catch((e: unknown) => e);
      expect(permissionDenied(err, nc)?.message, role).toBe(`permission denied: ${role} may not publish to vdsim.snap.index.9`);
      const purge = await (await jetstreamManager(nc)).streams.purge("VDSIM_SNAPSHOTS").catch((e: unknown) => e);
      expect(permissionDenied(purge, nc), role).toBeInstanceOf(PermissionDeniedError);
    }
    await store.write(6, at(6).hash, at(6).body);
    expect((await (await SnapshotStore.open(as("esx-02").nc))!.nearest())?.info.seq).toBe(6);
  });

  it("let admin purge the stream", async () => {
    const jsm = await jetstreamManager(as("admin").nc);
    expect(await jsm.streams.purge(EVENT_STREAM)).toMatchObject({ success: true });
  });
});
