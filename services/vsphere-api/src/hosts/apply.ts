import { isDomainError, type Host } from "@vdsim/model";
import { RemoteError } from "@vdsim/protocol";
import type { ApiDeps } from "../api/method.js";
import { faultFromError } from "../api/remote-faults.js";
import { VimFault, isVimFault } from "../soap/faults.js";
import type { MoRef } from "../soap/values.js";
import { HostSim } from "./host-sim.js";

/** Where the properties of a method's arguments are, to name the one a host's refusal is about. */
export interface ArgumentPaths {
  readonly mtu?: string;
  readonly numPorts?: string;
  readonly vlan?: string;
  readonly ip?: string;
  readonly uplink?: string;
  readonly teaming?: string;
  readonly shaping?: string;
  readonly name?: string;
}

/** The argument a refusal's message is about ("Invalid MTU 10000: ..." is spec.mtu). */
export function propertyOf(message: string, paths: ArgumentPaths): string | undefined {
  const rules: Array<[RegExp, string | undefined]> = [
    [/\bMTU\b/, paths.mtu],
    [/number of ports|ports: \d+ are in use/, paths.numPorts],
    [/VLAN/, paths.vlan],
    [/IPv4|netmask/, paths.ip],
    [/load balancing/, paths.teaming],
    [/shaping|bandwidth|burst/i, paths.shaping],
    [/[Uu]plink/, paths.uplink],
    [/name/, paths.name],
  ];
  return rules.find(([re, path]) => path !== undefined && re.test(message))?.[1];
}

export interface HostChange {
  readonly host: Host;
  /** the host's HostSystem: what HostNotConnected names */
  readonly hostRef: MoRef;
  readonly paths: ArgumentPaths;
  /** the name the change is about (a vSwitch's, a port group's, a vmknic's): AlreadyExists / ResourceInUse name it */
  readonly name?: string;
}

function hostNotConnected(change: HostChange, why: string): VimFault {
  // a vmodl fault without properties of its own: the message names the host
  return new VimFault("HostNotConnected", `Host ${change.host.name} (${change.hostRef.value}) is not connected: ${why}`);
}

function asFault(err: unknown, change: HostChange): VimFault {
  if (isVimFault(err)) return err;
  if (err instanceof RemoteError && (err.code === "NOT_RESPONDING" || err.code === "TIMEOUT" || err.code === "HOST_NOT_RESPONDING")) return hostNotConnected(change, err.message);
  const remote = isDomainError(err) ? new RemoteError(err.code, err.message) : err;
  const message = remote instanceof Error ? remote.message : String(remote);
  const property = propertyOf(message, change.paths);
  // AlreadyExists and ResourceInUse carry the name; a NotFound names its object in the message only, as ESXi's do
  return faultFromError(remote, { ...(change.name === undefined ? {} : { name: change.name }), ...(property === undefined ? {} : { property }) });
}

/** Waits until the folded log has `seq`, so the next read shows the change. */
async function folded(deps: ApiDeps, seq: number, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const seen = deps.changes.version;
    if (deps.ctx.cluster.seq >= seq) return;
    const left = deadline - Date.now();
    if (left <= 0) throw new VimFault("HostCommunication", `the change (log sequence ${seq}) was applied but is not in the log vdsim's vSphere API follows yet`);
    await deps.changes.after(seen, left);
  }
}

/**
 * Runs a HostNetworkSystem / HostVirtualNicManager change: `plan` turns it into host commands on a
 * HostSim (every refusal found there, before anything is sent); each command then goes to the
 * host agent, and the method returns once the log it follows has the last one.
 */
export async function applyHostChange<T>(deps: ApiDeps, change: HostChange, plan: (sim: HostSim) => T): Promise<T> {
  if (deps.ctx.connectionState(change.host.name) !== "connected") throw hostNotConnected(change, "its host agent is not responding");
  const sim = new HostSim(deps.ctx.state, change.host.name);
  let result: T;
  try {
    result = plan(sim);
  } catch (err) {
    throw asFault(err, change);
  }
  for (const command of sim.commands) {
    let reply: { seq: number | null };
    try {
      reply = await deps.cluster.hostCommand(change.host.name, command);
    } catch (err) {
      throw asFault(err, change);
    }
    if (reply.seq !== null) await folded(deps, reply.seq);
  }
  return result;
}
