import { incomingMigrations } from "../migration/incoming.js";
import { physicalNicMac } from "../mac.js";
import type { PortGroupPolicy } from "../policy.js";
import type { ClusterState } from "../state.js";
import { effectiveStandardPolicy, type StandardPolicySection } from "./standard-policy.js";
import type { Ipv4Config, StandardSwitchPolicy, VmkNicServices } from "./state.js";

export interface RealizedPnic {
  readonly name: string;
  readonly mac: string;
}

export interface RealizedStandardPortGroup {
  readonly name: string;
  readonly vlan: number;
  /** effective: the switch's policy with the port group's overrides */
  readonly policy: StandardSwitchPolicy;
  readonly overridden: readonly StandardPolicySection[];
}

export interface RealizedStandardSwitch {
  readonly name: string;
  readonly numPorts: number;
  readonly mtu: number;
  readonly uplinks: readonly string[];
  readonly policy: StandardSwitchPolicy;
  readonly portGroups: readonly RealizedStandardPortGroup[];
}

/** A VM's vNIC on a standard port group of this host. */
export interface RealizedStandardPort {
  readonly vswitch: string;
  readonly portgroup: string;
  readonly vm: string;
  readonly nic: number;
  readonly mac: string;
  readonly vlan: number;
  readonly policy: StandardSwitchPolicy;
  /** set on a vMotion destination before the switchover: the port exists, blocked */
  readonly reservedFor?: string;
}

export type RealizedVmkNicConnection =
  | {
      readonly kind: "standard";
      readonly vswitch: string;
      readonly portgroup: string;
      readonly vlan: number;
      readonly policy: StandardSwitchPolicy;
    }
  | {
      readonly kind: "distributed";
      readonly vds: string;
      readonly portKey: string;
      readonly portgroup: string;
      readonly policy: PortGroupPolicy;
    };

export interface RealizedVmkNic {
  readonly name: string;
  readonly mac: string;
  readonly mtu: number;
  readonly enabled: boolean;
  readonly ipv4: Ipv4Config | null;
  readonly services: VmkNicServices;
  readonly connection: RealizedVmkNicConnection;
}

export interface RealizedStandardConfig {
  readonly pnics: readonly RealizedPnic[];
  readonly standardSwitches: readonly RealizedStandardSwitch[];
  readonly standardPorts: readonly RealizedStandardPort[];
  readonly vmknics: readonly RealizedVmkNic[];
}

const byName = <T extends { name: string }>(a: T, b: T): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
const SECTIONS: readonly StandardPolicySection[] = ["security", "shaping", "teaming"];

/** The host-local part of a host's realized configuration. Pure and deterministically ordered. */
export function realizedStandardConfig(state: ClusterState, host: string): RealizedStandardConfig {
  const h = state.hosts[host];
  if (!h) return { pnics: [], standardSwitches: [], standardPorts: [], vmknics: [] };
  const portGroups = Object.values(h.standardPortGroups).sort(byName);
  const effective = (portgroup: string): { vlan: number; policy: StandardSwitchPolicy } | undefined => {
    const pg = h.standardPortGroups[portgroup];
    const sw = pg && h.standardSwitches[pg.vswitch];
    return pg && sw ? { vlan: pg.vlan, policy: effectiveStandardPolicy(sw, pg) } : undefined;
  };
  const standardSwitches = Object.values(h.standardSwitches)
    .sort(byName)
    .map((sw) => ({
      name: sw.name,
      numPorts: sw.numPorts,
      mtu: sw.mtu,
      uplinks: sw.uplinks,
      policy: sw.policy,
      portGroups: portGroups
        .filter((pg) => pg.vswitch === sw.name)
        .map((pg) => ({
          name: pg.name,
          vlan: pg.vlan,
          policy: effectiveStandardPolicy(sw, pg),
          overridden: SECTIONS.filter((s) => pg.overrides[s] !== null),
        })),
    }));
  const standardPorts: RealizedStandardPort[] = [];
  for (const vm of Object.values(state.vms).sort(byName)) {
    if (vm.host !== host) continue;
    for (const nic of vm.nics) {
      const eff = nic.vswitch === undefined ? undefined : effective(nic.portgroup);
      if (!eff || nic.vswitch === undefined) continue;
      standardPorts.push({ vswitch: nic.vswitch, portgroup: nic.portgroup, vm: vm.name, nic: nic.index, mac: nic.mac, ...eff });
    }
  }
  for (const m of incomingMigrations(state, host)) {
    const vm = state.vms[m.vm];
    for (const r of m.reservation ?? []) {
      const nic = vm?.nics.find((n) => n.index === r.nic);
      const eff = effective(r.portgroup);
      if (!vm || !nic || !eff || r.vswitch === undefined) continue;
      standardPorts.push({ vswitch: r.vswitch, portgroup: r.portgroup, vm: vm.name, nic: nic.index, mac: nic.mac, ...eff, reservedFor: m.id });
    }
  }
  const vmknics: RealizedVmkNic[] = [];
  for (const nic of Object.values(h.vmknics).sort(byName)) {
    const { name, mac, mtu, enabled, ipv4, services } = nic;
    const c = nic.connection;
    if (c.kind === "standard") {
      const eff = effective(c.portgroup);
      if (eff) vmknics.push({ name, mac, mtu, enabled, ipv4, services, connection: { ...c, ...eff } });
      continue;
    }
    const portgroup = state.switches[c.vds]?.ports[c.portKey]?.portgroup;
    const pg = portgroup === undefined ? undefined : state.portGroups[portgroup];
    if (pg) vmknics.push({ name, mac, mtu, enabled, ipv4, services, connection: { ...c, portgroup: pg.name, policy: pg.policy } });
  }
  const pnics = h.pnics.map((name, i) => ({ name, mac: physicalNicMac(h.index, i) }));
  return { pnics, standardSwitches, standardPorts, vmknics };
}
