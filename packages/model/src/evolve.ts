import type { DomainEvent } from "./events.js";
import { evolveHost, releaseFromStandardSwitches } from "./host/evolve-host.js";
import { freshHost } from "./host/fresh-host.js";
import { evolveMigration } from "./migration/evolve-migration.js";
import type { ClusterState, DistributedSwitch } from "./state.js";

/**
 * Folds one event into the state. Mutates and returns `state` (replay folds
 * hundreds of thousands of events; copying would dominate). Never reads a clock.
 */
export function evolve(state: ClusterState, event: DomainEvent): ClusterState {
  switch (event.type) {
    case "HostAdded": {
      const { host, pnics } = event.data;
      state.hosts[host] = freshHost(host, pnics, Object.keys(state.hosts).length);
      return state;
    }
    case "DistributedSwitchCreated": {
      const { vds, uplinks, mtu, maxPorts, uplinkPortGroup } = event.data;
      state.switches[vds] = { name: vds, uplinks: [...uplinks], uplinkPortGroup: { ...uplinkPortGroup }, mtu, maxPorts, members: {}, ports: {}, nextPortKey: 0 };
      state.counters.portGroupKey = Math.max(state.counters.portGroupKey, Number(uplinkPortGroup.key.split("-")[1]) || 0);
      return state;
    }
    case "DistributedSwitchReconfigured": {
      const { vds, mtu } = event.data;
      state.switches[vds] = { ...sw(state, vds), mtu };
      return state;
    }
    case "DistributedSwitchRemoved": {
      // vSphere deletes a switch's port groups with it
      for (const pg of Object.values(state.portGroups)) if (pg.vds === event.data.vds) delete state.portGroups[pg.name];
      delete state.switches[event.data.vds];
      return state;
    }
    case "HostAddedToDistributedSwitch": {
      const { vds, host, uplinks, uplinkPorts } = event.data;
      const s = sw(state, vds);
      s.members[host] = { host, uplinks: { ...uplinks }, uplinkPorts: { ...uplinkPorts } };
      s.nextPortKey = Math.max(s.nextPortKey, ...Object.values(uplinkPorts).map((k) => Number(k) + 1));
      const h = state.hosts[host];
      if (h) releaseFromStandardSwitches(h, Object.values(uplinks));
      return state;
    }
    case "HostRemovedFromDistributedSwitch":
      delete sw(state, event.data.vds).members[event.data.host];
      return state;
    case "DistributedPortGroupAdded": {
      const { vds, portgroup, key, portKeys, policy } = event.data;
      const s = sw(state, vds);
      for (const k of portKeys) s.ports[k] = { key: k, portgroup, connectee: null };
      s.nextPortKey = Math.max(s.nextPortKey, ...portKeys.map((k) => Number(k) + 1));
      state.portGroups[portgroup] = { name: portgroup, key, vds, portKeys: [...portKeys], policy };
      state.counters.portGroupKey = Math.max(state.counters.portGroupKey, Number(key.split("-")[1] ?? 0));
      return state;
    }
    case "DistributedPortGroupPolicyChanged": {
      const pg = state.portGroups[event.data.portgroup];
      if (pg) pg.policy = { ...pg.policy, ...event.data.changes };
      return state;
    }
    case "DistributedPortGroupRemoved": {
      const { vds, portgroup } = event.data;
      const pg = state.portGroups[portgroup];
      const s = sw(state, vds);
      for (const k of pg?.portKeys ?? []) delete s.ports[k];
      delete state.portGroups[portgroup];
      return state;
    }
    case "VmCreated": {
      const { vm, host, nics, memoryMB, dirtyRateMBps } = event.data;
      state.vms[vm] = {
        name: vm,
        host,
        nics: nics.map((n) => ({ ...n })),
        ...(memoryMB === undefined ? {} : { memoryMB }),
        ...(dirtyRateMBps === undefined ? {} : { dirtyRateMBps }),
      };
      for (const nic of nics) {
        if (nic.vds === undefined || nic.portKey === undefined) continue;
        const port = sw(state, nic.vds).ports[nic.portKey];
        if (port) port.connectee = { vm, nic: nic.index };
      }
      state.counters.mac += nics.length;
      return state;
    }
    case "VmRemoved": {
      const vm = state.vms[event.data.vm];
      for (const nic of vm?.nics ?? []) {
        if (nic.vds === undefined || nic.portKey === undefined) continue;
        const port = state.switches[nic.vds]?.ports[nic.portKey];
        if (port) port.connectee = null;
      }
      delete state.vms[event.data.vm];
      return state;
    }
    case "MigrationRequested":
    case "MigrationDestinationReserved":
    case "MigrationProgressed":
    case "VmMigrated":
    case "MigrationEnded":
      return evolveMigration(state, event);
    default:
      // every management event is handled above: what is left is host-scoped
      return evolveHost(state, event);
  }
}

export function fold(events: Iterable<DomainEvent>, state: ClusterState): ClusterState {
  for (const e of events) evolve(state, e);
  return state;
}

function sw(state: ClusterState, vds: string): DistributedSwitch {
  const s = state.switches[vds];
  if (!s) throw new Error(`event refers to unknown distributed switch "${vds}"`);
  return s;
}

export function assertNever(x: never): never {
  throw new Error(`unhandled event ${JSON.stringify(x)}`);
}
