import { DomainError, DomainErrorCode, invalid } from "../errors.js";
import type { ClusterState, Host } from "../state.js";
import type { VmkNicSelector } from "./commands.js";
import type { StandardPortGroup, StandardSwitch, VmkNic } from "./state.js";

export const missing = (message: string, hostText?: string): DomainError => new DomainError(DomainErrorCode.NotFound, message, { hostText });
export const inUse = (message: string): DomainError => new DomainError(DomainErrorCode.InUse, message);
export const exists = (message: string, hostText?: string): DomainError => new DomainError(DomainErrorCode.AlreadyExists, message, { hostText });

export function requireKnownHost(state: ClusterState, host: string): Host {
  const h = state.hosts[host];
  if (!h) throw missing(`Host "${host}" not found`);
  return h;
}

export function requireStandardSwitch(h: Host, vswitch: string): StandardSwitch {
  const sw = h.standardSwitches[vswitch];
  if (!sw) throw missing(`Unable to find vswitch ${vswitch}`);
  return sw;
}

/** The port group, checked to be on `vswitch` when one is named. */
/** A host's standard port group, else NotFound; `hostText` is what the host's tools print instead, where they word it otherwise. */
export function requireStandardPortGroup(h: Host, portgroup: string, vswitch?: string, hostText?: string): StandardPortGroup {
  const pg = h.standardPortGroups[portgroup];
  if (!pg) throw missing(`Unable to find port group ${portgroup}`, hostText);
  if (vswitch !== undefined && pg.vswitch !== vswitch) {
    requireStandardSwitch(h, vswitch);
    throw missing(`Unable to find port group ${portgroup} on vswitch ${vswitch} (it is on ${pg.vswitch})`, hostText);
  }
  return pg;
}

export function requireVmkNic(h: Host, selector: VmkNicSelector): VmkNic {
  if ("name" in selector) {
    const nic = h.vmknics[selector.name];
    if (!nic) throw missing(`Unable to find vmknic ${selector.name}`);
    return nic;
  }
  const nic = Object.values(h.vmknics).find((n) =>
    "portgroup" in selector
      ? n.connection.kind === "standard" && n.connection.portgroup === selector.portgroup
      : n.connection.kind === "distributed" && n.connection.vds === selector.vds && n.connection.portKey === selector.portKey,
  );
  if (!nic) {
    throw missing(
      "portgroup" in selector
        ? `Unable to find vmknic for port group ${selector.portgroup}`
        : `Unable to find vmknic for dvPort ${selector.portKey} of DVS ${selector.vds}`,
    );
  }
  return nic;
}

/** Who uses a standard port group or switch of the host: "vm web-01", "vmk1". */
export function standardClients(state: ClusterState, h: Host, where: { vswitch?: string; portgroup?: string }): string[] {
  const matches = (vswitch: string | undefined, portgroup: string): boolean =>
    vswitch !== undefined &&
    (where.vswitch === undefined || where.vswitch === vswitch) &&
    (where.portgroup === undefined || where.portgroup === portgroup);
  const clients: string[] = [];
  for (const vm of Object.values(state.vms).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (vm.host !== h.name) continue;
    for (const nic of vm.nics) if (matches(nic.vswitch, nic.portgroup)) clients.push(`${vm.name}.eth${nic.index}`);
  }
  for (const nic of Object.values(h.vmknics).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (nic.connection.kind === "standard" && matches(nic.connection.vswitch, nic.connection.portgroup)) clients.push(nic.name);
  }
  return clients;
}

/** What already uses a vmnic of the host: a standard switch, or a distributed switch's uplink. */
export function pnicUser(state: ClusterState, h: Host, pnic: string): string | undefined {
  const vss = Object.values(h.standardSwitches).find((sw) => sw.uplinks.includes(pnic));
  if (vss) return vss.name;
  for (const sw of Object.values(state.switches)) {
    const uplink = Object.entries(sw.members[h.name]?.uplinks ?? {}).find(([, nic]) => nic === pnic);
    if (uplink) return `DVS ${sw.name} (${uplink[0]})`;
  }
  return undefined;
}

export function requirePnic(h: Host, pnic: string): void {
  if (!h.pnics.includes(pnic)) {
    throw invalid(`Invalid uplink ${pnic}: there is no physical NIC of that name (the host has ${h.pnics.join(", ")})`);
  }
}

export function checkInteger(field: string, value: number, range: { min: number; max: number }, hint = ""): number {
  if (!Number.isInteger(value) || value < range.min || value > range.max) {
    throw invalid(`Invalid ${field} ${value}: expected ${range.min}-${range.max}${hint}`);
  }
  return value;
}
