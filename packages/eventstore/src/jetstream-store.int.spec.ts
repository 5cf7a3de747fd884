import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll } from "vitest";
import type { NatsConnection } from "@nats-io/transport-node";
import { connectNats, startNatsServer, type NatsServerHandle } from "@vdsim/runtime";
import { JetStreamEventStore } from "./jetstream-store.js";
import { eventStoreContract } from "./contract.spec-support.js";

let dir: string;
let server: NatsServerHandle;
let nc: NatsConnection;
let streams = 0;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "vdsim-es-"));
  server = await startNatsServer({ dir });
  nc = await connectNats({ servers: server.url, name: "eventstore-contract" });
});

afterAll(async () => {
  await nc?.close();
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

// Each test gets a stream of its own; all capture vdsim.evt.> so they are created one at a time.
eventStoreContract("JetStream", async () => {
  const { jetstreamManager } = await import("@nats-io/jetstream");
  const jsm = await jetstreamManager(nc);
  for (const s of await jsm.streams.names().next()) await jsm.streams.delete(s);
  return JetStreamEventStore.open(nc, { stream: `CONTRACT_${++streams}` });
});
