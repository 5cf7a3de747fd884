import type { DataPlanePort, HostStateReport } from "@vdsim/protocol";
import type { History } from "./history.js";
import type { FoldedLog } from "./log-fold.js";
import type { ClusterObservation } from "./observation.js";
import type { InvariantResult } from "./types.js";

/** What every invariant is evaluated against: the observation, the folded log, the history if any. */
export interface CheckContext {
  readonly observation: ClusterObservation;
  readonly log: FoldedLog;
  readonly history: History | undefined;
  readonly convergenceBoundMs: number;
}

export type Invariant = (ctx: CheckContext) => InvariantResult;

export const DEFAULT_CONVERGENCE_BOUND_MS = 30_000;

export function notEvaluated(name: string, why: string): InvariantResult {
  return { name, ok: true, evaluated: false, detail: `not evaluated (${why})` };
}

/** The ports a host's data plane holds; from its realized configuration when the agent does not report them. */
export function dataPlaneOf(report: HostStateReport): readonly DataPlanePort[] {
  if (report.dataPlane) return report.dataPlane;
  const c = report.config;
  return [
    ...c.dvPorts.map((p) => ({
      portId: `dvs/${p.vds}/${p.key}`,
      switch: `dvs:${p.vds}`,
      portGroup: p.portgroup,
      kind: "vnic" as const,
      mac: p.mac,
      policy: p.policy,
      ...(p.reservedFor === undefined ? { owner: p.vm, nic: p.nic } : {}),
    })),
    ...c.standardPorts.map((p) => ({
      portId: `vss/${p.vswitch}/${p.vm}/${p.nic}`,
      switch: p.vswitch,
      portGroup: p.portgroup,
      kind: "vnic" as const,
      mac: p.mac,
      policy: { vlan: { kind: "none" as const }, security: p.policy.security, ingressShaping: p.policy.shaping, egressShaping: p.policy.shaping, teaming: p.policy.teaming, blocked: p.reservedFor !== undefined },
      ...(p.reservedFor === undefined ? { owner: p.vm, nic: p.nic } : {}),
    })),
  ];
}

/** Hosts that answered, with their reports. */
export function respondingHosts(ctx: CheckContext): Array<{ host: string; report: HostStateReport }> {
  return ctx.observation.hosts.flatMap((h) => (h.report ? [{ host: h.host, report: h.report }] : []));
}

export function silentHosts(ctx: CheckContext): string[] {
  return ctx.observation.hosts.filter((h) => !h.report).map((h) => h.host);
}

/** "a, b and c" */
export function listed(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}
