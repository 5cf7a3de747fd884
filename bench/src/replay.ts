import { DeliverPolicy, jetstream, jetstreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import { foldLog } from "@vdsim/client";
import { JetStreamEventStore } from "@vdsim/eventstore";
import { clusterStateHash, decodeEnvelope, encodeEnvelope, evolve, initialState, toDomainEvent } from "@vdsim/model";
import { connectNats } from "@vdsim/runtime";
import type { Cleanup } from "./cleanup.js";
import { scratchNatsServer } from "./scratch-nats.js";
import { appendHistory, generateHistory } from "./history.js";
import { median, progress, round } from "./stats.js";

const EVENTS = 100_000;
const ROUNDS = 5;
const APPEND_WINDOW = 1_000;
/** the batch JetStreamEventStore.read asks for (READ_BATCH in packages/eventstore/src/jetstream-store.ts) */
const READ_BATCH = 10_000;
/** the goals of issue 13: replay from sequence 1 at this rate, and at this share of the raw read measured in the same run */
const TARGET_EVENTS_PER_S = 200_000;
const TARGET_RATIO_TO_RAW = 0.75;

/** The encoded log packed in one buffer: what the in-memory fold decodes, without 100k live objects on the heap. */
interface PackedLog {
  readonly bytes: Uint8Array;
  /** event i is bytes[offsets[i], offsets[i + 1]) */
  readonly offsets: Uint32Array;
}

interface Prepared {
  readonly packed: PackedLog;
  readonly hash: string;
  readonly byType: Readonly<Record<string, number>>;
  readonly commands: number;
  readonly refused: number;
  readonly unchanged: number;
  readonly generateMs: number;
  readonly appendMs: number;
}

export async function replayBench(cleanup: Cleanup): Promise<Record<string, unknown>> {
  const { server, stop: stopServer } = await scratchNatsServer(cleanup, "replay");
  const writer = await connectNats({ servers: server.url, name: "bench-replay-writer" });
  const closeWriter = cleanup.add("replay writer connection", () => writer.close());
  const reader = await connectNats({ servers: server.url, name: "bench-replay-reader" });
  const closeReader = cleanup.add("replay reader connection", () => reader.close());
  try {
    // generate and append in a function of its own: once it returns, the 100k generated
    // envelopes and the generated state are garbage and do not weigh on the measured folds
    const prepared = await prepare(writer);
    await closeWriter();
    const { packed, hash } = prepared;

    const store = await JetStreamEventStore.open(reader, { create: false });
    const runs = { fold: [] as number[], raw: [] as number[], memory: [] as number[], decode: [] as number[], evolve: [] as number[] };
    const cpu = { fold: [] as number[], raw: [] as number[] };
    for (let r = 1; r <= ROUNDS; r++) {
      const raw = await timed(() => rawRead(reader, store.stream));
      runs.raw.push(raw.ms);
      cpu.raw.push(raw.cpuMs);
      const fold = await jetStreamFold(store, hash);
      runs.fold.push(fold.ms);
      cpu.fold.push(fold.cpuMs);
      runs.memory.push(inMemoryFold(packed, hash));
      const split = decodeThenEvolve(packed, hash);
      runs.decode.push(split.decodeMs);
      runs.evolve.push(split.evolveMs);
      progress(
        `replay round ${r}/${ROUNDS}: foldLog(store) ${Math.round(fold.ms)} ms (CPU ${Math.round(fold.cpuMs)} ms), raw read ${Math.round(raw.ms)} ms (CPU ${Math.round(raw.cpuMs)} ms), ` +
          `in-memory decode+evolve ${Math.round(runs.memory.at(-1)!)} ms (decode alone ${Math.round(split.decodeMs)} ms, evolve alone ${Math.round(split.evolveMs)} ms)`,
      );
    }
    const rate = (ms: number): number => Math.round(EVENTS / (ms / 1000));
    const foldMs = median(runs.fold);
    const rawMs = median(runs.raw);
    const eventsPerS = rate(foldMs);
    const ratio = rawMs / foldMs;
    const goals = [
      { goal: `events_per_s >= ${TARGET_EVENTS_PER_S}`, value: eventsPerS, met: eventsPerS >= TARGET_EVENTS_PER_S },
      { goal: `ratio_to_baseline >= ${TARGET_RATIO_TO_RAW}`, value: round(ratio, 3), met: ratio >= TARGET_RATIO_TO_RAW },
    ];
    return {
      bench: "replay",
      events: EVENTS,
      events_per_s: eventsPerS,
      ms: round(foldMs, 1),
      baseline: { name: "raw JetStream read, no decode/fold", events_per_s: rate(rawMs), ms: round(rawMs, 1) },
      ratio_to_baseline: round(ratio, 3),
      in_memory_fold_events_per_s: rate(median(runs.memory)),
      target: goals.map((g) => g.goal).join(" and "),
      goals,
      met: goals.every((g) => g.met),
      hash_ok: true,
      state_hash: hash,
      detail: {
        measured: `median of ${ROUNDS} rounds; each JetStream read is a new ordered consumer from sequence 1 (consume with a callback, batches of ${READ_BATCH})`,
        runs_ms: { fold: runs.fold.map((x) => round(x, 1)), raw_read: runs.raw.map((x) => round(x, 1)), in_memory_fold: runs.memory.map((x) => round(x, 1)) },
        // this process's CPU time (user + system) during each JetStream read: what the reader costs, less moved by the machine's load than wall time
        cpu_ms: { fold: cpu.fold.map((x) => round(x, 1)), raw_read: cpu.raw.map((x) => round(x, 1)) },
        cpu_ms_median: { fold: round(median(cpu.fold), 1), raw_read: round(median(cpu.raw), 1) },
        // the raw read's CPU over the replay's: the ratio the replay's own work sets, less moved by the load than ratio_to_baseline
        cpu_ratio_to_baseline: round(median(cpu.raw) / median(cpu.fold), 3),
        in_memory_decode_only_events_per_s: rate(median(runs.decode)),
        in_memory_evolve_only_events_per_s: rate(median(runs.evolve)),
        encoded_bytes_mean: Math.round(packed.bytes.length / EVENTS),
        events_by_type: prepared.byType,
        commands_decided: prepared.commands,
        commands_refused: prepared.refused,
        commands_unchanged: prepared.unchanged,
        generate_ms: Math.round(prepared.generateMs),
        append_ms: Math.round(prepared.appendMs),
        gc_between_runs: typeof globalThis.gc === "function",
      },
    };
  } finally {
    await closeReader();
    await closeWriter();
    await stopServer();
  }
}

async function prepare(writer: NatsConnection): Promise<Prepared> {
  progress(`replay: generating ${EVENTS} events with the deciders`);
  let t = performance.now();
  const history = generateHistory(EVENTS);
  const generateMs = performance.now() - t;
  if (history.events.length !== EVENTS) throw new Error(`generated ${history.events.length} events, expected ${EVENTS}`);
  progress(`replay: generated in ${Math.round(generateMs)} ms: ${JSON.stringify(history.byType)}`);

  t = performance.now();
  const store = await JetStreamEventStore.open(writer);
  await appendHistory(store, history.events, APPEND_WINDOW);
  const appendMs = performance.now() - t;
  const lastSeq = await store.lastSeq();
  if (lastSeq !== EVENTS) throw new Error(`the stream holds ${lastSeq} events after appending ${EVENTS}`);
  progress(`replay: appended ${EVENTS} events in ${Math.round(appendMs)} ms (store.append pipelined, ${APPEND_WINDOW} in flight)`);

  const encoded = history.events.map((e) => encodeEnvelope(e.envelope));
  const offsets = new Uint32Array(EVENTS + 1);
  for (let i = 0; i < EVENTS; i++) offsets[i + 1] = offsets[i]! + encoded[i]!.length;
  const bytes = new Uint8Array(offsets[EVENTS]!);
  for (let i = 0; i < EVENTS; i++) bytes.set(encoded[i]!, offsets[i]!);
  return {
    packed: { bytes, offsets },
    hash: history.hash,
    byType: history.byType,
    commands: history.commands,
    refused: history.refused,
    unchanged: history.unchanged,
    generateMs,
    appendMs,
  };
}

/** A full collection before each timed run, when node runs with --expose-gc, so runs do not pay for each other's garbage. */
function settle(): void {
  globalThis.gc?.();
}

/** Times a read after settle(), with this process's CPU time (user + system) over the same span. */
async function timed(read: () => Promise<void>): Promise<{ ms: number; cpuMs: number }> {
  settle();
  const t0 = performance.now();
  const before = process.cpuUsage();
  await read();
  const used = process.cpuUsage(before);
  return { ms: performance.now() - t0, cpuMs: (used.user + used.system) / 1000 };
}

/** What the benchmark measures: the client's replay, foldLog over the store's scan (ordered consumer, callback delivery). */
async function jetStreamFold(store: JetStreamEventStore, expectedHash: string): Promise<{ ms: number; cpuMs: number }> {
  let result: Awaited<ReturnType<typeof foldLog>> | undefined;
  const time = await timed(async () => void (result = await foldLog(store)));
  if (result === undefined) throw new Error("foldLog returned nothing");
  if (result.events !== EVENTS || result.seq !== EVENTS) throw new Error(`foldLog folded ${result.events} events through ${result.seq}, expected ${EVENTS}`);
  const hash = clusterStateHash(result.state);
  if (hash !== expectedHash) {
    throw new Error(`REPLAY HASH MISMATCH: the state replayed from JetStream hashes to ${hash}, the state built while generating to ${expectedHash}`);
  }
  return time;
}

/**
 * Baseline: the read JetStreamEventStore.read does (ordered consumer from sequence 1,
 * consume() with a callback in batches of READ_BATCH, stop at the last sequence), touching each message's
 * sequence, pending count and payload, without decoding or folding.
 */
async function rawRead(nc: NatsConnection, stream: string): Promise<void> {
  const to = (await (await jetstreamManager(nc)).streams.info(stream)).state.last_seq;
  const consumer = await jetstream(nc).consumers.get(stream, { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: 1 });
  let count = 0;
  let bytes = 0;
  let finished: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (finished = resolve));
  const messages = await consumer.consume({
    max_messages: READ_BATCH,
    callback: (m) => {
      if (m.seq > to) return finished();
      count++;
      bytes += m.data.length;
      if (m.seq >= to || m.info.pending === 0) finished();
    },
  });
  try {
    await done;
  } finally {
    await messages.close();
  }
  if (count !== EVENTS || bytes === 0) throw new Error(`raw read saw ${count} messages, expected ${EVENTS}`);
}

const eventBytes = (log: PackedLog, i: number): Uint8Array => log.bytes.subarray(log.offsets[i]!, log.offsets[i + 1]!);

/** decode + evolve from the encoded envelopes in memory: the fold without the log transport. */
function inMemoryFold(log: PackedLog, expectedHash: string): number {
  settle();
  const t0 = performance.now();
  const state = initialState();
  for (let i = 0; i < EVENTS; i++) evolve(state, toDomainEvent(decodeEnvelope(eventBytes(log, i))));
  const ms = performance.now() - t0;
  const hash = clusterStateHash(state);
  if (hash !== expectedHash) throw new Error(`IN-MEMORY FOLD HASH MISMATCH: ${hash} != ${expectedHash}`);
  return ms;
}

/**
 * The in-memory fold split in two: decoding every envelope (nothing kept, as in the fold),
 * then evolving a state from envelopes decoded beforehand (untimed).
 */
function decodeThenEvolve(log: PackedLog, expectedHash: string): { decodeMs: number; evolveMs: number } {
  settle();
  let t0 = performance.now();
  let versions = 0;
  for (let i = 0; i < EVENTS; i++) versions += decodeEnvelope(eventBytes(log, i)).v;
  const decodeMs = performance.now() - t0;
  if (versions < EVENTS) throw new Error("decoding produced no envelopes");
  const events = new Array<ReturnType<typeof toDomainEvent>>(EVENTS);
  for (let i = 0; i < EVENTS; i++) events[i] = toDomainEvent(decodeEnvelope(eventBytes(log, i)));
  settle();
  t0 = performance.now();
  const state = initialState();
  for (const e of events) evolve(state, e);
  const evolveMs = performance.now() - t0;
  if (clusterStateHash(state) !== expectedHash) throw new Error("decode-then-evolve fold hash mismatch");
  return { decodeMs, evolveMs };
}
