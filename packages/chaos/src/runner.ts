import { VmTimeline, type Convergence, type Fault, type HistoryEntry, type NemesisKind, type Operation } from "@vdsim/checker";
import type { MigrationSummary, VdsimClient } from "@vdsim/client";
import { waitFor } from "@vdsim/runtime";
import { setTimeout as sleep } from "node:timers/promises";
import { awaitConvergence, logEnd } from "./convergence.js";
import { FlowTracker } from "./flows.js";
import type { Nemesis } from "./nemesis.js";
import type { PlannedFault, Schedule, TimedOp } from "./schedule.js";
import { executeOp } from "./workload.js";

/** how many operations may be out at once; later ones wait (and are recorded when they really ran) */
const MAX_IN_FLIGHT = 12;
const FLOW_POLL_MS = 500;
const SETUP_WAIT_MS = 15_000;
/** how long a host may take to converge before the run records that it did not */
export const CONVERGENCE_TIMEOUT_MS = 60_000;
const MIGRATIONS_END_TIMEOUT_MS = 120_000;

export interface ExecutionResult {
  readonly startedAt: number;
  readonly entries: readonly HistoryEntry[];
  readonly migrations: readonly MigrationSummary[];
}

/**
 * Runs a schedule on a prepared cluster: the workload and the nemeses side by side, then heals
 * everything, lets migrations end, stops the flows and waits for every host to converge.
 */
export class ScheduleExecution {
  readonly #entries: HistoryEntry[] = [];
  readonly #convergences: Array<Promise<Convergence>> = [];
  readonly #migrationIds = new Set<string>();
  readonly #flows: FlowTracker;
  #nextId = 1;
  #t0 = 0;
  #stopPolling = false;

  constructor(
    private readonly client: VdsimClient,
    private readonly nemesis: Nemesis,
    private readonly hosts: readonly string[],
    private readonly schedule: Schedule,
    private readonly log: (line: string) => void,
    private readonly signal?: AbortSignal,
  ) {
    this.#flows = new FlowTracker(client, hosts);
  }

  /** Creates the VMs and starts the flows the setup names; recorded like any operation. */
  async setUp(): Promise<void> {
    const { setup } = this.schedule;
    // each VM realized on its host before a flow starts from it
    await Promise.all(setup.vms.map((v) => this.#run({ kind: "vm-create", ...v, atMs: 0 }, SETUP_WAIT_MS)));
    const vms = setup.vms.map((v) => v.vm);
    await waitFor("the management service to list the run's VMs", async () => {
      const listed = new Set((await this.client.status()).vms.map((v) => v.name));
      return vms.every((v) => listed.has(v)) ? true : undefined;
    });
    for (const f of setup.flows) await this.#run({ kind: "traffic-start", ...f, atMs: 0 }, SETUP_WAIT_MS);
  }

  async run(): Promise<ExecutionResult> {
    this.#t0 = Date.now();
    const poller = this.#pollFlows();
    await Promise.all([this.#workload(), this.#nemeses()]);
    this.log(`workload and nemeses done after ${((Date.now() - this.#t0) / 1_000).toFixed(1)} s; healing everything`);
    const healed = await this.nemesis.healAll();
    if (healed.length > 0) this.log(`restarted ${healed.join(", ")}`);
    const migrations = await this.#migrationsEnded();
    this.#stopPolling = true;
    await poller;
    // when each VM migrated, as the log says (the checker judges flows by the same timeline)
    const timeline = await this.#timeline();
    // without the log's times, any migration of a flow's VM counts
    const migrated = (vms: readonly string[], from: number, to: number): boolean =>
      timeline === undefined ? migrations.some((m) => vms.includes(m.vm)) : vms.some((vm) => timeline.migratingDuring(vm, { from, to }));
    this.#entries.push(...(await this.#flows.stopAll(migrated)));
    // the final convergence counts from the moment nothing is left running: faults healed, migrations ended, flows stopped
    const healedAt = Date.now();
    const target = await logEnd(this.client);
    this.log(`waiting for ${this.hosts.length} hosts to converge on sequence ${target}`);
    const finals = this.hosts.map((h) => awaitConvergence(this.client, h, "run", healedAt, target, CONVERGENCE_TIMEOUT_MS));
    this.#entries.push(...(await Promise.all([...this.#convergences, ...finals])));
    return { startedAt: this.#t0, entries: this.#entries, migrations };
  }

  async #timeline(): Promise<VmTimeline | undefined> {
    try {
      const events = [];
      for await (const e of this.client.events()) events.push(e);
      return new VmTimeline(events);
    } catch {
      return undefined;
    }
  }

  async #pollFlows(): Promise<void> {
    while (!this.#stopPolling) {
      await this.#flows.poll();
      await sleep(FLOW_POLL_MS);
    }
  }

  async #until(atMs: number): Promise<boolean> {
    const delay = this.#t0 + atMs - Date.now();
    if (delay > 0) await sleep(delay, undefined, this.signal ? { signal: this.signal } : {}).catch(() => undefined);
    return !this.signal?.aborted;
  }

  async #workload(): Promise<void> {
    const inFlight = new Set<Promise<void>>();
    for (const op of this.schedule.ops) {
      if (!(await this.#until(op.atMs))) break;
      while (inFlight.size >= MAX_IN_FLIGHT) await Promise.race(inFlight);
      const p: Promise<void> = this.#run(op).then(
        () => void inFlight.delete(p),
        () => void inFlight.delete(p),
      );
      inFlight.add(p);
    }
    await Promise.all(inFlight);
  }

  /** Runs one operation; `setupWaitMs` marks a setup step: it waits for the hosts and must succeed. */
  async #run(op: TimedOp, setupWaitMs?: number): Promise<void> {
    const { atMs: _, ...planned } = op;
    const entry: Operation = await executeOp(this.client, planned, this.#nextId++, setupWaitMs);
    this.#entries.push(entry);
    if (setupWaitMs !== undefined && entry.outcome !== "ok") throw new Error(`setting up the run: ${op.kind} ${JSON.stringify(entry.args)} failed: ${entry.error ?? ""}`);
    for (const m of entry.migrations ?? []) this.#migrationIds.add(m);
    if (entry.outcome !== "ok") return;
    if (planned.kind === "traffic-start") this.#flows.started(planned.flow, planned.from, planned.to, planned.pps);
    if (planned.kind === "traffic-stop") await this.#flows.stopped(planned.flow);
  }

  async #nemeses(): Promise<void> {
    for (const fault of this.schedule.faults) {
      if (!(await this.#until(fault.atMs))) break;
      await this.#fault(fault);
    }
  }

  async #fault(fault: PlannedFault): Promise<void> {
    await this.#flows.poll();
    const startedAt = Date.now();
    let heal;
    try {
      heal = await this.nemesis.inject(fault.kind, fault.target);
    } catch (err) {
      this.log(`could not inject ${fault.kind} on ${fault.target}: ${err instanceof Error ? err.message : String(err)}`);
      return;
    }
    this.log(`${fault.kind} ${fault.target} for ${fault.durationMs} ms`);
    await sleep(Math.max(0, startedAt + fault.durationMs - Date.now()));
    const healing = Date.now();
    try {
      await heal();
      if (isHostFault(fault.kind)) await this.#answering(fault.target);
    } catch (err) {
      this.log(`healing ${fault.kind} on ${fault.target} failed (healed again at the end): ${err instanceof Error ? err.message : String(err)}`);
    }
    // the window ends once the target is back: restarted and caught up, answering again
    const entry: Fault = { type: "fault", kind: fault.kind, target: fault.target, startedAt, healedAt: Date.now() };
    this.#entries.push(entry);
    await this.#flows.poll();
    if (isHostFault(fault.kind)) {
      const target = await logEnd(this.client).catch(() => 0);
      // convergence counts from the heal itself: reconnecting is part of converging
      this.#convergences.push(awaitConvergence(this.client, fault.target, fault.kind, healing, target, CONVERGENCE_TIMEOUT_MS));
    }
  }

  /** Waits until a host agent answers requests again (after SIGCONT or a healed partition). */
  async #answering(host: string): Promise<void> {
    await waitFor(`host ${host} to answer again`, () => this.client.hostState(host, 1_000), 20_000, 50);
  }

  /** Waits until every migration the workload started has a result; returns every one of them. */
  async #migrationsEnded(): Promise<MigrationSummary[]> {
    const wanted = this.#migrationIds;
    if (wanted.size === 0) return [];
    this.log(`waiting for ${wanted.size} migrations to end`);
    try {
      return await waitFor(
        "the run's migrations to end",
        async () => {
          const ours = (await this.client.migrations()).filter((m) => wanted.has(m.id));
          return ours.length === wanted.size && ours.every((m) => m.result !== null) ? ours : undefined;
        },
        MIGRATIONS_END_TIMEOUT_MS,
        250,
      );
    } catch (err) {
      this.log(err instanceof Error ? err.message : String(err));
      return (await this.client.migrations().catch(() => [])).filter((m) => wanted.has(m.id));
    }
  }
}

function isHostFault(kind: NemesisKind): boolean {
  return kind === "kill" || kind === "pause" || kind === "partition";
}
