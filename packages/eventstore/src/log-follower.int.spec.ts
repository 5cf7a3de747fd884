import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jetstream } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import { encodeEnvelope, envelope, type EventEnvelope } from "@vdsim/model";
import { connectNats, startNatsServer, type NatsServerHandle } from "@vdsim/runtime";
import { JetStreamEventStore } from "./jetstream-store.js";
import { LogFollower } from "./log-follower.js";

let dir: string;
let server: NatsServerHandle;
let nc: NatsConnection;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "vdsim-follower-"));
  server = await startNatsServer({ dir });
  nc = await connectNats({ servers: server.url, name: "log-follower" });
});

afterAll(async () => {
  await nc?.close();
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const subjectOf = (host: string): string => `vdsim.evt.global.host.${host}`;
const envOf = (host: string): EventEnvelope =>
  envelope({ type: "HostAdded", data: { host, pnics: ["vmnic0"] } }, { commandId: `cmd-${host}`, time: "2026-01-01T00:00:00.000Z" });

describe("LogFollower over JetStream", () => {
  it("quarantines an event from a newer build, read at start-up or live, and applies the rest in order", async () => {
    await using store = await JetStreamEventStore.open(nc, { stream: "FOLLOWER" });
    const js = jetstream(nc);
    const appendNewer = async (host: string): Promise<void> => {
      await js.publish(subjectOf(host), encodeEnvelope({ ...envOf(host), v: 99 }));
    };
    await store.append({ subject: subjectOf("esx-01"), envelope: envOf("esx-01"), expect: { lastSeq: 0 } });
    await appendNewer("esx-02");
    await store.append({ subject: subjectOf("esx-03"), envelope: envOf("esx-03"), expect: { lastSeq: 2 } });

    const applied: number[] = [];
    const follower = new LogFollower({ apply: (e) => applied.push(e.seq) });
    await follower.start(store);
    expect(applied).toEqual([1, 3]);
    await appendNewer("esx-04");
    await store.append({ subject: subjectOf("esx-05"), envelope: envOf("esx-05"), expect: { lastSeq: 4 } });
    await follower.caughtUp(5, { timeoutMs: 5_000 });
    await follower.stop();

    expect(applied).toEqual([1, 3, 5]);
    expect(follower.quarantined.map(({ seq, subject }) => ({ seq, subject }))).toEqual([
      { seq: 2, subject: subjectOf("esx-02") },
      { seq: 4, subject: subjectOf("esx-04") },
    ]);
    expect(follower.quarantined[0]?.reason).toMatch(/newer than this build/);
    expect(follower.state).toBe("stopped");
  });
});
