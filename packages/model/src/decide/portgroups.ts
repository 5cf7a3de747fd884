import { LIMITS } from "../commands.js";
import { alreadyExists, invalid } from "../errors.js";
import type { DomainEvent } from "../events.js";
import { validateName } from "../names.js";
import { applyPolicyPatch, defaultDistributedPolicy, validateVlan, type PortGroupPolicy, type PortGroupPolicyPatch, type VlanSpec } from "../policy.js";
import type { ClusterState } from "../state.js";
import { checkRange, inUse, requirePortGroup, requireSwitch } from "./guards.js";

export function addPortGroup(
  state: ClusterState,
  vds: string,
  portgroup: string,
  vlan: VlanSpec = { kind: "none" },
  ports: number = LIMITS.portGroupPorts.default,
): DomainEvent[] {
  const sw = requireSwitch(state, vds);
  validateName("port group", portgroup);
  const existing = state.portGroups[portgroup];
  if (existing) throw alreadyExists("Distributed port group", portgroup, `on distributed switch "${existing.vds}"`);
  checkRange("number of ports", ports, LIMITS.portGroupPorts);
  validateVlan(vlan);
  const used = Object.keys(sw.ports).length;
  if (used + ports > sw.maxPorts) {
    throw invalid(
      `Distributed switch "${vds}" has ${sw.maxPorts - used} of ${sw.maxPorts} ports left; port group "${portgroup}" asks for ${ports}`,
    );
  }
  const portKeys = Array.from({ length: ports }, (_, i) => String(sw.nextPortKey + i));
  const key = `dvportgroup-${state.counters.portGroupKey + 1}`;
  const policy = defaultDistributedPolicy(sw.uplinks, vlan);
  return [{ type: "DistributedPortGroupAdded", data: { vds, portgroup, key, portKeys, policy } }];
}

export function setPortGroupPolicy(
  state: ClusterState,
  vds: string,
  portgroup: string,
  patch: PortGroupPolicyPatch,
): DomainEvent[] {
  const sw = requireSwitch(state, vds);
  const pg = requirePortGroup(state, vds, portgroup);
  if (Object.values(patch).every((v) => v === undefined)) {
    throw invalid(`Nothing to change on port group "${portgroup}": give at least one setting`);
  }
  const { policy, changed } = applyPolicyPatch(pg.policy, patch, sw);
  if (changed.length === 0) return [];
  const changes = Object.fromEntries(changed.map((k) => [k, policy[k as keyof PortGroupPolicy]])) as Partial<PortGroupPolicy>;
  return [{ type: "DistributedPortGroupPolicyChanged", data: { vds, portgroup, changes } }];
}

export function removePortGroup(state: ClusterState, vds: string, portgroup: string): DomainEvent[] {
  const sw = requireSwitch(state, vds);
  const pg = requirePortGroup(state, vds, portgroup);
  const connectees = pg.portKeys.map((k) => sw.ports[k]?.connectee).filter((c) => c !== null && c !== undefined);
  const users = connectees.flatMap((c) => ("vm" in c ? [c.vm] : []));
  if (users.length > 0) {
    throw inUse(`Port group "${portgroup}" is in use by virtual machines: ${[...new Set(users)].join(", ")}`);
  }
  const vmknics = connectees.flatMap((c) => ("vmknic" in c ? [`${c.vmknic} (${c.host})`] : []));
  if (vmknics.length > 0) throw inUse(`Port group "${portgroup}" is in use by VMkernel NICs: ${vmknics.sort().join(", ")}`);
  return [{ type: "DistributedPortGroupRemoved", data: { vds, portgroup } }];
}
