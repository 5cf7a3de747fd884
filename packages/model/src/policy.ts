import { invalid } from "./errors.js";

/** VLAN setting of a port group: untagged, one VLAN, or (distributed only) a trunk of ranges. */
export type VlanSpec =
  | { readonly kind: "none" }
  | { readonly kind: "vlan"; readonly id: number }
  | { readonly kind: "trunk"; readonly ranges: ReadonlyArray<readonly [number, number]> };

export interface SecurityPolicy {
  readonly allowPromiscuous: boolean;
  readonly allowMacChanges: boolean;
  readonly allowForgedTransmits: boolean;
}

export interface ShapingPolicy {
  readonly enabled: boolean;
  /** kbit/s */
  readonly averageKbps: number;
  /** kbit/s */
  readonly peakKbps: number;
  /** KB */
  readonly burstKB: number;
}

export const LOAD_BALANCING = ["loadbalance_srcid", "loadbalance_ip", "loadbalance_srcmac", "failover_explicit"] as const;
export type LoadBalancing = (typeof LOAD_BALANCING)[number];

export interface TeamingPolicy {
  readonly loadBalancing: LoadBalancing;
  readonly activeUplinks: readonly string[];
  readonly standbyUplinks: readonly string[];
  readonly notifySwitches: boolean;
  readonly failback: boolean;
}

/** Everything a distributed port group defines for its ports. */
export interface PortGroupPolicy {
  readonly vlan: VlanSpec;
  readonly security: SecurityPolicy;
  readonly ingressShaping: ShapingPolicy;
  readonly egressShaping: ShapingPolicy;
  readonly teaming: TeamingPolicy;
  readonly blocked: boolean;
}

/** A change to a port group's policy, as `vdsim vds portgroup set` expresses it. */
export interface PortGroupPolicyPatch {
  readonly vlan?: VlanSpec;
  readonly allowPromiscuous?: boolean;
  readonly allowMacChanges?: boolean;
  readonly allowForgedTransmits?: boolean;
  readonly averageKbps?: number;
  readonly peakKbps?: number;
  readonly burstKB?: number;
  readonly shapingEnabled?: boolean;
  /**
   * One direction's shaping, for faces that set ingress and egress apart (vSphere's inShapingPolicy
   * and outShapingPolicy); it applies after the shared settings above, and only to its direction.
   */
  readonly ingressShaping?: Partial<ShapingPolicy>;
  readonly egressShaping?: Partial<ShapingPolicy>;
  readonly loadBalancing?: LoadBalancing;
  readonly activeUplinks?: readonly string[];
  readonly standbyUplinks?: readonly string[];
  readonly notifySwitches?: boolean;
  readonly failback?: boolean;
  readonly blocked?: boolean;
}

export const SHAPING_OFF: ShapingPolicy = { enabled: false, averageKbps: 100_000, peakKbps: 100_000, burstKB: 102_400 };

/** The defaults vSphere gives a new distributed port group: security all reject, shaping off. */
export function defaultDistributedPolicy(uplinks: readonly string[], vlan: VlanSpec): PortGroupPolicy {
  return {
    vlan,
    security: { allowPromiscuous: false, allowMacChanges: false, allowForgedTransmits: false },
    ingressShaping: SHAPING_OFF,
    egressShaping: SHAPING_OFF,
    teaming: {
      loadBalancing: "loadbalance_srcid",
      activeUplinks: [...uplinks],
      standbyUplinks: [],
      notifySwitches: true,
      failback: true,
    },
    blocked: false,
  };
}

/** Parses "0", "105" or a trunk "100-200,300" into a VLAN setting, naming the bad part on error. */
export function parseVlan(text: string): VlanSpec {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) {
    const id = Number(trimmed);
    checkVlanId(id);
    return id === 0 ? { kind: "none" } : { kind: "vlan", id };
  }
  const ranges: Array<readonly [number, number]> = [];
  for (const part of trimmed.split(",")) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part.trim());
    if (!m) throw invalid(`Invalid VLAN "${text}": expected an ID 0-4094 or a trunk range such as 100-200,300`);
    const lo = Number(m[1]);
    const hi = m[2] === undefined ? lo : Number(m[2]);
    checkVlanId(lo);
    checkVlanId(hi);
    if (hi < lo) throw invalid(`Invalid VLAN trunk range "${part}": start is above end`);
    ranges.push([lo, hi]);
  }
  return { kind: "trunk", ranges };
}

/** Validates a VLAN setting: IDs 0-4094, trunk ranges non-empty with start <= end. */
export function validateVlan(vlan: VlanSpec): void {
  if (vlan.kind === "vlan") checkVlanId(vlan.id);
  if (vlan.kind !== "trunk") return;
  if (vlan.ranges.length === 0) throw invalid("Invalid VLAN trunk: give at least one range, such as 100-200");
  for (const [lo, hi] of vlan.ranges) {
    checkVlanId(lo);
    checkVlanId(hi);
    if (hi < lo) throw invalid(`Invalid VLAN trunk range ${lo}-${hi}: start is above end`);
  }
}

export function checkVlanId(id: number): void {
  if (!Number.isInteger(id) || id < 0 || id > 4094) {
    throw invalid(`Invalid VLAN ID ${id}: a distributed port group takes 0-4094 (or a trunk range)`);
  }
}

export function formatVlan(vlan: VlanSpec): string {
  switch (vlan.kind) {
    case "none":
      return "0";
    case "vlan":
      return String(vlan.id);
    case "trunk":
      return vlan.ranges.map(([lo, hi]) => (lo === hi ? String(lo) : `${lo}-${hi}`)).join(",");
  }
}

/**
 * Applies a patch to a policy and validates the result against the switch's uplinks.
 * Returns the new policy and the names of the settings that changed.
 */
export function applyPolicyPatch(
  current: PortGroupPolicy,
  patch: PortGroupPolicyPatch,
  sw: { readonly name: string; readonly uplinks: readonly string[] },
): { policy: PortGroupPolicy; changed: string[] } {
  if (patch.vlan) validateVlan(patch.vlan);
  const touches = (p: Partial<ShapingPolicy>): boolean =>
    p.averageKbps !== undefined || p.peakKbps !== undefined || p.burstKB !== undefined;
  const shared: Partial<ShapingPolicy> = { averageKbps: patch.averageKbps, peakKbps: patch.peakKbps, burstKB: patch.burstKB };
  const shaping = (s: ShapingPolicy, own: Partial<ShapingPolicy> = {}): ShapingPolicy => ({
    enabled: own.enabled ?? patch.shapingEnabled ?? (touches(shared) || touches(own) ? true : s.enabled),
    averageKbps: own.averageKbps ?? patch.averageKbps ?? s.averageKbps,
    peakKbps: own.peakKbps ?? patch.peakKbps ?? s.peakKbps,
    burstKB: own.burstKB ?? patch.burstKB ?? s.burstKB,
  });
  const policy: PortGroupPolicy = {
    vlan: patch.vlan ?? current.vlan,
    security: {
      allowPromiscuous: patch.allowPromiscuous ?? current.security.allowPromiscuous,
      allowMacChanges: patch.allowMacChanges ?? current.security.allowMacChanges,
      allowForgedTransmits: patch.allowForgedTransmits ?? current.security.allowForgedTransmits,
    },
    ingressShaping: shaping(current.ingressShaping, patch.ingressShaping),
    egressShaping: shaping(current.egressShaping, patch.egressShaping),
    teaming: {
      loadBalancing: patch.loadBalancing ?? current.teaming.loadBalancing,
      activeUplinks: patch.activeUplinks ?? current.teaming.activeUplinks,
      standbyUplinks: patch.standbyUplinks ?? current.teaming.standbyUplinks,
      notifySwitches: patch.notifySwitches ?? current.teaming.notifySwitches,
      failback: patch.failback ?? current.teaming.failback,
    },
    blocked: patch.blocked ?? current.blocked,
  };
  validatePolicy(policy, sw);
  return { policy, changed: changedSections(current, policy) };
}

/** Validates a shaping setting: bandwidths and burst positive, peak at least the average. `what` names it in errors. */
export function checkShaping(what: string, s: ShapingPolicy): void {
  for (const [field, value] of [
    ["average bandwidth", s.averageKbps],
    ["peak bandwidth", s.peakKbps],
    ["burst size", s.burstKB],
  ] as const) {
    if (!Number.isFinite(value) || value <= 0) throw invalid(`Invalid ${what}: ${field} must be positive, got ${value}`);
  }
  if (s.peakKbps < s.averageKbps) {
    throw invalid(`Invalid ${what}: peak bandwidth ${s.peakKbps} kbit/s is below average bandwidth ${s.averageKbps} kbit/s`);
  }
}

function validatePolicy(policy: PortGroupPolicy, sw: { readonly name: string; readonly uplinks: readonly string[] }): void {
  checkShaping("ingress traffic shaping", policy.ingressShaping);
  checkShaping("egress traffic shaping", policy.egressShaping);
  const { activeUplinks, standbyUplinks, loadBalancing } = policy.teaming;
  if (!(LOAD_BALANCING as readonly string[]).includes(loadBalancing)) {
    throw invalid(`Invalid load balancing "${loadBalancing}": expected one of ${LOAD_BALANCING.join(", ")}`);
  }
  for (const uplink of [...activeUplinks, ...standbyUplinks]) {
    if (!sw.uplinks.includes(uplink)) {
      throw invalid(`Uplink "${uplink}" does not exist on distributed switch "${sw.name}" (it has ${sw.uplinks.join(", ")})`);
    }
  }
  const both = activeUplinks.filter((u) => standbyUplinks.includes(u));
  if (both.length > 0) throw invalid(`Uplink "${both[0]}" cannot be both active and standby`);
  const dup = [...activeUplinks, ...standbyUplinks].find((u, i, all) => all.indexOf(u) !== i);
  if (dup !== undefined) throw invalid(`Uplink "${dup}" is listed twice`);
}

function changedSections(a: PortGroupPolicy, b: PortGroupPolicy): string[] {
  const keys = ["vlan", "security", "ingressShaping", "egressShaping", "teaming", "blocked"] as const;
  return keys.filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]));
}
