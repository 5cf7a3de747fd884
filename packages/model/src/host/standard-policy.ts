import { invalid } from "../errors.js";
import { LOAD_BALANCING, SHAPING_OFF, checkShaping, type PortGroupPolicyPatch, type TeamingPolicy } from "../policy.js";
import type { StandardPolicyOverrides, StandardPortGroup, StandardSwitch, StandardSwitchPolicy } from "./state.js";

/**
 * A change to a standard switch's or port group's policy: the distributed patch without VLAN and
 * blocking, nor the per-direction shaping (a standard switch shapes one way, outbound).
 */
export type StandardPolicyPatch = Omit<PortGroupPolicyPatch, "vlan" | "blocked" | "ingressShaping" | "egressShaping">;

export type StandardPolicySection = keyof StandardSwitchPolicy;

/** The VSS defaults: promiscuous reject, MAC changes and forged transmits accept, shaping off, every uplink active. */
export function defaultStandardPolicy(uplinks: readonly string[]): StandardSwitchPolicy {
  return {
    security: { allowPromiscuous: false, allowMacChanges: true, allowForgedTransmits: true },
    shaping: SHAPING_OFF,
    teaming: {
      loadBalancing: "loadbalance_srcid",
      activeUplinks: [...uplinks],
      standbyUplinks: [],
      notifySwitches: true,
      failback: true,
    },
  };
}

/** A port group's policy: its switch's, with the sections it overrides replaced. */
export function effectiveStandardPolicy(sw: StandardSwitch, pg: StandardPortGroup): StandardSwitchPolicy {
  return {
    security: pg.overrides.security ?? sw.policy.security,
    shaping: pg.overrides.shaping ?? sw.policy.shaping,
    teaming: pg.overrides.teaming ?? sw.policy.teaming,
  };
}

/** The policy sections a patch sets. */
export function sectionsOf(patch: StandardPolicyPatch): StandardPolicySection[] {
  const set = (...keys: Array<keyof StandardPolicyPatch>): boolean => keys.some((k) => patch[k] !== undefined);
  const sections: StandardPolicySection[] = [];
  if (set("allowPromiscuous", "allowMacChanges", "allowForgedTransmits")) sections.push("security");
  if (set("shapingEnabled", "averageKbps", "peakKbps", "burstKB")) sections.push("shaping");
  if (set("loadBalancing", "activeUplinks", "standbyUplinks", "notifySwitches", "failback")) sections.push("teaming");
  return sections;
}

/**
 * Applies a patch to a standard policy and validates the result against the switch's uplinks.
 * `where` names the switch or port group in errors. Giving only the active (or only the standby)
 * list moves the uplinks it names off the other list, as the vSphere Client does.
 */
export function applyStandardPolicyPatch(
  current: StandardSwitchPolicy,
  patch: StandardPolicyPatch,
  uplinks: readonly string[],
  where: string,
): StandardSwitchPolicy {
  const touchesBandwidth = patch.averageKbps !== undefined || patch.peakKbps !== undefined || patch.burstKB !== undefined;
  const t = current.teaming;
  const active = patch.activeUplinks ?? t.activeUplinks.filter((u) => !patch.standbyUplinks?.includes(u));
  const standby = patch.standbyUplinks ?? t.standbyUplinks.filter((u) => !patch.activeUplinks?.includes(u));
  const policy: StandardSwitchPolicy = {
    security: {
      allowPromiscuous: patch.allowPromiscuous ?? current.security.allowPromiscuous,
      allowMacChanges: patch.allowMacChanges ?? current.security.allowMacChanges,
      allowForgedTransmits: patch.allowForgedTransmits ?? current.security.allowForgedTransmits,
    },
    shaping: {
      enabled: patch.shapingEnabled ?? (touchesBandwidth ? true : current.shaping.enabled),
      averageKbps: patch.averageKbps ?? current.shaping.averageKbps,
      peakKbps: patch.peakKbps ?? current.shaping.peakKbps,
      burstKB: patch.burstKB ?? current.shaping.burstKB,
    },
    teaming: {
      loadBalancing: patch.loadBalancing ?? t.loadBalancing,
      activeUplinks: [...active],
      standbyUplinks: [...standby],
      notifySwitches: patch.notifySwitches ?? t.notifySwitches,
      failback: patch.failback ?? t.failback,
    },
  };
  checkShaping(`traffic shaping on ${where}`, policy.shaping);
  checkTeaming(policy.teaming, uplinks, where);
  return policy;
}

/** Applies a patch to a port group: each section the patch sets becomes an override of the effective one. */
export function applyPortGroupPolicyPatch(
  sw: StandardSwitch,
  pg: StandardPortGroup,
  patch: StandardPolicyPatch,
): StandardPolicyOverrides {
  const next = applyStandardPolicyPatch(effectiveStandardPolicy(sw, pg), patch, sw.uplinks, `port group ${pg.name}`);
  const sections = sectionsOf(patch);
  return {
    security: sections.includes("security") ? next.security : pg.overrides.security,
    shaping: sections.includes("shaping") ? next.shaping : pg.overrides.shaping,
    teaming: sections.includes("teaming") ? next.teaming : pg.overrides.teaming,
  };
}

function checkTeaming(teaming: TeamingPolicy, uplinks: readonly string[], where: string): void {
  const { activeUplinks, standbyUplinks, loadBalancing } = teaming;
  if (!(LOAD_BALANCING as readonly string[]).includes(loadBalancing)) {
    throw invalid(`Invalid load balancing "${loadBalancing}": expected one of ${LOAD_BALANCING.join(", ")}`);
  }
  for (const uplink of [...activeUplinks, ...standbyUplinks]) {
    if (!uplinks.includes(uplink)) {
      throw invalid(
        `Uplink ${uplink} is not linked to ${where} (its uplinks: ${uplinks.length > 0 ? uplinks.join(", ") : "none"})`,
      );
    }
  }
  const both = activeUplinks.find((u) => standbyUplinks.includes(u));
  if (both !== undefined) throw invalid(`Uplink ${both} cannot be both active and standby on ${where}`);
  const dup = [...activeUplinks, ...standbyUplinks].find((u, i, all) => all.indexOf(u) !== i);
  if (dup !== undefined) throw invalid(`Uplink ${dup} is listed twice for ${where}`);
}

/** Removes an uplink from a teaming order (the uplink left the switch). */
export function withoutUplink(teaming: TeamingPolicy, uplink: string): TeamingPolicy {
  return {
    ...teaming,
    activeUplinks: teaming.activeUplinks.filter((u) => u !== uplink),
    standbyUplinks: teaming.standbyUplinks.filter((u) => u !== uplink),
  };
}
