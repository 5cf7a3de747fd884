import { randomUUID } from "node:crypto";
import type { ClusterState } from "@vdsim/model";
import {
  FileValidationError,
  exportTopology as exportOf,
  plan,
  simulate,
  topologyHash as hashOf,
  type FileIssue,
  type ParsedFile,
  type PlanProblem,
  type PlanStep,
  type Topology,
} from "@vdsim/topology";
import { waitFor } from "@vdsim/runtime";
import { waitConverged } from "./converge.js";
import type { ClusterCalls } from "./types.js";
import { foldLog } from "./replay.js";

export interface ApplyOptions {
  /** plan and check only: record nothing */
  readonly dryRun?: boolean;
  /** once every step is recorded, wait until every responding host applied the log (ms) */
  readonly waitMs?: number;
  /** hears each step once it is recorded (seq null: it changed nothing) */
  readonly onStep?: (step: PlanStep, seq: number | null, index: number, total: number) => void;
}

export interface ApplyReport {
  readonly steps: ReadonlyArray<{ readonly summary: string; readonly seq: number | null }>;
  /** events recorded: 0 when the cluster already matched the file */
  readonly recorded: number;
  readonly topologyHash: string;
}

/** A plan problem as a file issue: with the file's positions when the topology came from one. */
function issuesOf(source: Topology | ParsedFile<Topology>, problems: readonly PlanProblem[]): FileIssue[] {
  return problems.map((p) =>
    isParsed(source) ? source.issue(p.path, p.message) : { file: "<topology>", line: 0, column: 0, field: p.path.join("."), message: p.message },
  );
}

function isParsed(source: Topology | ParsedFile<Topology>): source is ParsedFile<Topology> {
  return "value" in source && "locate" in source;
}

/** The cluster's state as the log has it now. */
export async function clusterState(client: ClusterCalls): Promise<ClusterState> {
  return (await foldLog(await client.eventStore())).state;
}

/**
 * Converges the cluster to a topology: plans from the log, checks the whole plan against the
 * deciders (a file the cluster would refuse records nothing and throws FileValidationError
 * naming the field), then sends each step in order. Applying the same topology twice records nothing.
 */
export async function applyTopology(client: ClusterCalls, source: Topology | ParsedFile<Topology>, options: ApplyOptions = {}): Promise<ApplyReport> {
  const topology = isParsed(source) ? source.value : source;
  const state = await clusterState(client);
  const planned = plan(topology, state);
  if (planned.problems.length > 0) throw new FileValidationError(issuesOf(source, planned.problems));
  const status = await client.status();
  const responding = new Set(status.hosts.filter((h) => h.status === "connected").map((h) => h.name));
  const silent = planned.steps.flatMap((s) => (s.kind === "host" && !responding.has(s.host) ? [{ path: s.path, message: `${s.summary}: host "${s.host}" is not responding, so its agent cannot make the change` }] : []));
  if (silent.length > 0) throw new FileValidationError(issuesOf(source, silent.slice(0, 1)));
  const dry = simulate(planned.steps, state, (h) => responding.has(h));
  if (dry.problem) throw new FileValidationError(issuesOf(source, [dry.problem]));
  if (options.dryRun) return { steps: planned.steps.map((s) => ({ summary: s.summary, seq: null })), recorded: 0, topologyHash: hashOf(dry.state) };
  const done: Array<{ summary: string; seq: number | null }> = [];
  // the management service and each host agent decide on what they have folded: each waits
  // for the other's last recorded step before deciding the next one
  const last = { management: 0, host: 0 };
  for (const [i, step] of planned.steps.entries()) {
    await readFor(client, step, step.kind === "management" ? last.host : last.management);
    const commandId = randomUUID();
    const seq =
      step.kind === "management"
        ? (await client.command(step.command, { commandId })).seq
        : (await client.hostCommand(step.host, step.command, { commandId })).seq;
    if (seq !== null) last[step.kind] = seq;
    done.push({ summary: step.summary, seq });
    options.onStep?.(step, seq, i, planned.steps.length);
  }
  if (options.waitMs !== undefined) await waitConverged(client, { timeoutMs: options.waitMs });
  return { steps: done, recorded: done.filter((s) => s.seq !== null).length, topologyHash: hashOf(await clusterState(client)) };
}

/** Waits until whoever decides `step` has applied the log through `seq`. */
async function readFor(client: ClusterCalls, step: PlanStep, seq: number): Promise<void> {
  if (seq === 0) return;
  const applied = async (): Promise<number> => (step.kind === "management" ? (await client.ping()).seq : (await client.hostState(step.host)).appliedSeq);
  await waitFor(`${step.kind === "management" ? "the management service" : step.host} to apply sequence ${seq}`, async () => ((await applied()) >= seq ? true : undefined), 15_000, 20);
}

/** The cluster's configuration as a topology file (see `renderTopology` for its YAML). */
export async function exportTopology(client: ClusterCalls): Promise<Topology> {
  return exportOf(await clusterState(client));
}

/** The topology, its hash and the sequence they stand at, from one read of the log. */
export async function exportCluster(client: ClusterCalls): Promise<{ readonly topology: Topology; readonly hash: string; readonly seq: number }> {
  const { state, seq } = await foldLog(await client.eventStore());
  return { topology: exportOf(state), hash: hashOf(state), seq };
}

/** The hash of what a topology file can say about the cluster: equal on two clusters whose exports are equal. */
export async function topologyHash(client: ClusterCalls): Promise<string> {
  return hashOf(await clusterState(client));
}
