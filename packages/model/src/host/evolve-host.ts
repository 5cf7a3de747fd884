import type { ClusterState, Host } from "../state.js";
import type { HostEvent } from "./events.js";
import { withoutUplink } from "./standard-policy.js";
import type { StandardSwitch } from "./state.js";

/** Folds one host-scoped event into the state. Mutates and returns `state`, like `evolve`. */
export function evolveHost(state: ClusterState, event: HostEvent): ClusterState {
  const h = knownHost(state, event.data.host);
  switch (event.type) {
    case "StandardSwitchAdded": {
      const { vswitch, numPorts, mtu, policy } = event.data;
      h.standardSwitches[vswitch] = { name: vswitch, numPorts, mtu, cdpStatus: "listen", uplinks: [], policy };
      return state;
    }
    case "StandardSwitchRemoved": {
      const { vswitch } = event.data;
      for (const pg of Object.values(h.standardPortGroups)) if (pg.vswitch === vswitch) delete h.standardPortGroups[pg.name];
      delete h.standardSwitches[vswitch];
      return state;
    }
    case "StandardSwitchReconfigured": {
      const { vswitch, numPorts, mtu, cdpStatus } = event.data;
      h.standardSwitches[vswitch] = { ...standardSwitch(h, vswitch), numPorts, mtu, cdpStatus };
      return state;
    }
    case "StandardSwitchUplinkAdded": {
      const { vswitch, uplink } = event.data;
      const sw = standardSwitch(h, vswitch);
      const teaming = { ...sw.policy.teaming, activeUplinks: [...sw.policy.teaming.activeUplinks, uplink] };
      h.standardSwitches[vswitch] = { ...sw, uplinks: [...sw.uplinks, uplink], policy: { ...sw.policy, teaming } };
      return state;
    }
    case "StandardSwitchUplinkRemoved":
      unlinkUplink(h, event.data.vswitch, event.data.uplink);
      return state;
    case "StandardSwitchPolicyChanged": {
      const { vswitch, policy } = event.data;
      h.standardSwitches[vswitch] = { ...standardSwitch(h, vswitch), policy };
      return state;
    }
    case "StandardPortGroupAdded": {
      const { vswitch, portgroup, vlan } = event.data;
      h.standardPortGroups[portgroup] = { name: portgroup, vswitch, vlan, overrides: { security: null, shaping: null, teaming: null } };
      return state;
    }
    case "StandardPortGroupRemoved":
      delete h.standardPortGroups[event.data.portgroup];
      return state;
    case "StandardPortGroupChanged": {
      const { vswitch, portgroup, vlan, overrides } = event.data;
      h.standardPortGroups[portgroup] = { name: portgroup, vswitch, vlan, overrides };
      return state;
    }
    case "VmkNicAdded": {
      const { vmknic, mac, mtu, enabled, ipv4, services, connection } = event.data;
      h.vmknics[vmknic] = { name: vmknic, mac, mtu, enabled, ipv4, services, connection };
      if (connection.kind === "distributed") {
        const port = state.switches[connection.vds]?.ports[connection.portKey];
        if (port) port.connectee = { host: h.name, vmknic };
      }
      return state;
    }
    case "VmkNicRemoved": {
      const nic = h.vmknics[event.data.vmknic];
      if (nic?.connection.kind === "distributed") {
        const port = state.switches[nic.connection.vds]?.ports[nic.connection.portKey];
        if (port) port.connectee = null;
      }
      delete h.vmknics[event.data.vmknic];
      return state;
    }
    case "VmkNicChanged": {
      const { vmknic, mtu, enabled, ipv4, services } = event.data;
      const nic = h.vmknics[vmknic];
      if (!nic) throw new Error(`event refers to unknown VMkernel NIC "${vmknic}" on host "${h.name}"`);
      h.vmknics[vmknic] = { ...nic, mtu, enabled, ipv4, services };
      return state;
    }
    case "ProxySwitchUplinkChanged": {
      const { vds, uplink, pnic } = event.data;
      const sw = state.switches[vds];
      const member = sw?.members[h.name];
      if (!sw || !member) throw new Error(`event refers to host "${h.name}", not a member of distributed switch "${vds}"`);
      const uplinks = Object.fromEntries(Object.entries(member.uplinks).filter(([u]) => u !== uplink));
      if (pnic !== null) uplinks[uplink] = pnic;
      sw.members[h.name] = { ...member, uplinks };
      return state;
    }
    case "Ipv4RouteAdded": {
      const { network, netmask, gateway } = event.data;
      h.ipv4Routes = [...h.ipv4Routes.filter((r) => r.network !== network || r.netmask !== netmask), { network, netmask, gateway }];
      return state;
    }
    case "Ipv4RouteRemoved": {
      const { network, netmask } = event.data;
      h.ipv4Routes = h.ipv4Routes.filter((r) => r.network !== network || r.netmask !== netmask);
      return state;
    }
  }
}

/** Takes a vmnic off a standard switch: its uplinks and every teaming order on the switch. */
export function unlinkUplink(h: Host, vswitch: string, uplink: string): void {
  const sw = standardSwitch(h, vswitch);
  h.standardSwitches[vswitch] = {
    ...sw,
    uplinks: sw.uplinks.filter((u) => u !== uplink),
    policy: { ...sw.policy, teaming: withoutUplink(sw.policy.teaming, uplink) },
  };
  for (const pg of Object.values(h.standardPortGroups)) {
    if (pg.vswitch !== vswitch || pg.overrides.teaming === null) continue;
    h.standardPortGroups[pg.name] = { ...pg, overrides: { ...pg.overrides, teaming: withoutUplink(pg.overrides.teaming, uplink) } };
  }
}

/** Moves vmnics that a distributed switch now uses off the host's standard switches, as vCenter does. */
export function releaseFromStandardSwitches(h: Host, pnics: Iterable<string>): void {
  for (const pnic of pnics) {
    for (const sw of Object.values(h.standardSwitches)) if (sw.uplinks.includes(pnic)) unlinkUplink(h, sw.name, pnic);
  }
}

function knownHost(state: ClusterState, host: string): Host {
  const h = state.hosts[host];
  if (!h) throw new Error(`event refers to unknown host "${host}"`);
  return h;
}

function standardSwitch(h: Host, vswitch: string): StandardSwitch {
  const sw = h.standardSwitches[vswitch];
  if (!sw) throw new Error(`event refers to unknown standard switch "${vswitch}" on host "${h.name}"`);
  return sw;
}
