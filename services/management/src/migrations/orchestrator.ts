import { createHash, randomUUID } from "node:crypto";
import { createActor, type Actor } from "xstate";
import { DomainError, DomainErrorCode, activeMigrationOf, planDestination, type ManagementCommand, type MigrationOutcome, type MigrationRecord } from "@vdsim/model";
import type { Logger } from "@vdsim/runtime";
import {
  MigrationScheduler,
  migrationActors,
  migrationInput,
  migrationMachine,
  phaseOf,
  progressOf,
  type MigrationMachine,
  type MigrationOutcome as MachineOutcome,
} from "@vdsim/vmotion";
import { migrationSteps, type StepContext } from "./steps.js";

/** 10GbE vMotion network: 1250 MB/s. */
const BANDWIDTH_MBPS = 1250;
/** vSphere allows 8 concurrent vMotions per host on 10GbE. */
const PER_HOST_LIMIT = 8;

export interface MigrateRequest {
  readonly vm: string;
  readonly destination: string;
  readonly memoryMB?: number;
  readonly dirtyRateMBps?: number;
}

/**
 * Runs vMotions: one xstate machine per migration, admitted by a per-host scheduler. Every
 * transition goes into the log with the machine's persisted snapshot, so a restarted management
 * service resumes each in-flight migration from where the log says it was.
 */
export class MigrationOrchestrator {
  readonly #scheduler = new MigrationScheduler({ defaultLimit: PER_HOST_LIMIT });
  readonly #actors = new Map<string, Actor<MigrationMachine>>();
  readonly #machine: MigrationMachine;

  constructor(private readonly ctx: StepContext) {
    this.#machine = migrationMachine.provide({ actors: migrationActors(migrationSteps(ctx)) });
  }

  private get log(): Logger {
    return this.ctx.log;
  }

  /**
   * Records the request (refused with every reason the log alone gives) and starts the machine.
   * With a request id the migration's id derives from it, so a request sent again (its reply
   * lost) answers with the migration the first one started instead of "already migrating".
   */
  async migrate(req: MigrateRequest, requestId?: string): Promise<string> {
    const id = requestId === undefined ? `migration-${randomUUID().slice(0, 8)}` : migrationIdFor(requestId);
    if (this.ctx.state().migrations[id]) return id;
    const command: ManagementCommand = { type: "RequestMigration", migration: id, ...req };
    await this.ctx.decide(`${id}:request`, command);
    this.#launch(this.ctx.state().migrations[id] as MigrationRecord, undefined);
    return id;
  }

  /**
   * Maintenance mode: migrates every VM off a host, each to the connected host that can take it
   * (same VDS membership or same-named port groups, vMotion vmknics) and runs the fewest VMs.
   * The scheduler keeps each host within its concurrent vMotion limit; the rest queue.
   */
  async evacuate(host: string, requestId?: string): Promise<Array<{ vm: string; destination: string | null; migration: string | null; reasons: readonly string[] }>> {
    const state = this.ctx.state();
    if (!state.hosts[host]) throw new DomainError(DomainErrorCode.NotFound, `Host "${host}" not found`);
    const load = new Map<string, number>();
    for (const vm of Object.values(state.vms)) load.set(vm.host, (load.get(vm.host) ?? 0) + 1);
    // sent again: the migrations the first request started, wherever their VMs are by now
    const started = Object.values(state.vms).flatMap((vm) => {
      const m = requestId === undefined ? undefined : state.migrations[migrationIdFor(`${requestId}:${vm.name}`)];
      return m ? [{ vm: vm.name, destination: m.destination, migration: m.id, reasons: [] as readonly string[] }] : [];
    });
    const out: Array<{ vm: string; destination: string | null; migration: string | null; reasons: readonly string[] }> = [...started];
    for (const vm of Object.values(state.vms).filter((v) => v.host === host).sort((a, b) => a.name.localeCompare(b.name))) {
      if (started.some((s) => s.vm === vm.name) || activeMigrationOf(state, vm.name)) continue;
      const candidates = Object.keys(state.hosts)
        .filter((h) => h !== host && this.ctx.liveness.isResponding(h))
        .map((h) => ({ h, reasons: planDestination(state, vm.name, h).reasons }));
      const fit = candidates.filter((c) => c.reasons.length === 0).sort((a, b) => (load.get(a.h) ?? 0) - (load.get(b.h) ?? 0) || a.h.localeCompare(b.h));
      const chosen = fit[0];
      if (!chosen) {
        out.push({ vm: vm.name, destination: null, migration: null, reasons: candidates.flatMap((c) => c.reasons).concat(candidates.length === 0 ? ["no other host is connected"] : []) });
        continue;
      }
      load.set(chosen.h, (load.get(chosen.h) ?? 0) + 1);
      out.push({ vm: vm.name, destination: chosen.h, migration: await this.migrate({ vm: vm.name, destination: chosen.h }, requestId === undefined ? undefined : `${requestId}:${vm.name}`), reasons: [] });
    }
    return out;
  }

  /** After a restart: every migration the log shows open, from its last persisted snapshot, queued ones in order. */
  resumeOpen(): void {
    const open = Object.values(this.ctx.state().migrations).filter((m) => m.result === null);
    const running = open.filter((m) => m.snapshot !== null && m.phase !== "queued");
    for (const m of [...running, ...open.filter((x) => !running.includes(x))]) {
      this.log.info({ migration: m.id, vm: m.vm, phase: m.phase }, "resuming an in-flight migration");
      this.#launch(m, m.snapshot ?? undefined);
    }
  }

  #launch(m: MigrationRecord, snapshot: unknown): void {
    if (this.#actors.has(m.id)) return;
    const input = migrationInput({
      migrationId: m.id,
      vm: m.vm,
      source: m.source,
      destination: m.destination,
      memoryMB: m.memoryMB,
      dirtyRateMBps: m.dirtyRateMBps,
      bandwidthMBps: BANDWIDTH_MBPS,
      startedAt: Date.now(),
    });
    const actor = createActor(this.#machine, snapshot === undefined ? { input } : { input, snapshot: snapshot as never });
    this.#actors.set(m.id, actor);
    let recorded = "";
    let chain: Promise<unknown> = Promise.resolve();
    actor.subscribe({
      next: (s) => {
        const phase = phaseOf(s);
        const progress = progressOf(s);
        const persisted = actor.getPersistedSnapshot();
        const mark = JSON.stringify([phase, progress, (persisted as { value?: unknown }).value]);
        if (mark === recorded) return;
        recorded = mark;
        chain = chain.then(() =>
          this.ctx
            .decide(`${m.id}:progress:${randomUUID()}`, { type: "RecordMigrationProgress", migration: m.id, phase, progress, snapshot: JSON.parse(JSON.stringify(persisted)) as unknown })
            .catch((err: unknown) => this.log.warn({ err, migration: m.id }, "could not record migration progress")),
        );
        if (s.status === "done") chain = chain.then(() => this.#end(m, s.output));
      },
      error: (err) => this.log.error({ err, migration: m.id, vm: m.vm }, "migration machine failed"),
    });
    actor.start();
    for (const admitted of this.#scheduler.enqueue({ id: m.id, source: m.source, destination: m.destination })) this.#actors.get(admitted.id)?.send({ type: "ADMIT" });
  }

  async #end(m: MigrationRecord, output: MachineOutcome): Promise<void> {
    const committed = this.ctx.state().migrations[m.id]?.committed === true;
    // the log's commit point decides: a migration whose VmMigrated is in the log completed
    const result = committed ? "completed" : output.result;
    const traffic = this.ctx.traffic.get(m.id);
    this.ctx.traffic.delete(m.id);
    const outcome: MigrationOutcome = {
      ...output,
      ...(traffic ? { traffic } : {}),
      ...(committed && output.result !== "completed" ? { rolledForward: `the machine ended ${output.result} after the log committed the switchover` } : {}),
    };
    await this.ctx
      .decide(`${m.id}:end`, { type: "EndMigration", migration: m.id, result, outcome })
      .catch((err: unknown) => this.log.error({ err, migration: m.id }, "could not record the end of a migration"));
    this.#actors.get(m.id)?.stop();
    this.#actors.delete(m.id);
    for (const admitted of this.#scheduler.finish(m.id)) this.#actors.get(admitted.id)?.send({ type: "ADMIT" });
    this.log.info({ migration: m.id, vm: m.vm, result }, "migration ended");
  }

  stop(): void {
    for (const a of this.#actors.values()) a.stop();
    this.#actors.clear();
  }
}

/** The migration a request id starts: the same id for the same request, sent again. */
function migrationIdFor(requestId: string): string {
  return `migration-${createHash("sha256").update(requestId).digest("hex").slice(0, 8)}`;
}
