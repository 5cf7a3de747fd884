import {
  formatVlan,
  hostRealizedConfig,
  summarizePortGroups,
  summarizeSwitches,
  type ClusterState,
  type HostRealizedConfig,
} from "@vdsim/model";
import type { DashboardTopology, TopologyEndpoint, TopologyHost, TopologySwitch } from "@vdsim/protocol";

const byName = (a: { name: string }, b: { name: string }): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** The cluster's desired state laid out host by host: switches, port groups, and what sits on each. */
export function buildTopology(state: ClusterState, seq: number): DashboardTopology {
  return {
    seq,
    hosts: Object.keys(state.hosts)
      .sort()
      .map((h) => topologyHost(hostRealizedConfig(state, h))),
    switches: summarizeSwitches(state),
    portGroups: summarizePortGroups(state),
  };
}

export function topologyHost(config: HostRealizedConfig): TopologyHost {
  const endpoints = new Map<string, TopologyEndpoint[]>();
  const at = (sw: string, pg: string): TopologyEndpoint[] => {
    const key = `${sw}\u0000${pg}`;
    let list = endpoints.get(key);
    if (!list) endpoints.set(key, (list = []));
    return list;
  };
  for (const p of config.dvPorts) at(`dvs:${p.vds}`, p.portgroup).push({ kind: "vm", name: p.vm, nic: p.nic, mac: p.mac, ip: null });
  for (const p of config.standardPorts) at(p.vswitch, p.portgroup).push({ kind: "vm", name: p.vm, nic: p.nic, mac: p.mac, ip: null });
  for (const k of config.vmknics) {
    const c = k.connection;
    const sw = c.kind === "standard" ? c.vswitch : `dvs:${c.vds}`;
    at(sw, c.portgroup).push({ kind: "vmknic", name: k.name, nic: 0, mac: k.mac, ip: k.ipv4?.address ?? null });
  }
  const standard: TopologySwitch[] = config.standardSwitches.map((sw) => ({
    kind: "standard",
    name: sw.name,
    uplinks: sw.uplinks,
    portGroups: sw.portGroups.map((pg) => ({
      name: pg.name,
      vlan: String(pg.vlan),
      blocked: false,
      endpoints: at(sw.name, pg.name),
    })),
  }));
  const proxy: TopologySwitch[] = config.proxySwitches.map((sw) => ({
    kind: "proxy",
    name: sw.vds,
    uplinks: Object.entries(sw.uplinks)
      .filter((e): e is [string, string] => e[1] !== null)
      .map(([u, n]) => `${u}=${n}`),
    portGroups: sw.portGroups.map((pg) => ({
      name: pg.name,
      vlan: formatVlan(pg.policy.vlan),
      blocked: pg.policy.blocked,
      endpoints: at(`dvs:${sw.vds}`, pg.name),
    })),
  }));
  const vms = [...new Set([...config.dvPorts, ...config.standardPorts].map((p) => p.vm))].sort();
  return {
    name: config.host,
    pnics: config.pnics.map((p) => p.name),
    switches: [...standard.sort(byName), ...proxy.sort(byName)],
    vms,
  };
}
