import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { VdsimClient } from "@vdsim/client";
import { down, startCluster, type ClusterHandle } from "@vdsim/cluster";
import { trafficFrame } from "@vdsim/dataplane";
import { encodeWireBatch } from "@vdsim/host-agent";
import { connectNats, startNatsServer, waitFor } from "@vdsim/runtime";
import type { Cleanup } from "./cleanup.js";
import { progress, round } from "./stats.js";

const RUN_MS = 3_000;
const RATES = [50_000, 100_000, 200_000, 300_000, 400_000];
const BASELINE_MESSAGES = 300_000;

/** One frame as the physical wire carries it: the same payload the baseline publishes. */
function wirePayload(): Uint8Array {
  const f = trafficFrame({ srcMac: "00:50:56:80:00:00", dstMac: "00:50:56:80:00:01", srcIp: "10.128.0.0", dstIp: "10.128.0.1", flow: "a->b", seq: 1, sentAt: Date.now(), dataBytes: 18 });
  return encodeWireBatch("esx-01", [{ out: "vmnic1", in: "vmnic1", frame: f }]);
}

/** Raw NATS: one connection publishes the payload as fast as it can, another subscribes; messages/s at the subscriber. */
async function rawNatsRate(cleanup: Cleanup): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), "vdsim-bench-raw-"));
  const removeDir = cleanup.add("raw NATS temp dir", () => rmSync(dir, { recursive: true, force: true }));
  const server = await startNatsServer({ dir, name: "bench-raw" });
  const stopServer = cleanup.add("raw nats-server", () => server.stop());
  const pub = await connectNats({ servers: server.url, name: "raw-pub" });
  const sub = await connectNats({ servers: server.url, name: "raw-sub" });
  const close = cleanup.add("raw NATS connections", async () => {
    await pub.close();
    await sub.close();
  });
  try {
    const payload = wirePayload();
    let received = 0;
    let first = 0;
    let last = 0;
    sub.subscribe("bench.wire", {
      callback: () => {
        if (received++ === 0) first = performance.now();
        last = performance.now();
      },
    });
    await sub.flush();
    for (let i = 0; i < BASELINE_MESSAGES; i++) {
      pub.publish("bench.wire", payload);
      if (i % 1_000 === 999) await pub.flush();
    }
    await pub.flush();
    await waitFor("the subscriber to receive every message", () => (received >= BASELINE_MESSAGES ? true : undefined), 60_000, 20);
    return received / ((last - first) / 1000);
  } finally {
    await close();
    await stopServer();
    await removeDir();
  }
}

async function flowFigures(client: VdsimClient, flow: string): Promise<{ sent: number; received: number; seconds: number }> {
  const stats = await client.trafficStats();
  const receiver = stats.find((s) => s.flow === flow && s.role === "receiver");
  const span = receiver?.firstAt != null && receiver.lastAt != null ? (receiver.lastAt - receiver.firstAt) / 1000 : 0;
  return { sent: stats.find((s) => s.flow === flow && s.role === "sender")?.sent ?? 0, received: receiver?.received ?? 0, seconds: span };
}

/** Frames/s from a VM on esx-01 to a VM on esx-02 through both data planes and the wire, at rising rates. */
async function crossHostRate(cleanup: Cleanup): Promise<{ best: number; steps: Array<Record<string, number>> }> {
  const stateDir = mkdtempSync(join(tmpdir(), "vdsim-bench-xhost-"));
  let starting: Promise<ClusterHandle> | undefined;
  const teardown = cleanup.add("cross-host cluster", async () => {
    const cluster = await starting?.catch(() => undefined);
    if (cluster) await cluster.down();
    else await down(stateDir);
    rmSync(stateDir, { recursive: true, force: true });
  });
  try {
    starting = startCluster({ hosts: 2, stateDir });
    const { client } = await starting;
    const wait = { waitMs: 10_000 };
    await client.createSwitch("dvs-bench");
    await client.addHostToSwitch("dvs-bench", "esx-01", ["vmnic1"], wait);
    await client.addHostToSwitch("dvs-bench", "esx-02", ["vmnic1"], wait);
    await client.addPortGroup("dvs-bench", "pg", {});
    await client.createVm("a", "esx-01", ["pg"], wait);
    await client.createVm("b", "esx-02", ["pg"], wait);
    await client.pingFromVm({ vm: "a", target: "b", count: 2, intervalMs: 10 });
    const steps: Array<Record<string, number>> = [];
    let best = 0;
    for (const pps of RATES) {
      const flow = `rate-${pps}`;
      const t0 = performance.now();
      await client.startTraffic({ flow, fromVm: "a", to: "b", pps, length: 64 });
      await waitFor(`${RUN_MS} ms of traffic`, () => (performance.now() - t0 >= RUN_MS ? true : undefined), RUN_MS + 5_000, 50);
      await client.stopTraffic(flow);
      let last = -1;
      const settled = await waitFor("the receiver to drain", async () => {
        const f = await flowFigures(client, flow);
        if (f.received === last) return f;
        last = f.received;
        return undefined;
      }, 30_000, 300);
      const rate = settled.seconds > 0 ? (settled.received - 1) / settled.seconds : 0;
      const loss = settled.sent === 0 ? 0 : 1 - settled.received / settled.sent;
      steps.push({ offered_pps: pps, sent: settled.sent, received: settled.received, frames_per_s: round(rate, 0), loss: round(loss, 4) });
      progress(`cross-host: offered ${pps}/s, received ${Math.round(rate)}/s, loss ${(loss * 100).toFixed(2)}%`);
      if (loss < 0.001) best = Math.max(best, rate);
      if (rate < pps * 0.6) break;
    }
    return { best, steps };
  } finally {
    await teardown();
  }
}

export async function crossHostBench(cleanup: Cleanup): Promise<Record<string, unknown>> {
  progress("cross-host: raw NATS publish/subscribe baseline");
  const raw = await rawNatsRate(cleanup);
  progress(`cross-host: raw NATS ${Math.round(raw)} messages/s; now two host agents`);
  const { best, steps } = await crossHostRate(cleanup);
  return {
    bench: "cross-host-frames",
    frames_per_s: round(best, 0),
    baseline: { name: "raw NATS publish/subscribe of the same payload, one frame per message", messages_per_s: round(raw, 0) },
    ratio: round(best / raw, 3),
    target: "frames_per_s >= 0.5 x baseline",
    met: best >= raw / 2,
    detail: { measured: "highest lossless rate (<0.1% lost), frames received over the time from the first to the last receipt, of a traffic flow from a VM on esx-01 to a VM on esx-02, 64-byte frames, 3 s per offered rate", steps },
  };
}
