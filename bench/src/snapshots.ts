import { foldLog } from "@vdsim/client";
import { JetStreamEventStore, SnapshotStore, captureSnapshot } from "@vdsim/eventstore";
import { clusterStateHash } from "@vdsim/model";
import { connectNats } from "@vdsim/runtime";
import type { Cleanup } from "./cleanup.js";
import { scratchNatsServer } from "./scratch-nats.js";
import { appendHistory, generateHistory } from "./history.js";
import { median, progress, round } from "./stats.js";

/** Log lengths the catch-up is measured at; the snapshot sits TAIL events before each. */
const SIZES = [25_000, 50_000, 100_000];
const TAIL = 1_000;
const ROUNDS = 3;

/**
 * Catch-up that does not grow with the log: at each log length, what a new follower (a
 * restarted management service, a replay to the end) spends reaching the end from the nearest
 * snapshot (TAIL events back: load, check its hash, fold the rest) against folding from sequence 1
 * in the same run, and what writing a snapshot costs.
 */
export async function snapshotsBench(cleanup: Cleanup): Promise<Record<string, unknown>> {
  const { server, stop: stopServer } = await scratchNatsServer(cleanup, "snapshots");
  const nc = await connectNats({ servers: server.url, name: "bench-snapshots" });
  const close = cleanup.add("snapshots connection", () => nc.close());
  try {
    const total = SIZES.at(-1)!;
    progress(`snapshots: generating ${total} events with the deciders`);
    const history = generateHistory(total);
    const store = await JetStreamEventStore.open(nc);
    const snapshots = (await SnapshotStore.open(nc, { create: true }))!;
    const points: Array<Record<string, unknown>> = [];
    let appended = 0;
    for (const size of SIZES) {
      await appendHistory(store, history.events.slice(appended, size), 1_000, appended);
      appended = size;
      const at = size - TAIL;
      const folded = await foldLog(store, { to: at });
      const t0 = performance.now();
      const { body, hash } = captureSnapshot({ seq: at, state: folded.state, subjectSeqs: {}, recentCommands: [] });
      const captureMs = performance.now() - t0;
      const info = await snapshots.write(at, hash, body);
      const writeMs = performance.now() - t0;
      const fromScratch: number[] = [];
      const fromSnapshot: number[] = [];
      for (let r = 0; r < ROUNDS; r++) {
        globalThis.gc?.();
        let t = performance.now();
        const scratch = await foldLog(store, { to: size });
        fromScratch.push(performance.now() - t);
        globalThis.gc?.();
        t = performance.now();
        const loaded = await snapshots.nearest(size);
        if (loaded?.info.seq !== at) throw new Error(`the nearest snapshot at or before ${size} is ${loaded?.info.seq}, not ${at}`);
        const caught = await foldLog(store, { to: size, start: { seq: at, state: loaded.content.state } });
        fromSnapshot.push(performance.now() - t);
        if (clusterStateHash(caught.state) !== clusterStateHash(scratch.state)) throw new Error(`at ${size} events the catch-up from the snapshot differs from the fold from sequence 1`);
      }
      const point = {
        events: size,
        snapshot_seq: at,
        catch_up_from_snapshot_ms: round(median(fromSnapshot), 1),
        fold_from_1_ms: round(median(fromScratch), 1),
        snapshot_bytes: info.bytes,
        snapshot_stored_bytes: info.storedBytes,
        snapshot_capture_ms: round(captureMs, 1),
        snapshot_write_ms: round(writeMs, 1),
      };
      progress(`snapshots: ${JSON.stringify(point)}`);
      points.push(point);
    }
    const first = points[0]!;
    const last = points.at(-1)!;
    const growth = (last.catch_up_from_snapshot_ms as number) / (first.catch_up_from_snapshot_ms as number);
    const scratchGrowth = (last.fold_from_1_ms as number) / (first.fold_from_1_ms as number);
    return {
      bench: "snapshots",
      catch_up_from_snapshot_ms: last.catch_up_from_snapshot_ms,
      baseline: { name: `fold from sequence 1 to ${last.events} events`, ms: last.fold_from_1_ms },
      catch_up_growth: round(growth, 2),
      fold_from_1_growth: round(scratchGrowth, 2),
      target: `catch-up from a snapshot ${TAIL} events back grows < 2x from ${first.events} to ${last.events} events (the log grew ${(last.events as number) / (first.events as number)}x)`,
      met: growth < 2,
      detail: { measured: `median of ${ROUNDS} rounds per size; the snapshot ${TAIL} events before the end; end states' hashes compared`, points },
    };
  } finally {
    await close();
    await stopServer();
  }
}
