import { LIMITS, type DecisionContext } from "../commands.js";
import { alreadyExists, invalid } from "../errors.js";
import type { DomainEvent } from "../events.js";
import { validateName } from "../names.js";
import type { ClusterState } from "../state.js";
import { checkRange, inUse, requireHost, requireResponding, requireSwitch, vmkNicsOnSwitch, vmsOnSwitch } from "./guards.js";

export function registerHost(state: ClusterState, host: string, pnics: readonly string[]): DomainEvent[] {
  validateName("host", host);
  if (pnics.length === 0) throw invalid(`Host "${host}" must have at least one physical NIC`);
  const known = state.hosts[host];
  if (known && known.pnics.join(",") === pnics.join(",")) return [];
  if (known) throw alreadyExists("Host", host, `with physical NICs ${known.pnics.join(", ")}`);
  return [{ type: "HostAdded", data: { host, pnics: [...pnics] } }];
}

export function createSwitch(
  state: ClusterState,
  vds: string,
  uplinks: number = LIMITS.uplinks.default,
  mtu: number = LIMITS.mtu.default,
  maxPorts: number = LIMITS.maxPorts.default,
): DomainEvent[] {
  validateName("distributed switch", vds);
  if (state.switches[vds]) throw alreadyExists("Distributed switch", vds);
  checkRange("number of uplinks", uplinks, LIMITS.uplinks);
  checkRange("MTU", mtu, LIMITS.mtu);
  checkRange("max ports", maxPorts, LIMITS.maxPorts);
  const names = Array.from({ length: uplinks }, (_, i) => `uplink${i + 1}`);
  const n = state.counters.portGroupKey + 1;
  const uplinkPortGroup = { portgroup: `${vds}-DVUplinks-${n}`, key: `dvportgroup-${n}` };
  return [{ type: "DistributedSwitchCreated", data: { vds, uplinks: names, mtu, maxPorts, uplinkPortGroup } }];
}

/** A new MTU for every member host's proxy switch. */
export function reconfigureSwitch(state: ClusterState, vds: string, mtu: number): DomainEvent[] {
  const sw = requireSwitch(state, vds);
  checkRange("MTU", mtu, LIMITS.mtu);
  if (sw.mtu === mtu) return [];
  return [{ type: "DistributedSwitchReconfigured", data: { vds, mtu } }];
}

export function removeSwitch(state: ClusterState, vds: string): DomainEvent[] {
  requireSwitch(state, vds);
  const users = vmsOnSwitch(state, vds);
  if (users.length > 0) {
    throw inUse(`Distributed switch "${vds}" is in use by virtual machines: ${users.map((v) => v.name).join(", ")}`);
  }
  const vmknics = vmkNicsOnSwitch(state, vds);
  if (vmknics.length > 0) throw inUse(`Distributed switch "${vds}" is in use by VMkernel NICs: ${vmknics.join(", ")}`);
  return [{ type: "DistributedSwitchRemoved", data: { vds } }];
}

export function addHostToSwitch(
  state: ClusterState,
  ctx: DecisionContext,
  vds: string,
  host: string,
  pnics?: readonly string[],
): DomainEvent[] {
  const sw = requireSwitch(state, vds);
  const h = requireHost(state, host);
  if (sw.members[host]) throw alreadyExists("Host", host, `in distributed switch "${vds}"`);
  requireResponding(ctx, host);
  const taken = new Set(
    Object.values(state.switches).flatMap((s) => Object.values(s.members[host]?.uplinks ?? {})),
  );
  // NICs a standard switch uses are left to it by default; named explicitly, they move to the VDS
  const onStandard = new Set(Object.values(h.standardSwitches).flatMap((s) => s.uplinks));
  const chosen = pnics ?? h.pnics.filter((n) => !taken.has(n) && !onStandard.has(n)).slice(0, sw.uplinks.length);
  if (chosen.length > sw.uplinks.length) {
    throw invalid(`Distributed switch "${vds}" has ${sw.uplinks.length} uplinks; ${chosen.length} physical NICs given`);
  }
  for (const [i, nic] of chosen.entries()) {
    if (!h.pnics.includes(nic)) throw invalid(`Physical NIC "${nic}" does not exist on host "${host}" (it has ${h.pnics.join(", ")})`);
    if (taken.has(nic)) throw inUse(`Physical NIC "${nic}" on host "${host}" already backs another distributed switch`);
    if (chosen.indexOf(nic) !== i) throw invalid(`Physical NIC "${nic}" is listed twice`);
  }
  const uplinks = Object.fromEntries(chosen.map((nic, i) => [sw.uplinks[i] as string, nic]));
  // the host's uplink dvPorts take the switch's next port keys, as vCenter numbers them
  const uplinkPorts = Object.fromEntries(sw.uplinks.map((name, i) => [name, String(sw.nextPortKey + i)]));
  return [{ type: "HostAddedToDistributedSwitch", data: { vds, host, uplinks, uplinkPorts } }];
}

export function removeHostFromSwitch(state: ClusterState, vds: string, host: string): DomainEvent[] {
  const sw = requireSwitch(state, vds);
  requireHost(state, host);
  if (!sw.members[host]) throw invalid(`Host "${host}" is not a member of distributed switch "${vds}"`);
  const users = vmsOnSwitch(state, vds, host);
  if (users.length > 0) {
    throw inUse(
      `Host "${host}" cannot leave distributed switch "${vds}": virtual machines use it: ${users.map((v) => v.name).join(", ")}`,
    );
  }
  const vmknics = vmkNicsOnSwitch(state, vds, host);
  if (vmknics.length > 0) {
    throw inUse(`Host "${host}" cannot leave distributed switch "${vds}": VMkernel NICs use it: ${vmknics.join(", ")}`);
  }
  return [{ type: "HostRemovedFromDistributedSwitch", data: { vds, host } }];
}
