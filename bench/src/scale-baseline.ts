/**
 * The scale benchmark's baseline: raw JetStream fan-out of one message to N consumers, all in
 * this process, on a nats-server of its own. Each sample is one js.publish (awaiting the ack)
 * until the ack arrived and every consumer has the message: the floor under "a change reached
 * every host", with no decoding, no state and no reply.
 */
import { DeliverPolicy, RetentionPolicy, StorageType, jetstream, jetstreamManager, type ConsumerMessages } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import { decide, encodeEnvelope, envelope, evolve, initialState, type ManagementCommand } from "@vdsim/model";
import { connectNats } from "@vdsim/runtime";
import type { Cleanup } from "./cleanup.js";
import { scratchNatsServer } from "./scratch-nats.js";
import { progress, summarize, type LatencySummary } from "./stats.js";

/** Size of a port-group VLAN change as the log carries it (decided like the management service does). */
export function portGroupChangeBytes(vds: string, portgroup: string): number {
  const state = initialState();
  const ctx = { isHostResponding: () => true };
  const meta = { commandId: "00000000-0000-4000-8000-000000000000", time: new Date().toISOString() };
  const commands: ManagementCommand[] = [
    { type: "CreateDistributedSwitch", vds },
    { type: "AddDistributedPortGroup", vds, portgroup },
    { type: "SetDistributedPortGroupPolicy", vds, portgroup, patch: { vlan: { kind: "vlan", id: 1234 } } },
  ];
  let bytes = 0;
  for (const command of commands) {
    for (const event of decide(command, state, ctx)) {
      bytes = encodeEnvelope(envelope(event, meta)).length;
      evolve(state, event);
    }
  }
  return bytes;
}

export interface FanOutOptions {
  readonly consumers: number;
  readonly payloadBytes: number;
  readonly warmup: number;
  readonly samples: number;
}

export async function rawFanOut(cleanup: Cleanup, options: FanOutOptions): Promise<LatencySummary> {
  const { consumers: n } = options;
  const { server, stop: stopServer } = await scratchNatsServer(cleanup, "fanout");
  const connections: NatsConnection[] = [];
  const iterators: ConsumerMessages[] = [];
  const closeAll = cleanup.add("fan-out connections", async () => {
    await Promise.all(iterators.map((m) => m.close().catch(() => undefined)));
    await Promise.all(connections.map((nc) => nc.close().catch(() => undefined)));
  });
  try {
    const pub = await connectNats({ servers: server.url, name: "bench-fanout-publisher" });
    connections.push(pub);
    const stream = "BENCH_FANOUT";
    await (await jetstreamManager(pub)).streams.add({ name: stream, subjects: ["bench.fanout.>"], storage: StorageType.File, retention: RetentionPolicy.Limits, num_replicas: 1 });
    const js = jetstream(pub);

    const received = new Map<number, number>();
    const waiters = new Map<number, () => void>();
    const onMessage = (index: number): void => {
      const count = (received.get(index) ?? 0) + 1;
      received.set(index, count);
      if (count === n) waiters.get(index)?.();
    };
    const pumps: Promise<void>[] = [];
    progress(`scale: raw JetStream fan-out: ${n} ordered consumers in this process, a connection each`);
    for (let c = 0; c < n; c += 25) {
      await Promise.all(
        Array.from({ length: Math.min(25, n - c) }, async (_, k) => {
          const nc = await connectNats({ servers: server.url, name: `bench-fanout-consumer-${c + k}` });
          connections.push(nc);
          const messages = await (await jetstream(nc).consumers.get(stream, { deliver_policy: DeliverPolicy.New })).consume();
          iterators.push(messages);
          pumps.push(
            (async () => {
              for await (const m of messages) onMessage(new DataView(m.data.buffer, m.data.byteOffset, 4).getUint32(0));
            })().catch((err: unknown) => progress(`fan-out consumer ${c + k} stopped: ${String(err)}`)),
          );
        }),
      );
    }

    let next = 0;
    const once = async (timeoutMs: number): Promise<number | undefined> => {
      const index = next++;
      const payload = new Uint8Array(options.payloadBytes);
      for (let i = 4; i < payload.length; i++) payload[i] = (i * 31 + index) & 0xff;
      new DataView(payload.buffer).setUint32(0, index);
      let timer: NodeJS.Timeout | undefined;
      const all = new Promise<boolean>((resolve) => {
        waiters.set(index, () => resolve(true));
        timer = setTimeout(() => resolve(false), timeoutMs);
      });
      const t0 = performance.now();
      await js.publish(`bench.fanout.${index % 16}`, payload);
      const ok = await all;
      const ms = performance.now() - t0;
      clearTimeout(timer);
      waiters.delete(index);
      received.delete(index);
      return ok ? ms : undefined;
    };
    // consumers start delivering asynchronously: probe until one message reaches all of them
    const deadline = Date.now() + 60_000;
    while ((await once(1_000)) === undefined) {
      if (Date.now() > deadline) throw new Error(`the ${n} fan-out consumers did not all receive a probe within 60 s`);
    }
    for (let i = 0; i < options.warmup; i++) if ((await once(10_000)) === undefined) throw new Error(`fan-out warm-up message did not reach all ${n} consumers`);
    const samples: number[] = [];
    for (let i = 0; i < options.samples; i++) {
      const ms = await once(10_000);
      if (ms === undefined) throw new Error(`fan-out message ${i} did not reach all ${n} consumers within 10 s`);
      samples.push(ms);
    }
    await closeAll();
    await Promise.allSettled(pumps);
    return summarize(samples);
  } finally {
    await closeAll();
    await stopServer();
  }
}
