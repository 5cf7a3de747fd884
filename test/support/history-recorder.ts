import { randomUUID } from "node:crypto";
import type { Convergence, Fault, Flow, FlowSample, History, HistoryEntry, Operation, OperationKind } from "@vdsim/checker";
import type { CommandResult, VdsimClient, WaitOptions } from "@vdsim/client";
import { waitFor } from "@vdsim/runtime";

/** A test's own small workload history, recorded as the chaos runner records one. */
export class HistoryRecorder {
  readonly startedAt = Date.now();
  readonly entries: HistoryEntry[] = [];
  #ids = 0;

  constructor(private readonly client: VdsimClient) {}

  /** A management command with a command id of its own: its acknowledgement and sequence are recorded. */
  async command(kind: OperationKind, args: Record<string, unknown>, send: (wait: WaitOptions) => Promise<CommandResult>): Promise<Operation> {
    const commandId = randomUUID();
    const invokedAt = Date.now();
    let op: Operation;
    try {
      const r = await send({ commandId, waitMs: 10_000 });
      op = { type: "op", id: ++this.#ids, kind, args, commandId, invokedAt, completedAt: Date.now(), outcome: "ok", ...(r.seq === null ? {} : { seq: r.seq }) };
    } catch (err) {
      op = { type: "op", id: ++this.#ids, kind, args, commandId, invokedAt, completedAt: Date.now(), outcome: "fail", error: String(err) };
    }
    this.entries.push(op);
    return op;
  }

  /** A vMotion, recorded with its migration id once it ended. */
  async migrate(vm: string, to: string): Promise<string> {
    const invokedAt = Date.now();
    const { migration, seq } = await this.client.migrate(vm, to);
    const done = await this.client.waitForMigration(migration, seq);
    this.entries.push({ type: "op", id: ++this.#ids, kind: "migrate", args: { vm, to }, invokedAt, completedAt: Date.now(), outcome: "ok", seq, migrations: [migration] });
    return done.result ?? "none";
  }

  fault(kind: Fault["kind"], target: string, startedAt: number, healedAt: number): void {
    this.entries.push({ type: "fault", kind, target, startedAt, healedAt });
  }

  /** Waits until each host has applied the log's last sequence, recording how long it took after `healedAt`. */
  async convergence(hosts: readonly string[], healedAt: number): Promise<void> {
    const store = await this.client.eventStore();
    const last = await store.lastSeq();
    for (const host of hosts) {
      await waitFor(`${host} to apply sequence ${last}`, async () => ((await this.client.hostState(host)).appliedSeq >= last ? true : undefined), 20_000, 20);
      const entry: Convergence = { type: "convergence", host, healedAt, convergedAt: Date.now() };
      this.entries.push(entry);
    }
  }

  flow(flow: Omit<Flow, "type">): void {
    this.entries.push({ type: "flow", ...flow });
  }

  history(): History {
    return { seed: "e2e", startedAt: this.startedAt, endedAt: Date.now(), entries: this.entries };
  }
}

/** A flow's totals asked of the hosts directly (the management service may be down), with its longest gap so far. */
export async function flowTotals(client: VdsimClient, hosts: readonly string[], flow: string): Promise<FlowSample & { longestGapMs: number }> {
  const stats = (await Promise.all(hosts.map((h) => client.host(h, "traffic.stats", {}, 3_000)))).flat().filter((s) => s.flow === flow);
  const sent = stats.filter((s) => s.role === "sender").reduce((n, s) => n + s.sent, 0);
  const receivers = stats.filter((s) => s.role === "receiver");
  const received = receivers.reduce((n, s) => n + s.received, 0);
  return { at: Date.now(), sent, received, longestGapMs: Math.max(0, ...receivers.map((s) => s.longestGapMs)) };
}
