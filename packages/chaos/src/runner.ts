import { VmTimeline, type Convergence, type Fault, type HistoryEntry, type NemesisKind, type Operation } from "@vdsim/checker";
import type { MigrationSummary, VdsimClient } from "@vdsim/client";
import { untilInterrupted, waitFor, withDeadline } from "@vdsim/runtime";
import { applyOrQuarantine } from "@vdsim/eventstore";
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
/** deadlines of the runner's other waits: each holds whatever the NATS call under it does */
const LOG_END_MS = 30_000;
const HEAL_ALL_MS = 90_000;
const HEAL_MS = 60_000;
const INJECT_MS = 30_000;
const FLOWS_STOP_MS = 30_000;
const TIMELINE_MS = 60_000;
/** once interrupted, how long operations in flight may take to come back */
const IN_FLIGHT_ON_INTERRUPT_MS = 5_000;

export interface ExecutionResult {
  readonly startedAt: number;
  readonly migrations: readonly MigrationSummary[];
  /** the run was interrupted: it healed and stopped its flows, and waited for no convergence */
  readonly interrupted: boolean;
}

/**
 * Runs a schedule on a prepared cluster: the workload and the nemeses side by side, then heals
 * everything, lets migrations end, stops the flows and waits for every host to converge.
 */
export class ScheduleExecution {
  readonly #convergences: Array<Promise<void>> = [];
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
    /** each history entry as it is recorded (the runner appends it to history.jsonl) */
    private readonly record: (entry: HistoryEntry) => void,
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
    await waitFor(
      "the management service to list the run's VMs",
      async () => {
        const listed = new Set((await this.client.status()).vms.map((v) => v.name));
        return vms.every((v) => listed.has(v)) ? true : undefined;
      },
      SETUP_WAIT_MS,
    );
    for (const f of setup.flows) await this.#run({ kind: "traffic-start", ...f, atMs: 0 }, SETUP_WAIT_MS);
  }

  /**
   * Runs the schedule, heals, and waits (each wait with its deadline) for migrations to end and
   * hosts to converge. Interrupted (`signal`), it stops scheduling, heals, stops the flows and returns.
   */
  async run(): Promise<ExecutionResult> {
    this.#t0 = Date.now();
    const poller = this.#pollFlows();
    await Promise.all([this.#workload(), this.#nemeses()]);
    const interrupted = this.#interrupted();
    this.log(`${interrupted ? "interrupted" : "workload and nemeses done"} after ${((Date.now() - this.#t0) / 1_000).toFixed(1)} s; healing everything`);
    const healed = await withDeadline("every nemesis to heal", HEAL_ALL_MS, this.nemesis.healAll()).catch((err: unknown) => {
      this.log(errorText(err));
      return [];
    });
    if (healed.length > 0) this.log(`restarted ${healed.join(", ")}`);
    // an interrupt cuts short these waits too
    const migrations = interrupted ? [] : await untilInterrupted("the run's migrations to end", this.signal, this.#migrationsEnded()).catch(() => []);
    this.#stopPolling = true;
    await poller;
    // when each VM migrated, as the log says (the checker judges flows by the same timeline)
    const timeline = this.#interrupted() ? undefined : await untilInterrupted("a read of the event log", this.signal, this.#timeline()).catch(() => undefined);
    // without the log's times, any migration of a flow's VM counts
    const migrated = (vms: readonly string[], from: number, to: number): boolean =>
      timeline === undefined ? migrations.some((m) => vms.includes(m.vm)) : vms.some((vm) => timeline.migratingDuring(vm, { from, to }));
    const flows = await withDeadline("the traffic flows to stop", FLOWS_STOP_MS, this.#flows.stopAll(migrated)).catch((err: unknown) => {
      this.log(errorText(err));
      return [];
    });
    for (const f of flows) this.record(f);
    if (this.#interrupted()) return { startedAt: this.#t0, migrations, interrupted: true };
    // the final convergence counts from the moment nothing is left running: faults healed, migrations ended, flows stopped
    const healedAt = Date.now();
    const target = await this.#logEnd();
    this.log(`waiting for ${this.hosts.length} hosts to converge on sequence ${target}`);
    const finals = this.hosts.map((h) => this.#converge(h, "run", healedAt, target));
    await Promise.all([...this.#convergences, ...finals]);
    // interrupted while converging: the convergences end at once, recorded as not converged
    return { startedAt: this.#t0, migrations, interrupted: this.#interrupted() };
  }

  #interrupted(): boolean {
    return this.signal?.aborted === true;
  }

  /** Records whether a host converged; the wait holds its deadline whatever its scans do. */
  #converge(host: string, after: NonNullable<Convergence["after"]>, healedAt: number, target: number): Promise<void> {
    const what = `host ${host} to converge on sequence ${target}`;
    return withDeadline(what, CONVERGENCE_TIMEOUT_MS + 5_000, (signal) => awaitConvergence(this.client, host, after, healedAt, target, CONVERGENCE_TIMEOUT_MS, anySignal(signal, this.signal)))
      .catch((err: unknown): Convergence => {
        this.log(errorText(err));
        return { type: "convergence", host, after, healedAt };
      })
      .then((c) => this.record(c));
  }

  async #logEnd(): Promise<number> {
    return withDeadline("the event log's last sequence", LOG_END_MS, logEnd(this.client)).catch((err: unknown) => {
      this.log(errorText(err));
      return 0;
    });
  }

  async #timeline(): Promise<VmTimeline | undefined> {
    try {
      return await withDeadline("a read of the whole event log", TIMELINE_MS, async (signal) => {
        const events = [];
        for await (const e of this.client.events()) {
          if (signal.aborted) break;
          // what every follower skips (a message the corrupt nemesis planted) the timeline skips too
          if (applyOrQuarantine(e, () => undefined) === undefined) events.push(e);
        }
        return new VmTimeline(events);
      });
    } catch (err) {
      this.log(`judging flows without the log's migration times: ${errorText(err)}`);
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
    const all = Promise.all(inFlight);
    if (this.signal?.aborted) await withDeadline("the operations in flight", IN_FLIGHT_ON_INTERRUPT_MS, all).catch((err: unknown) => this.log(errorText(err)));
    else await all;
  }

  /** Runs one operation; `setupWaitMs` marks a setup step: it waits for the hosts and must succeed. */
  async #run(op: TimedOp, setupWaitMs?: number): Promise<void> {
    const { atMs: _, ...planned } = op;
    const entry: Operation = await executeOp(this.client, planned, this.#nextId++, setupWaitMs);
    this.record(entry);
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
    let injected;
    try {
      injected = await withDeadline(`${fault.kind} of ${fault.target}`, INJECT_MS, this.nemesis.inject(fault.kind, fault.target));
    } catch (err) {
      this.log(`could not inject ${fault.kind} on ${fault.target}: ${errorText(err)}`);
      return;
    }
    const { heal, planted } = injected;
    // a fault on a host of a rack is one on every host of it: they share the process
    const hosts = injected.hosts ?? [fault.target];
    this.log(`${fault.kind} ${fault.target}${planted ? `: planted ${planted.bad} at sequence ${planted.seq} on ${planted.subject}` : ` for ${fault.durationMs} ms`}`);
    await this.#sleepUntil(startedAt + fault.durationMs);
    const healing = Date.now();
    try {
      await withDeadline(`the heal of ${fault.kind} on ${fault.target}`, HEAL_MS, heal());
      if (isHostFault(fault.kind)) for (const host of hosts) await this.#answering(host);
    } catch (err) {
      this.log(`healing ${fault.kind} on ${fault.target} failed (healed again at the end): ${errorText(err)}`);
    }
    // the window ends once the target is back: restarted and caught up, answering again
    const entry: Fault = {
      type: "fault",
      kind: fault.kind,
      target: fault.target,
      ...(injected.hosts ? { hosts: injected.hosts } : {}),
      startedAt,
      healedAt: Date.now(),
      ...(planted ? { planted } : {}),
    };
    this.record(entry);
    await this.#flows.poll();
    if (isHostFault(fault.kind) && !this.signal?.aborted) {
      const target = await this.#logEnd();
      // convergence counts from the heal itself: reconnecting is part of converging
      for (const host of hosts) this.#convergences.push(this.#converge(host, fault.kind, healing, target));
    }
  }

  /** Sleeps until `at`, or until the run is interrupted. */
  async #sleepUntil(at: number): Promise<void> {
    const delay = at - Date.now();
    if (delay > 0) await sleep(delay, undefined, this.signal ? { signal: this.signal } : {}).catch(() => undefined);
  }

  /** Waits until a host agent answers requests again (after SIGCONT or a healed partition). */
  async #answering(host: string): Promise<void> {
    await withDeadline(`host ${host} to answer again`, 25_000, waitFor(`host ${host} to answer again`, () => this.client.hostState(host, 1_000), 20_000, 50));
  }

  /** Waits until every migration the workload started has a result; returns every one of them. */
  async #migrationsEnded(): Promise<MigrationSummary[]> {
    const wanted = this.#migrationIds;
    if (wanted.size === 0) return [];
    this.log(`waiting for ${wanted.size} migrations to end`);
    try {
      return await withDeadline("the run's migrations to end", MIGRATIONS_END_TIMEOUT_MS + 15_000, waitFor(
        "the run's migrations to end",
        async () => {
          const ours = (await this.client.migrations()).filter((m) => wanted.has(m.id));
          return ours.length === wanted.size && ours.every((m) => m.result !== null) ? ours : undefined;
        },
        MIGRATIONS_END_TIMEOUT_MS,
        250,
      ));
    } catch (err) {
      this.log(errorText(err));
      return (await withDeadline("the list of migrations", 15_000, this.client.migrations()).catch(() => [])).filter((m) => wanted.has(m.id));
    }
  }
}

function anySignal(a: AbortSignal, b: AbortSignal | undefined): AbortSignal {
  return b === undefined ? a : AbortSignal.any([a, b]);
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function isHostFault(kind: NemesisKind): boolean {
  return kind === "kill" || kind === "pause" || kind === "partition" || kind === "rack-kill";
}
