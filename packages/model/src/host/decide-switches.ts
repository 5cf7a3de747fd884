import { DomainError, DomainErrorCode, invalid } from "../errors.js";
import type { DomainEvent } from "../events.js";
import { validateName } from "../names.js";
import type { ClusterState, DistributedSwitch, Host } from "../state.js";
import { HOST_LIMITS } from "./commands.js";
import {
  checkInteger,
  exists,
  inUse,
  missing,
  pnicUser,
  requirePnic,
  requireStandardSwitch,
  standardClients,
} from "./guards.js";
import { applyStandardPolicyPatch, defaultStandardPolicy, type StandardPolicyPatch } from "./standard-policy.js";
import { CDP_STATUSES, type CdpStatus } from "./state.js";

const { standardSwitchPorts, mtu: mtuRange } = HOST_LIMITS;

export function addStandardSwitch(h: Host, vswitch: string, numPorts?: number, mtu?: number): DomainEvent[] {
  validateName("virtual switch", vswitch);
  if (h.standardSwitches[vswitch]) throw exists(`A portset with this name already exists: ${vswitch} on host ${h.name}`, "A portset with this name already exists");
  if (Object.keys(h.standardSwitches).length >= HOST_LIMITS.standardSwitchesPerHost) {
    throw invalid(`Cannot add vswitch ${vswitch}: the host has the maximum of ${HOST_LIMITS.standardSwitchesPerHost} standard switches`);
  }
  const ports = checkInteger("number of ports", numPorts ?? standardSwitchPorts.default, standardSwitchPorts);
  const size = checkInteger("MTU", mtu ?? mtuRange.default, mtuRange);
  return [
    {
      type: "StandardSwitchAdded",
      data: { host: h.name, vswitch, numPorts: ports, mtu: size, policy: defaultStandardPolicy([]) },
    },
  ];
}

export function removeStandardSwitch(state: ClusterState, h: Host, vswitch: string): DomainEvent[] {
  requireStandardSwitch(h, vswitch);
  const clients = standardClients(state, h, { vswitch });
  if (clients.length > 0) throw inUse(`The resource '${vswitch}' is in use by ${clients.join(", ")}`);
  return [{ type: "StandardSwitchRemoved", data: { host: h.name, vswitch } }];
}

export function setStandardSwitch(
  state: ClusterState,
  h: Host,
  vswitch: string,
  numPorts?: number,
  mtu?: number,
  cdpStatus?: CdpStatus,
): DomainEvent[] {
  const sw = requireStandardSwitch(h, vswitch);
  if (numPorts === undefined && mtu === undefined && cdpStatus === undefined) {
    throw invalid(`Nothing to set on vswitch ${vswitch}: give the number of ports, the MTU or the CDP status`);
  }
  if (cdpStatus !== undefined && !CDP_STATUSES.includes(cdpStatus)) {
    throw invalid(`Invalid CDP status ${String(cdpStatus)}: expected one of ${CDP_STATUSES.join(", ")}`);
  }
  const cdp = cdpStatus ?? sw.cdpStatus;
  const ports = checkInteger("number of ports", numPorts ?? sw.numPorts, standardSwitchPorts);
  const size = checkInteger("MTU", mtu ?? sw.mtu, mtuRange);
  const used = standardClients(state, h, { vswitch }).length;
  if (ports < used) throw inUse(`Cannot give vswitch ${vswitch} ${ports} ports: ${used} are in use`);
  if (ports === sw.numPorts && size === sw.mtu && cdp === sw.cdpStatus) return [];
  return [{ type: "StandardSwitchReconfigured", data: { host: h.name, vswitch, numPorts: ports, mtu: size, cdpStatus: cdp } }];
}

export function addStandardSwitchUplink(state: ClusterState, h: Host, vswitch: string, uplink: string): DomainEvent[] {
  const sw = requireStandardSwitch(h, vswitch);
  requirePnic(h, uplink);
  if (sw.uplinks.includes(uplink)) throw exists(`Uplink already exists: ${uplink}`);
  const user = pnicUser(state, h, uplink);
  if (user !== undefined) throw inUse(`Uplink ${uplink} is already in use by ${user}`);
  return [{ type: "StandardSwitchUplinkAdded", data: { host: h.name, vswitch, uplink } }];
}

export function removeStandardSwitchUplink(h: Host, vswitch: string, uplink: string): DomainEvent[] {
  const sw = requireStandardSwitch(h, vswitch);
  if (!sw.uplinks.includes(uplink)) {
    throw new DomainError(DomainErrorCode.InvalidArgument, `No such uplink: ${uplink} is not linked to vswitch ${vswitch}`, { hostText: `No such uplink: ${uplink}` });
  }
  return [{ type: "StandardSwitchUplinkRemoved", data: { host: h.name, vswitch, uplink } }];
}

export function setStandardSwitchPolicy(h: Host, vswitch: string, patch: StandardPolicyPatch): DomainEvent[] {
  const sw = requireStandardSwitch(h, vswitch);
  if (Object.values(patch).every((v) => v === undefined)) {
    throw invalid(`Nothing to set on vswitch ${vswitch}: give at least one policy setting`);
  }
  const policy = applyStandardPolicyPatch(sw.policy, patch, sw.uplinks, `vswitch ${vswitch}`);
  if (JSON.stringify(policy) === JSON.stringify(sw.policy)) return [];
  return [{ type: "StandardSwitchPolicyChanged", data: { host: h.name, vswitch, policy } }];
}

export function addProxySwitchUplink(state: ClusterState, h: Host, vds: string, dvPort: string, pnic: string): DomainEvent[] {
  const { sw, uplink } = requireUplinkPort(state, h, vds, dvPort);
  requirePnic(h, pnic);
  const current = sw.members[h.name]?.uplinks[uplink];
  if (current === pnic) return [];
  if (current !== undefined) throw inUse(`DVPort ${uplink} of DVS ${vds} is already backed by ${current}`);
  const user = pnicUser(state, h, pnic);
  if (user !== undefined) throw inUse(`Uplink ${pnic} is already in use by ${user}`);
  return [{ type: "ProxySwitchUplinkChanged", data: { host: h.name, vds, uplink, pnic } }];
}

export function removeProxySwitchUplink(state: ClusterState, h: Host, vds: string, dvPort: string, pnic: string): DomainEvent[] {
  const { sw, uplink } = requireUplinkPort(state, h, vds, dvPort);
  const current = sw.members[h.name]?.uplinks[uplink];
  if (current === undefined) return [];
  if (current !== pnic) throw invalid(`Uplink ${pnic} does not back DVPort ${uplink} of DVS ${vds} (${current} does)`);
  return [{ type: "ProxySwitchUplinkChanged", data: { host: h.name, vds, uplink, pnic: null } }];
}

/**
 * The distributed switch, checked to have this host as a member, and the uplink behind `dvPort`:
 * the host's uplink dvPort by its key ("16"), or the uplink by its name ("uplink1").
 */
function requireUplinkPort(state: ClusterState, h: Host, vds: string, dvPort: string): { sw: DistributedSwitch; uplink: string } {
  const sw = state.switches[vds];
  if (!sw) throw missing(`Unable to find DVS ${vds}: a distributed switch is created from vCenter, not from a host`);
  const member = sw.members[h.name];
  if (!member) throw invalid(`Host ${h.name} is not a member of DVS ${vds}`);
  const byKey = Object.entries(member.uplinkPorts).find(([, key]) => key === dvPort)?.[0];
  const uplink = byKey ?? (sw.uplinks.includes(dvPort) ? dvPort : undefined);
  if (uplink === undefined) {
    const ports = sw.uplinks.map((u) => member.uplinkPorts[u] ?? u);
    throw invalid(`DVPort ${dvPort} is not an uplink port of DVS ${vds} on this host (its uplink ports: ${ports.join(", ")})`);
  }
  return { sw, uplink };
}
