import {
  defaultDistributedPolicy,
  formatVlan,
  parseVlan,
  type PortGroupPolicy,
  type PortGroupPolicyPatch,
  type ShapingPolicy,
  type VlanSpec,
} from "@vdsim/model";
import type { DistributedPortGroupTopology } from "./schema.js";

const SHAPING_OFF: ShapingPolicy = defaultDistributedPolicy([], { kind: "none" }).ingressShaping;

export function vlanOf(vlan: number | string | undefined): VlanSpec {
  return vlan === undefined ? { kind: "none" } : parseVlan(String(vlan));
}

/** Shaping as a file gives it: giving a bandwidth or burst size turns shaping on unless `enabled` says otherwise. */
export function shapingGiven<T extends Partial<ShapingPolicy>>(shaping: T | undefined): T | undefined {
  if (shaping === undefined || shaping.enabled !== undefined) return shaping;
  const touches = shaping.averageKbps !== undefined || shaping.peakKbps !== undefined || shaping.burstKB !== undefined;
  return touches ? { ...shaping, enabled: true } : shaping;
}

/** The policy a file asks for: vSphere's defaults for a new port group, overridden by what the file gives. */
export function desiredPolicy(spec: DistributedPortGroupTopology, switchUplinks: readonly string[]): PortGroupPolicy {
  const base = defaultDistributedPolicy(switchUplinks, vlanOf(spec.vlan));
  const shaping: ShapingPolicy = { ...SHAPING_OFF, ...shapingGiven(spec.shaping) };
  return {
    vlan: base.vlan,
    security: { ...base.security, ...spec.security },
    ingressShaping: shaping,
    egressShaping: { ...shaping, ...shapingGiven(spec.egressShaping) },
    teaming: { ...base.teaming, ...spec.teaming },
    blocked: spec.blocked ?? base.blocked,
  };
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** The patch that turns `current` into `desired`; empty when they agree. */
export function policyPatch(current: PortGroupPolicy, desired: PortGroupPolicy): PortGroupPolicyPatch {
  const patch: { -readonly [K in keyof PortGroupPolicyPatch]: PortGroupPolicyPatch[K] } = {};
  if (!same(current.vlan, desired.vlan)) patch.vlan = desired.vlan;
  const s = desired.security;
  if (current.security.allowPromiscuous !== s.allowPromiscuous) patch.allowPromiscuous = s.allowPromiscuous;
  if (current.security.allowMacChanges !== s.allowMacChanges) patch.allowMacChanges = s.allowMacChanges;
  if (current.security.allowForgedTransmits !== s.allowForgedTransmits) patch.allowForgedTransmits = s.allowForgedTransmits;
  if (!same(current.ingressShaping, desired.ingressShaping) || !same(current.egressShaping, desired.egressShaping)) {
    const d = desired.ingressShaping;
    if (same(desired.ingressShaping, desired.egressShaping)) {
      Object.assign(patch, { shapingEnabled: d.enabled, averageKbps: d.averageKbps, peakKbps: d.peakKbps, burstKB: d.burstKB });
    } else {
      Object.assign(patch, { ingressShaping: { ...d }, egressShaping: { ...desired.egressShaping } });
    }
  }
  const t = desired.teaming;
  const c = current.teaming;
  if (c.loadBalancing !== t.loadBalancing) patch.loadBalancing = t.loadBalancing;
  if (!same(c.activeUplinks, t.activeUplinks)) patch.activeUplinks = t.activeUplinks;
  if (!same(c.standbyUplinks, t.standbyUplinks)) patch.standbyUplinks = t.standbyUplinks;
  if (c.notifySwitches !== t.notifySwitches) patch.notifySwitches = t.notifySwitches;
  if (c.failback !== t.failback) patch.failback = t.failback;
  if (current.blocked !== desired.blocked) patch.blocked = desired.blocked;
  return patch;
}

/** A port group's policy as a file writes it: only what differs from a new port group's defaults. */
export function policySpec(policy: PortGroupPolicy, switchUplinks: readonly string[]): DistributedPortGroupTopology {
  const base = defaultDistributedPolicy(switchUplinks, policy.vlan);
  const diff = <T extends object>(a: T, b: T): Partial<T> | undefined => {
    const out = Object.fromEntries(Object.entries(a).filter(([k, v]) => !same(v, (b as Record<string, unknown>)[k]))) as Partial<T>;
    return Object.keys(out).length === 0 ? undefined : out;
  };
  const vlan = formatVlan(policy.vlan);
  const security = diff(policy.security, base.security);
  const shaping = diff(policy.ingressShaping, base.ingressShaping);
  // where egress differs from ingress, the fields that differ, with `enabled` always (a bandwidth alone would turn it on)
  const egress = diff(policy.egressShaping, policy.ingressShaping);
  const egressShaping = egress ? { enabled: policy.egressShaping.enabled, ...egress } : undefined;
  const teaming = diff(policy.teaming, base.teaming);
  return {
    ...(policy.vlan.kind === "none" ? {} : { vlan: policy.vlan.kind === "vlan" ? policy.vlan.id : vlan }),
    ...(security ? { security } : {}),
    ...(shaping ? { shaping } : {}),
    ...(egressShaping ? { egressShaping } : {}),
    ...(teaming ? { teaming: teaming as DistributedPortGroupTopology["teaming"] } : {}),
    ...(policy.blocked ? { blocked: true } : {}),
  };
}
