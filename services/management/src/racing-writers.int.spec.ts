import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll } from "vitest";
import type { NatsConnection } from "@nats-io/transport-node";
import { JetStreamEventStore } from "@vdsim/eventstore";
import { connectNats, startNatsServer, type NatsServerHandle } from "@vdsim/runtime";
import { racingWritersSuite } from "./racing-writers.spec-support.js";

let dir: string;
let server: NatsServerHandle;
let nc: NatsConnection;
let n = 0;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "vdsim-race-"));
  server = await startNatsServer({ dir });
  nc = await connectNats({ servers: server.url, name: "racing-writers" });
});

afterAll(async () => {
  await nc?.close();
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

racingWritersSuite("JetStream log", async () => {
  const { jetstreamManager } = await import("@nats-io/jetstream");
  const jsm = await jetstreamManager(nc);
  for (const s of await jsm.streams.names().next()) await jsm.streams.delete(s);
  return JetStreamEventStore.open(nc, { stream: `RACE_${++n}` });
});
