import { resolve } from "node:path";
import { pingall, type VdsimClient } from "@vdsim/client";
import { parseVlan, type PortGroupPolicyPatch } from "@vdsim/model";
import { parseDurationMs, waitFor } from "@vdsim/runtime";
import { loadTopologyFile, scopedFile, type FieldPath, type ParsedFile, type ScenarioStep, type StepKind } from "@vdsim/topology";
import { runCheckStep } from "./check.js";

/** What a scenario needs of a running cluster: its client, and control over each host agent process. */
export interface ScenarioCluster {
  readonly client: VdsimClient;
  killHost(host: string): Promise<void>;
  pauseHost(host: string): void;
  resumeHost(host: string): void;
  restartHost(host: string): Promise<number>;
}

export interface StepContext {
  readonly cluster: ScenarioCluster;
  /** the scenario file's folder: topology files are relative to it */
  readonly baseDir: string;
  /** the scenario file, and where in it the running step's arguments are: errors name their lines */
  readonly file: ParsedFile<unknown>;
  readonly at: FieldPath;
}

/** A step ran but its outcome is not what the scenario expects. */
export class ExpectationFailed extends Error {
  override readonly name = "ExpectationFailed";
}

type Args<K extends StepKind> = Extract<ScenarioStep, { kind: K }>["args"];
type Runners = { [K in StepKind]: (args: Args<K>, ctx: StepContext) => Promise<string> };

const WAIT_MS = 30_000;

/** A step's timeout: a number of ms or a duration the file's schema admits ("10s"). */
export function durationMs(d: number | string | undefined, fallback: number): number {
  if (d === undefined) return fallback;
  return typeof d === "number" ? d : (parseDurationMs(d) ?? fallback);
}

function expect(ok: boolean, message: string): void {
  if (!ok) throw new ExpectationFailed(message);
}

export const STEP_RUNNERS: Runners = {
  async apply(args, { cluster, baseDir, file, at }) {
    const source = typeof args === "string" ? loadTopologyFile(resolve(baseDir, args)) : scopedFile(file, at, args);
    const r = await cluster.client.apply(source, { waitMs: WAIT_MS });
    return `${r.recorded} change${r.recorded === 1 ? "" : "s"} recorded`;
  },

  async migrate(args, { cluster }) {
    const { client } = cluster;
    const params = { ...(args.memoryMB === undefined ? {} : { memoryMB: args.memoryMB }), ...(args.dirtyRateMBps === undefined ? {} : { dirtyRateMBps: args.dirtyRateMBps }) };
    const { migration, seq } = await client.migrate(args.vm, args.to, params);
    const done = await client.waitForMigration(migration, seq);
    const o = done.outcome;
    const r = o?.rollbackReason;
    const want = args.expect?.result ?? "completed";
    const detail = !r ? "" : r.kind === "precheckFailed" ? r.reasons.join("; ") : "message" in r ? (r.message ?? "") : "";
    const why = r ? ` (${r.kind}${detail ? `: ${detail}` : ""})` : "";
    expect(done.result === want, `migration of ${args.vm} ended ${done.result}${why}, expected ${want}`);
    const drift = o?.drift ?? [];
    const driftText = drift.map((d) => `${d.setting} ${String(d.source)} -> ${String(d.destination)}`).join(", ");
    const wantDrift = args.expect?.drift;
    if (wantDrift === true) expect(drift.length > 0, "expected the migration to report drift; it reported none");
    if (wantDrift === false) expect(drift.length === 0, `expected no drift; got ${driftText}`);
    if (Array.isArray(wantDrift)) {
      const settings = new Set(drift.map((d) => d.setting));
      const missing = wantDrift.filter((s) => !settings.has(s));
      expect(missing.length === 0, `expected drift in ${missing.join(", ")}; got ${driftText || "none"}`);
    }
    const lost = o?.traffic?.framesLost;
    if (args.expect?.maxFramesLost !== undefined) expect((lost ?? 0) <= args.expect.maxFramesLost, `${lost} frames lost, expected at most ${args.expect.maxFramesLost}`);
    return `${done.result}${o === null ? "" : ` in ${o.totalMs} ms`}${o?.stunMs == null ? "" : `, stun ${o.stunMs.toFixed(1)} ms`}${drift.length ? `, drift: ${driftText}` : ""}${lost === undefined ? "" : `, ${lost} frames lost`}`;
  },

  async setPolicy(args, { cluster }) {
    const { vds, portgroup, vlan, expectError: _, ...rest } = args;
    const patch: PortGroupPolicyPatch = { ...rest, ...(vlan === undefined ? {} : { vlan: parseVlan(String(vlan)) }) };
    const r = await cluster.client.setPortGroupPolicy(vds, portgroup, patch, { waitMs: WAIT_MS });
    const pending = r.pending ?? [];
    expect(pending.length === 0, `not applied within ${WAIT_MS} ms on ${pending.map((p) => p.host).join(", ")}`);
    return r.seq === null ? "already so" : `event ${r.seq}, applied on ${(r.applied ?? []).length} hosts`;
  },

  async startTraffic(args, { cluster }) {
    const flow = args.flow ?? `${args.from}-${args.to}`;
    await cluster.client.startTraffic({ flow, fromVm: args.from, to: args.to, pps: args.pps, ...(args.length === undefined ? {} : { length: args.length }) });
    // started means frames arrive: the receiver counts some before the step is done
    await waitFor(`frames of flow ${flow} to arrive`, async () => ((await cluster.client.flows()).find((f) => f.flow === flow)?.received ?? 0) > 0 || undefined, 10_000, 50);
    return `flow ${flow} at ${args.pps} frames/s`;
  },

  async stopTraffic(args, { cluster }) {
    const { client } = cluster;
    const stopped = await client.stopTraffic(args.flow);
    expect(stopped.length > 0, args.flow === undefined ? "no traffic flow was running" : `traffic flow "${args.flow}" not found`);
    // frames still in flight land within a moment: read until two reads agree
    let previous = "";
    const flows = await waitFor(
      "the receivers to settle",
      async () => {
        const now = (await client.flows()).filter((f) => stopped.includes(f.flow));
        const key = JSON.stringify(now.map((f) => f.received));
        if (key === previous) return now;
        previous = key;
        return undefined;
      },
      5_000,
      100,
    );
    for (const f of flows) {
      if (args.expect?.maxLost !== undefined) expect(f.lost <= args.expect.maxLost, `flow ${f.flow}: ${f.lost} of ${f.sent} frames lost, expected at most ${args.expect.maxLost}`);
      if (args.expect?.minReceived !== undefined) expect(f.received >= args.expect.minReceived, `flow ${f.flow}: ${f.received} frames received, expected at least ${args.expect.minReceived}`);
    }
    return flows.map((f) => `${f.flow}: ${f.sent} sent, ${f.received} received, ${f.lost} lost, longest gap ${f.longestGapMs.toFixed(1)} ms`).join("; ");
  },

  async kill(args, { cluster }) {
    await cluster.killHost(args.host);
    return `host agent ${args.host} killed`;
  },

  async pause(args, { cluster }) {
    cluster.pauseHost(args.host);
    return `host agent ${args.host} paused (SIGSTOP)`;
  },

  async resume(args, { cluster }) {
    cluster.resumeHost(args.host);
    return `host agent ${args.host} resumed (SIGCONT)`;
  },

  async restart(args, { cluster }) {
    const pid = await cluster.restartHost(args.host);
    return `host agent ${args.host} running again (pid ${pid}), caught up with the log`;
  },

  async maintenance(args, { cluster }) {
    const { client } = cluster;
    const plan = await client.evacuate(args.host);
    const started = plan.migrations.filter((m) => m.migration !== null);
    const results = await client.waitForMigrations(started.map((m) => m.migration as string), plan.seq);
    const failed = [...results.values()].filter((r) => r !== "completed").length;
    const stranded = plan.migrations.length - started.length;
    const migrated = started.length - failed;
    const e = args.expect ?? {};
    expect(failed === (e.failed ?? 0), `${failed} migrations did not complete, expected ${e.failed ?? 0}`);
    expect(stranded === (e.stranded ?? 0), `${stranded} VMs had nowhere to go, expected ${e.stranded ?? 0}: ${plan.migrations.filter((m) => m.migration === null).map((m) => `${m.vm}: ${m.reasons.join("; ")}`).join(" | ")}`);
    if (e.migrated !== undefined) expect(migrated === e.migrated, `${migrated} VMs migrated, expected ${e.migrated}`);
    const where = started.map((m) => `${m.vm} -> ${m.destination}`).join(", ");
    return `${migrated} migrated${where ? ` (${where})` : ""}${stranded ? `, ${stranded} stranded` : ""}`;
  },

  async waitConverged(args, { cluster }) {
    const c = await cluster.client.waitConverged({ timeoutMs: durationMs(args?.timeout, WAIT_MS), ...(args?.hosts ? { hosts: args.hosts } : {}) });
    return `sequence ${c.seq} applied by management and ${c.hosts.length} hosts`;
  },

  async waitHost(args, { cluster }) {
    const timeoutMs = durationMs(args.timeout, WAIT_MS);
    await waitFor(`${args.host} to be ${args.status}`, async () => ((await cluster.client.status()).hosts.find((h) => h.name === args.host)?.status === args.status ? true : undefined), timeoutMs, 100);
    return `${args.host} is ${args.status}`;
  },

  async ping(args, { cluster }) {
    const count = args.count ?? 3;
    const want = args.expect ?? "reachable";
    const r = await cluster.client.pingFromVm({ vm: args.from, target: args.to, count, timeoutMs: want === "reachable" ? 1_000 : 300 });
    const reached = r.received > 0;
    expect(reached === (want === "reachable"), `${args.from} -> ${args.to} (${r.targetIp}): ${r.received}/${r.sent} answered, expected ${want}`);
    return `${r.received}/${r.sent} answered`;
  },

  async pingall(_args, { cluster }) {
    const r = await pingall(cluster.client);
    const bad = r.pairs.filter((p) => !p.ok).map((p) => `${p.from} -> ${p.to}`);
    expect(r.unexpected === 0, `${r.unexpected} unexpected: ${bad.join(", ")}`);
    return `${r.pairs.length} pairs as configured (${r.pairs.filter((p) => p.reached).length} reached)`;
  },

  async check(args, { cluster }) {
    const outcome = await runCheckStep(cluster.client, args ?? {});
    expect(outcome.ok, outcome.detail);
    return outcome.detail;
  },
};
