import { applyStandardPolicyPatch, type Host, type SecurityPolicy, type ShapingPolicy, type StandardPolicyPatch, type StandardSwitchPolicy, type TeamingPolicy } from "@vdsim/model";
import type { HostTopology } from "./schema.js";
import { shapingGiven } from "./policy.js";
import { hostStep, type PlanStep } from "./steps.js";

type Section = "security" | "shaping" | "teaming";
const SECTIONS: readonly Section[] = ["security", "shaping", "teaming"];
type PolicySpec = { readonly security?: Partial<SecurityPolicy>; readonly shaping?: Partial<ShapingPolicy>; readonly teaming?: Partial<TeamingPolicy> };

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** A section's values as a patch (the patch names shaping's `enabled` shapingEnabled). */
function patchOf(section: Section, values: Partial<SecurityPolicy & ShapingPolicy & TeamingPolicy>): StandardPolicyPatch {
  if (section !== "shaping") return values as StandardPolicyPatch;
  const { enabled, ...rest } = values as Partial<ShapingPolicy>;
  return { ...rest, ...(enabled === undefined ? {} : { shapingEnabled: enabled }) };
}

/** The fields a file gives that differ from `current`, per section. */
function differing(spec: PolicySpec, current: StandardSwitchPolicy): StandardPolicyPatch {
  let patch: StandardPolicyPatch = {};
  for (const section of SECTIONS) {
    const given = ((section === "shaping" ? shapingGiven(spec.shaping) : spec[section]) ?? {}) as Record<string, unknown>;
    const now = current[section] as unknown as Record<string, unknown>;
    const diff = Object.fromEntries(Object.entries(given).filter(([k, v]) => !same(v, now[k])));
    patch = { ...patch, ...patchOf(section, diff) };
  }
  return patch;
}

/**
 * Policy steps of a host's standard switches and port groups, planned against the host as the
 * structural steps (switches, uplinks, port groups) leave it: switch policies first, then the
 * sections each port group overrides.
 */
export function planStandardPolicies(name: string, spec: HostTopology, h: Host): PlanStep[] {
  const steps: PlanStep[] = [];
  const effective = new Map<string, StandardSwitchPolicy>();
  for (const [vswitch, sw] of Object.entries(spec.standardSwitches ?? {})) {
    const current = h.standardSwitches[vswitch];
    if (!current || !sw) continue;
    const patch = differing(sw, current.policy);
    effective.set(vswitch, current.policy);
    if (Object.keys(patch).length === 0) continue;
    try {
      // port groups inherit what the switch is about to say
      effective.set(vswitch, applyStandardPolicyPatch(current.policy, patch, current.uplinks, vswitch));
    } catch {
      // an invalid patch: the dry run through the deciders names it
    }
    const path = ["hosts", name, "standardSwitches", vswitch];
    steps.push(hostStep(name, { type: "SetStandardSwitchPolicy", vswitch, patch }, path, `set the policy of ${vswitch} on ${name} (${Object.keys(patch).join(", ")})`));
  }
  for (const [vswitch, sw] of Object.entries(spec.standardSwitches ?? {})) {
    for (const [portgroup, pg] of Object.entries(sw?.portGroups ?? {})) {
      const current = h.standardPortGroups[portgroup];
      const switchPolicy = effective.get(vswitch) ?? h.standardSwitches[vswitch]?.policy;
      if (!current || !pg || !switchPolicy) continue;
      let patch: StandardPolicyPatch = {};
      for (const section of SECTIONS) {
        const given = section === "shaping" ? shapingGiven(pg.shaping) : pg[section];
        if (given === undefined) continue;
        const override = current.overrides[section];
        const desired = { ...(override ?? switchPolicy[section]), ...given };
        if (override !== null && same(override, desired)) continue;
        patch = { ...patch, ...patchOf(section, desired) };
      }
      if (Object.keys(patch).length === 0) continue;
      const path = ["hosts", name, "standardSwitches", vswitch, "portGroups", portgroup];
      steps.push(hostStep(name, { type: "SetStandardPortGroupPolicy", portgroup, patch }, path, `override the policy of port group ${portgroup} on ${name} (${Object.keys(patch).join(", ")})`));
    }
  }
  return steps;
}
