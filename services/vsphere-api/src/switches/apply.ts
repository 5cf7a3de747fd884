import { decide, evolve, isDomainError, type ManagementCommand } from "@vdsim/model";
import { RemoteError } from "@vdsim/protocol";
import type { ApiDeps } from "../api/method.js";
import { faultFromError, type FaultContext } from "../api/remote-faults.js";
import { VimFault } from "../soap/faults.js";
import { str } from "../soap/values.js";

/** How long a change may take to be applied by the hosts it concerns (the CLI's --wait). */
const WAIT_MS = 10_000;

/**
 * Runs the commands through the model's deciders over a copy of the folded state, so a method whose
 * spec makes several commands (a switch and its hosts, a port group and its policy) is refused
 * whole, before anything is sent, and nothing is recorded in the log for a refusal. The service
 * still decides each command for real when it is sent.
 */
export function precheck(deps: ApiDeps, commands: readonly ManagementCommand[], ctx: (c: ManagementCommand) => FaultContext): void {
  const state = structuredClone(deps.ctx.state);
  const isHostResponding = (host: string): boolean => deps.ctx.connectionState(host) === "connected";
  for (const command of commands) {
    try {
      for (const event of decide(command, state, { isHostResponding })) evolve(state, event);
    } catch (err) {
      if (isDomainError(err)) throw faultFromError(new RemoteError(err.code, err.message), ctx(command));
      throw err;
    }
  }
}

/**
 * Sends the commands in order, each waiting for its hosts to apply it, then waits for this service's
 * own fold of the log to hold the change, so what the task returns reads back at once.
 */
export async function runCommands(deps: ApiDeps, commands: readonly ManagementCommand[], ctx: (c: ManagementCommand) => FaultContext): Promise<number[]> {
  const seqs: number[] = [];
  for (const command of commands) {
    let seq: number | null;
    try {
      seq = (await deps.cluster.command(command, { waitMs: WAIT_MS })).seq;
    } catch (err) {
      throw faultFromError(err, ctx(command));
    }
    if (seq !== null) {
      seqs.push(seq);
      await untilFolded(deps, seq);
    }
  }
  return seqs;
}

async function untilFolded(deps: ApiDeps, seq: number): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  while (deps.ctx.cluster.seq < seq) {
    const left = deadline - Date.now();
    if (left <= 0) throw new VimFault("SystemError", `the change (log seq ${seq}) was recorded but not yet seen by the vSphere API`, { reason: str("fold timeout") });
    await deps.changes.after(deps.changes.version, left);
  }
}
