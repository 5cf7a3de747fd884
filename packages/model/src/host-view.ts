import { incomingMigrations } from "./migration/incoming.js";
import { isHostEvent, type DomainEvent } from "./events.js";
import { realizedStandardConfig, type RealizedStandardConfig } from "./host/realized.js";
import type { PortGroupPolicy } from "./policy.js";
import type { ClusterState } from "./state.js";

/**
 * The configuration one host realizes: its proxy switches and the dvPorts of its VMs, and its
 * host-local networking: physical NICs, standard switches, VMs' standard ports, VMkernel NICs.
 */
export interface HostRealizedConfig extends RealizedStandardConfig {
  readonly host: string;
  readonly proxySwitches: readonly ProxySwitch[];
  readonly dvPorts: readonly RealizedDvPort[];
}

export interface ProxySwitch {
  readonly vds: string;
  readonly mtu: number;
  readonly uplinks: Readonly<Record<string, string | null>>;
  readonly portGroups: ReadonlyArray<{ readonly name: string; readonly key: string; readonly policy: PortGroupPolicy }>;
}

export interface RealizedDvPort {
  readonly vds: string;
  readonly key: string;
  readonly portgroup: string;
  readonly vm: string;
  readonly nic: number;
  readonly mac: string;
  readonly policy: PortGroupPolicy;
  /** set on a vMotion destination before the switchover: the port exists, blocked */
  readonly reservedFor?: string;
}

const byName = <T extends { name: string }>(a: T, b: T): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** Projects the cluster's desired state onto one host. Pure and deterministically ordered. */
export function hostRealizedConfig(state: ClusterState, host: string): HostRealizedConfig {
  const proxySwitches: ProxySwitch[] = Object.values(state.switches)
    .filter((sw) => sw.members[host] !== undefined)
    .sort(byName)
    .map((sw) => ({
      vds: sw.name,
      mtu: sw.mtu,
      uplinks: Object.fromEntries(sw.uplinks.map((u) => [u, sw.members[host]?.uplinks[u] ?? null])),
      portGroups: Object.values(state.portGroups)
        .filter((pg) => pg.vds === sw.name)
        .sort(byName)
        .map((pg) => ({ name: pg.name, key: pg.key, policy: pg.policy })),
    }));
  const dvPorts: RealizedDvPort[] = [];
  for (const vm of Object.values(state.vms).sort(byName)) {
    if (vm.host !== host) continue;
    for (const nic of vm.nics) {
      const pg = state.portGroups[nic.portgroup];
      if (!pg || nic.vds === undefined || nic.portKey === undefined) continue;
      dvPorts.push({ vds: nic.vds, key: nic.portKey, portgroup: nic.portgroup, vm: vm.name, nic: nic.index, mac: nic.mac, policy: pg.policy });
    }
  }
  for (const m of incomingMigrations(state, host)) {
    const vm = state.vms[m.vm];
    for (const r of m.reservation ?? []) {
      const nic = vm?.nics.find((n) => n.index === r.nic);
      const pg = state.portGroups[r.portgroup];
      if (!vm || !nic || !pg || r.vds === undefined || r.portKey === undefined) continue;
      dvPorts.push({ vds: r.vds, key: r.portKey, portgroup: r.portgroup, vm: vm.name, nic: nic.index, mac: nic.mac, policy: { ...pg.policy, blocked: true }, reservedFor: m.id });
    }
  }
  return { host, proxySwitches, dvPorts, ...realizedStandardConfig(state, host) };
}

/** Hosts that realize a given distributed switch (its members). */
export function memberHosts(state: ClusterState, vds: string): string[] {
  return Object.keys(state.switches[vds]?.members ?? {}).sort();
}

/**
 * The hosts that must realize an event: the members of the switch it changes (including a
 * host joining or leaving), the host a VM runs on, a host being added, the host a host-scoped
 * event is about. `state` is the state before the event was folded.
 */
export function hostsConcernedBy(event: DomainEvent, state: ClusterState): string[] {
  if (isHostEvent(event)) return [event.data.host];
  switch (event.type) {
    case "HostAdded":
      return [event.data.host];
    case "DistributedSwitchCreated":
      return [];
    case "HostAddedToDistributedSwitch":
      return [...new Set([...memberHosts(state, event.data.vds), event.data.host])].sort();
    case "DistributedSwitchReconfigured":
    case "DistributedSwitchRemoved":
    case "HostRemovedFromDistributedSwitch":
    case "DistributedPortGroupAdded":
    case "DistributedPortGroupPolicyChanged":
    case "DistributedPortGroupRemoved":
      return memberHosts(state, event.data.vds);
    case "VmCreated":
      return [event.data.host];
    case "VmRemoved":
      return state.vms[event.data.vm] ? [state.vms[event.data.vm]!.host] : [];
    case "MigrationRequested":
    case "MigrationProgressed":
      return [];
    case "MigrationDestinationReserved":
      return [event.data.destination];
    case "VmMigrated":
      return [event.data.source, event.data.destination].sort();
    case "MigrationEnded": {
      const m = state.migrations[event.data.migration];
      return m ? [m.source, m.destination].sort() : [];
    }
  }
}
