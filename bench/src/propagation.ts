import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DeliverPolicy, RetentionPolicy, StorageType, jetstream, jetstreamManager, type ConsumerMessages } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import type { CommandResult } from "@vdsim/client";
import { down, startCluster, type ClusterHandle, type NatsAccess } from "@vdsim/cluster";
import { DEFAULT_STREAM } from "@vdsim/eventstore";
import { decide, encodeEnvelope, envelope, evolve, initialState, type ManagementCommand } from "@vdsim/model";
import { Subjects, decodeBody, type Heartbeat } from "@vdsim/protocol";
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { connectNats, stopProcess } from "@vdsim/runtime";
import type { Cleanup } from "./cleanup.js";
import { scratchNatsServer } from "./scratch-nats.js";
import { CpuMeter } from "./proc.js";
import { median, percentile, progress, round, summarize, type LatencySummary } from "./stats.js";

const HOSTS = 8;
const CHANGES = 200;
/**
 * Changes (and baseline messages) sent first and not counted. The first few dozen changes after
 * the cluster starts run through cold code in ten processes (p99 about twice the steady state
 * with only 10 warm-ups), so both sides warm up with 50.
 */
const WARMUP = 50;
/** extra changes after the measured ones, with an observer timing each stage (not counted) */
const BREAKDOWN_CHANGES = 100;
const WAIT_MS = 10_000;
const VDS = "dvs-bench";
const PG = "pg-bench";
const TARGET_RATIO = 3;

export async function propagationBench(cleanup: Cleanup): Promise<Record<string, unknown>> {
  const inProcess = await rawJetStreamBaseline(cleanup);
  progress(`propagation baseline (consumers in one process): p50 ${inProcess.summary.p50_ms} ms, p99 ${inProcess.summary.p99_ms} ms`);
  const baseline = await rawJetStreamBaseline(cleanup, true);
  progress(`propagation baseline (a process per consumer): p50 ${baseline.summary.p50_ms} ms, p99 ${baseline.summary.p99_ms} ms`);
  const ours = await clusterPropagation(cleanup);
  const ratio = ours.summary.p99_ms / baseline.summary.p99_ms;
  return {
    bench: "propagation",
    hosts: HOSTS,
    changes: CHANGES,
    warmup_changes: WARMUP,
    p50_ms: ours.summary.p50_ms,
    p99_ms: ours.summary.p99_ms,
    mean_ms: ours.summary.mean_ms,
    max_ms: ours.summary.max_ms,
    min_ms: ours.summary.min_ms,
    baseline: {
      name: `raw JetStream publish to ${HOSTS} plain consumers, each a process of its own acking on core NATS (the host agents' process topology)`,
      ...withoutN(baseline.summary),
    },
    p99_ratio: round(ratio, 2),
    baseline_in_one_process: { name: `raw JetStream publish to ${HOSTS} consumers in one process`, ...withoutN(inProcess.summary) },
    p99_ratio_to_in_one_process: round(ours.summary.p99_ms / inProcess.summary.p99_ms, 2),
    target: `p99 <= ${TARGET_RATIO}x baseline`,
    met: ratio <= TARGET_RATIO,
    detail: {
      measured: `client round trip of setPortGroupPolicy(waitMs ${WAIT_MS}) until all ${HOSTS} hosts applied; ${WARMUP} warm-up changes not counted; exact nearest-rank percentiles`,
      management_append_to_last_host_applied: withoutN(ours.appendToApplied),
      cpu_ms_per_change: ours.cpuPerChange,
      breakdown: ours.breakdown,
      baseline_payload_bytes: baseline.payloadBytes,
    },
  };
}

function withoutN(s: LatencySummary): Omit<LatencySummary, "n"> {
  const { n: _n, ...rest } = s;
  return rest;
}

/** Size of the change as the log carries it (decided like the management service does), for the baseline's payload. */
function samplePayloadSize(): number {
  const state = initialState();
  const ctx = { isHostResponding: () => true };
  const meta = { commandId: "00000000-0000-4000-8000-000000000000", time: new Date().toISOString() };
  const commands: ManagementCommand[] = [
    { type: "CreateDistributedSwitch", vds: VDS },
    { type: "AddDistributedPortGroup", vds: VDS, portgroup: PG },
    { type: "SetDistributedPortGroupPolicy", vds: VDS, portgroup: PG, patch: { vlan: { kind: "vlan", id: 1234 } } },
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

/**
 * Baseline: on its own nats-server, one publisher and HOSTS separate connections each with an
 * ordered consumer (deliver new, consume()). Each sample is one js.publish (awaiting the ack)
 * until the ack arrived and all HOSTS consumers have received the message.
 */
async function rawJetStreamBaseline(cleanup: Cleanup, inProcesses = false): Promise<{ summary: LatencySummary; payloadBytes: number }> {
  const { server, stop: stopServer } = await scratchNatsServer(cleanup, "baseline");
  const connections: NatsConnection[] = [];
  const iterators: ConsumerMessages[] = [];
  const processes: Array<() => Promise<void>> = [];
  const closeAll = cleanup.add("baseline connections", async () => {
    await Promise.all(processes.map((stop) => stop()));
    await Promise.all(iterators.map((m) => m.close().catch(() => undefined)));
    await Promise.all(connections.map((nc) => nc.close().catch(() => undefined)));
  });
  try {
    progress(`propagation baseline: nats-server at ${server.url}, ${HOSTS} ordered consumers`);
    const pub = await connectNats({ servers: server.url, name: "bench-baseline-publisher" });
    connections.push(pub);
    const stream = "BENCH_BASELINE";
    await (await jetstreamManager(pub)).streams.add({
      name: stream,
      subjects: ["bench.baseline.>"],
      storage: StorageType.File,
      retention: RetentionPolicy.Limits,
      num_replicas: 1,
    });
    const js = jetstream(pub);

    // index -> how many consumers received it, and who waits for all of them
    const received = new Map<number, number>();
    const waiters = new Map<number, () => void>();
    const onMessage = (index: number): void => {
      const n = (received.get(index) ?? 0) + 1;
      received.set(index, n);
      if (n === HOSTS) waiters.get(index)?.();
    };
    const pumps: Promise<void>[] = [];
    if (inProcesses) {
      pub.subscribe("bench.ack", { callback: (_e, m) => onMessage(new DataView(m.data.buffer, m.data.byteOffset, 4).getUint32(0)) });
      let ready = 0;
      pub.subscribe("bench.ack.ready", { callback: () => void ready++ });
      await pub.flush();
      const script = fileURLToPath(new URL("./consumer-process.js", import.meta.url));
      for (let c = 0; c < HOSTS; c++) {
        const child = spawn(process.execPath, [script, server.url, stream, "bench.ack"], { stdio: ["ignore", "ignore", "inherit"] });
        const stop = cleanup.add(`baseline consumer process ${c}`, async () => {
          if (child.exitCode === null && child.pid !== undefined) await stopProcess(child.pid);
        });
        pumps.push(new Promise<void>((resolve) => child.once("exit", () => resolve())).then(() => undefined));
        processes.push(stop);
      }
      const deadline = Date.now() + 15_000;
      while (ready < HOSTS) {
        if (Date.now() > deadline) throw new Error(`only ${ready} of ${HOSTS} baseline consumer processes started`);
        await new Promise((r) => setTimeout(r, 20));
      }
    }
    for (let c = 0; c < (inProcesses ? 0 : HOSTS); c++) {
      const nc = await connectNats({ servers: server.url, name: `bench-baseline-consumer-${c}` });
      connections.push(nc);
      const consumer = await jetstream(nc).consumers.get(stream, { deliver_policy: DeliverPolicy.New });
      const messages = await consumer.consume();
      iterators.push(messages);
      pumps.push(
        (async () => {
          for await (const m of messages) onMessage(new DataView(m.data.buffer, m.data.byteOffset, 4).getUint32(0));
        })().catch((err: unknown) => progress(`baseline consumer ${c} stopped: ${String(err)}`)),
      );
    }

    const payloadBytes = samplePayloadSize();
    let next = 0;
    /** publishes one message; resolves with the ms until ack + all consumers, or undefined on timeout */
    const once = async (timeoutMs: number): Promise<number | undefined> => {
      const index = next++;
      const payload = new Uint8Array(payloadBytes);
      for (let i = 4; i < payload.length; i++) payload[i] = (i * 31 + index) & 0xff;
      new DataView(payload.buffer).setUint32(0, index);
      let timer: NodeJS.Timeout | undefined;
      const all = new Promise<boolean>((resolve) => {
        if ((received.get(index) ?? 0) >= HOSTS) return resolve(true);
        waiters.set(index, () => resolve(true));
        timer = setTimeout(() => resolve(false), timeoutMs);
      });
      const t0 = performance.now();
      await js.publish(`bench.baseline.${index % 16}`, payload);
      const ok = await all;
      const ms = performance.now() - t0;
      clearTimeout(timer);
      waiters.delete(index);
      received.delete(index);
      return ok ? ms : undefined;
    };

    // consumers are created asynchronously: probe until a message reaches all of them
    const deadline = Date.now() + 15_000;
    while ((await once(500)) === undefined) {
      if (Date.now() > deadline) throw new Error(`the ${HOSTS} baseline consumers did not all receive a probe within 15 s`);
    }
    for (let i = 0; i < WARMUP; i++) if ((await once(5_000)) === undefined) throw new Error("baseline warm-up message was not delivered to every consumer");
    const samples: number[] = [];
    for (let i = 0; i < CHANGES; i++) {
      const ms = await once(5_000);
      if (ms === undefined) throw new Error(`baseline message ${i} did not reach all ${HOSTS} consumers within 5 s`);
      samples.push(ms);
    }
    await closeAll();
    await Promise.allSettled(pumps);
    return { summary: summarize(samples), payloadBytes };
  } finally {
    await closeAll();
    await stopServer();
  }
}

interface ClusterFigures {
  readonly summary: LatencySummary;
  readonly appendToApplied: LatencySummary;
  readonly cpuPerChange: Record<string, number | string>;
  readonly breakdown: Record<string, unknown>;
}

async function clusterPropagation(cleanup: Cleanup): Promise<ClusterFigures> {
  const stateDir = mkdtempSync(join(tmpdir(), "vdsim-bench-cluster-"));
  let starting: Promise<ClusterHandle> | undefined;
  const teardown = cleanup.add("cluster", async () => {
    // a cluster still starting is waited for (startCluster stops what it started when it fails)
    const cluster = await starting?.catch(() => undefined);
    if (cluster) await cluster.down();
    else await down(stateDir);
    rmSync(stateDir, { recursive: true, force: true });
  });
  try {
    progress(`propagation: starting nats-server, management and ${HOSTS} host agents (state dir ${stateDir})`);
    let t = performance.now();
    starting = startCluster({ hosts: HOSTS, stateDir });
    const cluster = await starting;
    progress(`propagation: cluster up in ${Math.round(performance.now() - t)} ms`);
    const client = cluster.client;
    const record = cluster.record();
    const hosts = Object.keys(record.hosts).sort();
    if (hosts.length !== HOSTS) throw new Error(`cluster started ${hosts.length} hosts, expected ${HOSTS}`);

    const wait = { waitMs: WAIT_MS };
    expectApplied("create switch", await client.createSwitch(VDS, {}, wait), 0);
    for (const [i, host] of hosts.entries()) expectApplied(`add ${host}`, await client.addHostToSwitch(VDS, host, undefined, wait), i + 1);
    expectApplied("add port group", await client.addPortGroup(VDS, PG, {}, wait), HOSTS);

    let lastSeq = 0;
    const change = async (vlanId: number): Promise<{ ms: number; appendToApplied: number; t0: number; t1: number; seq: number }> => {
      const t0 = performance.now();
      const result = await client.setPortGroupPolicy(VDS, PG, { vlan: { kind: "vlan", id: vlanId } }, wait);
      const t1 = performance.now();
      expectApplied(`set VLAN ${vlanId}`, result, HOSTS);
      lastSeq = result.seq!;
      const applied = result.applied ?? [];
      return { ms: t1 - t0, appendToApplied: Math.max(...applied.map((a) => a.ms)), t0, t1, seq: lastSeq };
    };
    for (let i = 0; i < WARMUP; i++) await change(3000 + i);

    const pids: Record<string, number> = { "nats-server": record.natsPid ?? NaN, management: record.managementPid };
    for (const h of hosts) pids[h] = record.hosts[h]!;
    const cpu = new CpuMeter(pids);
    const samples: number[] = [];
    const appendToApplied: number[] = [];
    t = performance.now();
    for (let i = 0; i < CHANGES; i++) {
      const s = await change(1 + (i % 4000));
      samples.push(s.ms);
      appendToApplied.push(s.appendToApplied);
    }
    const wallMs = performance.now() - t;
    const used = cpu.read();
    progress(`propagation: ${CHANGES} changes in ${Math.round(wallMs)} ms`);
    const agents = hosts.reduce((sum, h) => sum + used[h]!, 0);
    const cpuPerChange = {
      wall: round(wallMs / CHANGES, 2),
      "nats-server": round(used["nats-server"]! / CHANGES, 2),
      management: round(used.management! / CHANGES, 2),
      host_agents_total: round(agents / CHANGES, 2),
      host_agent_mean: round(agents / hosts.length / CHANGES, 2),
      bench_client: round(used.bench! / CHANGES, 2),
      note: "CPU ms per change from /proc/<pid>/stat (10 ms ticks) over the measured changes; 2 cores = 2 ms of CPU per wall ms",
    };

    const breakdown = await stageBreakdown(cluster.natsAccess(), hosts, (i) => change(2000 + (i % 1000)), () => lastSeq);
    return { summary: summarize(samples), appendToApplied: summarize(appendToApplied), cpuPerChange, breakdown };
  } finally {
    progress("propagation: stopping the cluster");
    await teardown();
  }
}

/**
 * Diagnostic pass after the measured one: an observer connection follows the event stream the
 * way a host agent does (ordered consumer, deliver new) and listens to the heartbeats, and times
 * each stage of BREAKDOWN_CHANGES more changes. The observer adds load, so these changes are
 * not part of the reported percentiles.
 */
async function stageBreakdown(
  access: NatsAccess,
  hosts: readonly string[],
  change: (i: number) => Promise<{ t0: number; t1: number; seq: number }>,
  lastSeq: () => number,
): Promise<Record<string, unknown>> {
  // as the client role: it reads the log and the heartbeats, as the dashboard does
  const nc = await connectNats({ servers: access.servers, name: "bench-observer", ...(access.credsFile === undefined ? {} : { credsFile: access.credsFile }) });
  try {
    const eventAt = new Map<number, number>();
    const beatAt = new Map<number, Map<string, number>>();
    let watching = 0;
    nc.subscribe(Subjects.heartbeatAll, {
      callback: (err, msg) => {
        if (err || watching === 0) return;
        const beat = decodeBody<Heartbeat>(msg.data);
        if (beat.appliedSeq < watching) return;
        const at = beatAt.get(watching) ?? new Map<string, number>();
        beatAt.set(watching, at);
        if (!at.has(beat.host)) at.set(beat.host, performance.now());
      },
    });
    const consumer = await jetstream(nc).consumers.get(DEFAULT_STREAM, { deliver_policy: DeliverPolicy.New });
    const messages = await consumer.consume();
    const pump = (async () => {
      for await (const m of messages) eventAt.set(m.seq, performance.now());
    })().catch(() => undefined);
    await nc.flush();
    // make sure the observer's consumer is delivering before timing anything
    const probe = await change(999);
    const deadline = Date.now() + 5_000;
    while (!eventAt.has(probe.seq) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    if (!eventAt.has(probe.seq)) throw new Error("the observer's consumer did not see the probe change");

    const stages = { toEvent: [] as number[], eventToFirstBeat: [] as number[], eventToLastBeat: [] as number[], lastBeatToReply: [] as number[], total: [] as number[] };
    for (let i = 0; i < BREAKDOWN_CHANGES; i++) {
      watching = lastSeq() + 1;
      const r = await change(i);
      if (r.seq !== watching) throw new Error(`breakdown change recorded at ${r.seq}, expected ${watching}`);
      const ev = eventAt.get(r.seq);
      const beats = [...(beatAt.get(r.seq)?.values() ?? [])];
      if (ev === undefined || beats.length !== hosts.length) continue; // observer lagged: skip this sample
      const first = Math.min(...beats);
      const last = Math.max(...beats);
      stages.toEvent.push(ev - r.t0);
      stages.eventToFirstBeat.push(first - ev);
      stages.eventToLastBeat.push(last - ev);
      stages.lastBeatToReply.push(r.t1 - last);
      stages.total.push(r.t1 - r.t0);
    }
    watching = 0;
    await messages.close();
    await pump;
    const fig = (xs: number[]): { p50_ms: number; p99_ms: number } | null => {
      if (xs.length === 0) return null;
      const sorted = [...xs].sort((a, b) => a - b);
      return { p50_ms: round(median(sorted)), p99_ms: round(percentile(sorted, 99)) };
    };
    return {
      changes: stages.total.length,
      note: `${BREAKDOWN_CHANGES} extra changes after the measured ones; an observer connection in the bench process timestamps each stage (its own scheduling adds noise)`,
      client_request_to_event_delivered: fig(stages.toEvent),
      event_delivered_to_first_host_heartbeat: fig(stages.eventToFirstBeat),
      event_delivered_to_last_host_heartbeat: fig(stages.eventToLastBeat),
      last_host_heartbeat_to_client_reply: fig(stages.lastBeatToReply),
      total: fig(stages.total),
    };
  } finally {
    await nc.close();
  }
}

/** A change must be recorded and applied by exactly `hosts` hosts, with none pending. */
function expectApplied(what: string, result: CommandResult, hosts: number): void {
  if (result.seq === null) throw new Error(`${what}: the command recorded no event`);
  const applied = result.applied ?? [];
  const pending = result.pending ?? [];
  if (applied.length !== hosts || pending.length !== 0) {
    throw new Error(
      `${what}: expected ${hosts} hosts to apply it with none pending; applied by ${applied.length} (${applied.map((a) => a.host).join(", ")}), ` +
        `pending ${pending.map((p) => `${p.host} (${p.status})`).join(", ") || "none"}`,
    );
  }
}
