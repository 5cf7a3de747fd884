import { invalid } from "../errors.js";
import type { DomainEvent } from "../events.js";
import { validateName } from "../names.js";
import type { ClusterState, Host } from "../state.js";
import { HOST_LIMITS } from "./commands.js";
import { checkInteger, exists, inUse, missing, requireStandardPortGroup, requireStandardSwitch, standardClients } from "./guards.js";
import { applyPortGroupPolicyPatch, effectiveStandardPolicy, type StandardPolicyPatch } from "./standard-policy.js";
import type { StandardPolicyOverrides, StandardPortGroup } from "./state.js";

export function checkStandardVlan(vlan: number): number {
  return checkInteger("VLAN ID", vlan, HOST_LIMITS.standardVlan, " (0 for none, 4095 for all VLANs)");
}

export function addStandardPortGroup(h: Host, vswitch: string, portgroup: string, vlan = 0): DomainEvent[] {
  requireStandardSwitch(h, vswitch);
  validateName("port group", portgroup);
  if (h.standardPortGroups[portgroup]) throw exists(`A portgroup with the name ${portgroup} already exists`);
  const onSwitch = Object.values(h.standardPortGroups).filter((pg) => pg.vswitch === vswitch).length;
  if (onSwitch >= HOST_LIMITS.portGroupsPerStandardSwitch) {
    throw invalid(`Cannot add port group ${portgroup}: vswitch ${vswitch} has the maximum of ${HOST_LIMITS.portGroupsPerStandardSwitch}`);
  }
  checkStandardVlan(vlan);
  return [{ type: "StandardPortGroupAdded", data: { host: h.name, vswitch, portgroup, vlan } }];
}

export function removeStandardPortGroup(state: ClusterState, h: Host, portgroup: string, vswitch?: string): DomainEvent[] {
  // the VMkernel's answer for a port group the portset does not have, as esxcli relays it
  const pg = requireStandardPortGroup(h, portgroup, vswitch, "Sysinfo error: Not foundSee VMkernel log for details.");
  const clients = standardClients(state, h, { portgroup });
  if (clients.length > 0) throw inUse(`The resource '${portgroup}' is in use by ${clients.join(", ")}`);
  return [{ type: "StandardPortGroupRemoved", data: { host: h.name, vswitch: pg.vswitch, portgroup } }];
}

export function setStandardPortGroupVlan(h: Host, portgroup: string, vlan: number, vswitch?: string): DomainEvent[] {
  const pg = requireStandardPortGroup(h, portgroup, vswitch);
  checkStandardVlan(vlan);
  return changed(h, pg, vlan, pg.overrides);
}

export function setStandardPortGroupPolicy(h: Host, portgroup: string, patch: StandardPolicyPatch): DomainEvent[] {
  const pg = requireStandardPortGroup(h, portgroup);
  if (Object.values(patch).every((v) => v === undefined)) {
    throw invalid(`Nothing to set on port group ${portgroup}: give at least one policy setting`);
  }
  const sw = requireStandardSwitch(h, pg.vswitch);
  return changed(h, pg, pg.vlan, applyPortGroupPolicyPatch(sw, pg, patch));
}

/** Makes an uplink of the switch an active uplink of the port group (an override of the switch's teaming). */
export function addStandardPortGroupUplink(h: Host, portgroup: string, uplink: string, vswitch?: string): DomainEvent[] {
  const pg = requireStandardPortGroup(h, portgroup, vswitch);
  const sw = requireStandardSwitch(h, pg.vswitch);
  if (!sw.uplinks.includes(uplink)) throw invalid(`Uplink ${uplink} is not linked to vswitch ${sw.name}`);
  const teaming = effectiveStandardPolicy(sw, pg).teaming;
  if (teaming.activeUplinks.includes(uplink)) return [];
  const next = {
    ...teaming,
    activeUplinks: [...teaming.activeUplinks, uplink],
    standbyUplinks: teaming.standbyUplinks.filter((u) => u !== uplink),
  };
  return changed(h, pg, pg.vlan, { ...pg.overrides, teaming: next });
}

/** Takes an uplink out of the port group's active and standby uplinks (it becomes unused there). */
export function removeStandardPortGroupUplink(h: Host, portgroup: string, uplink: string, vswitch?: string): DomainEvent[] {
  const pg = requireStandardPortGroup(h, portgroup, vswitch);
  const sw = requireStandardSwitch(h, pg.vswitch);
  if (!sw.uplinks.includes(uplink)) throw invalid(`Uplink ${uplink} is not linked to vswitch ${sw.name}`);
  const teaming = effectiveStandardPolicy(sw, pg).teaming;
  if (!teaming.activeUplinks.includes(uplink) && !teaming.standbyUplinks.includes(uplink)) return [];
  const next = {
    ...teaming,
    activeUplinks: teaming.activeUplinks.filter((u) => u !== uplink),
    standbyUplinks: teaming.standbyUplinks.filter((u) => u !== uplink),
  };
  return changed(h, pg, pg.vlan, { ...pg.overrides, teaming: next });
}

function changed(h: Host, pg: StandardPortGroup, vlan: number, overrides: StandardPolicyOverrides): DomainEvent[] {
  if (vlan === pg.vlan && JSON.stringify(overrides) === JSON.stringify(pg.overrides)) return [];
  return [{ type: "StandardPortGroupChanged", data: { host: h.name, vswitch: pg.vswitch, portgroup: pg.name, vlan, overrides } }];
}
