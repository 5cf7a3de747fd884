import { randomUUID } from "node:crypto";
import type { Operation } from "@vdsim/checker";
import { RemoteError, type VdsimClient } from "@vdsim/client";
import type { ManagementCommand } from "@vdsim/model";
import type { PlannedOp } from "./schedule.js";
import { VM_MEMORY_MB } from "./workload-plan.js";
import { withDeadline } from "@vdsim/runtime";

/** What an operation's call came back with, before the runner stamps ids and times on it. */
type Result = Pick<Operation, "outcome"> & Partial<Pick<Operation, "commandId" | "seq" | "migrations" | "error">>;

/** how long one host command may take before its outcome is unknown */
const HOST_TIMEOUT_MS = 5_000;
/** how long any operation may take before the runner records its outcome as unknown */
const OP_DEADLINE_MS = 60_000;

/**
 * Runs one planned operation and records it as Jepsen would: ok (acknowledged), fail (refused
 * with a definite error: nothing was recorded), or info (no answer: it may or may not have happened).
 */
export async function executeOp(client: VdsimClient, op: PlannedOp, id: number, waitMs?: number): Promise<Operation> {
  const invokedAt = Date.now();
  let result: Result;
  try {
    result = await withDeadline(`operation ${op.kind} ${id}`, (waitMs ?? 0) + OP_DEADLINE_MS, run(client, op, waitMs));
  } catch (err) {
    result = { outcome: classify(err), error: err instanceof Error ? err.message : String(err) };
  }
  const { kind, ...args } = op;
  return { type: "op", id, kind, args, invokedAt, completedAt: Date.now(), ...result };
}

/** with `waitMs`, the reply comes once every host the change concerns applied it */
async function command(client: VdsimClient, cmd: ManagementCommand, waitMs?: number): Promise<Result> {
  const commandId = randomUUID();
  try {
    const res = await client.command(cmd, { commandId, ...(waitMs === undefined ? {} : { waitMs }) });
    return { outcome: "ok", commandId, ...(res.seq === null ? {} : { seq: res.seq }) };
  } catch (err) {
    return { outcome: classify(err), commandId, error: err instanceof Error ? err.message : String(err) };
  }
}

async function run(client: VdsimClient, op: PlannedOp, waitMs?: number): Promise<Result> {
  switch (op.kind) {
    case "vm-create":
      return command(client, { type: "CreateVm", vm: op.vm, host: op.host, networks: [op.network], memoryMB: VM_MEMORY_MB }, waitMs);
    case "vm-remove":
      return command(client, { type: "RemoveVm", vm: op.vm });
    case "portgroup-set":
      return command(client, { type: "SetDistributedPortGroupPolicy", vds: op.vds, portgroup: op.portgroup, patch: op.patch });
    case "migrate": {
      const { migration, seq } = await client.migrate(op.vm, op.to);
      return { outcome: "ok", seq, migrations: [migration] };
    }
    case "evacuate": {
      const res = await client.evacuate(op.host);
      const migrations = res.migrations.flatMap((m) => (m.migration === null ? [] : [m.migration]));
      return { outcome: "ok", seq: res.seq, migrations };
    }
    case "host-local": {
      const reply = await client.hostCli(op.host, op.tool, op.argv, HOST_TIMEOUT_MS);
      return reply.exitCode === 0 ? { outcome: "ok" } : { outcome: "fail", error: reply.stdout.trim() };
    }
    case "traffic-start":
      await client.startTraffic({ flow: op.flow, fromVm: op.from, to: op.to, pps: op.pps });
      return { outcome: "ok" };
    case "traffic-stop": {
      const stopped = await client.stopTraffic(op.flow);
      return stopped.length > 0 ? { outcome: "ok" } : { outcome: "fail", error: `no host runs flow ${op.flow}` };
    }
  }
}

/** A refusal with a reason is definite; silence, a lost connection or an internal error is not. */
export function classify(err: unknown): Operation["outcome"] {
  if (err instanceof RemoteError) return err.code === "NOT_RESPONDING" || err.code === "INTERNAL" ? "info" : "fail";
  return "info";
}
