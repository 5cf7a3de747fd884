import {
  hostRealizedConfig,
  type ClusterState,
  type HostRealizedConfig,
  type RealizedStandardPortGroup,
  type RealizedStandardSwitch,
  type StandardSwitchPolicy,
} from "@vdsim/model";
import type { PolicySection } from "../request.js";
import { get, list, structure, unable, type EsxcliAnswer, type FieldEntry } from "./structured.js";

/** vNICs and VMkernel NICs on a standard switch (or one of its port groups): ESXi's used ports, active clients. */
export function standardClients(view: HostRealizedConfig, vswitch: string, portgroup?: string): number {
  const here = (s: string, pg: string): boolean => s === vswitch && (portgroup === undefined || pg === portgroup);
  return (
    view.standardPorts.filter((p) => here(p.vswitch, p.portgroup)).length +
    view.vmknics.filter((n) => n.connection.kind === "standard" && here(n.connection.vswitch, n.connection.portgroup)).length
  );
}

/** A standard switch's used ports as ESXi counts them: its clients, a port per uplink and one internal port. */
export const standardUsedPorts = (view: HostRealizedConfig, sw: RealizedStandardSwitch): number =>
  standardClients(view, sw.name) + sw.uplinks.length + 1;

/**
 * A switch's port groups in ESXi's order, the newest first: a fresh host's vSwitch0 shows
 * "VM Network, Management Network" (the host keeps its port groups in the order they were added).
 */
export function portGroupsInEsxiOrder(state: ClusterState, host: string, sw: RealizedStandardSwitch): RealizedStandardPortGroup[] {
  const added = Object.keys(state.hosts[host]?.standardPortGroups ?? {});
  const age = (pg: RealizedStandardPortGroup): number => added.indexOf(pg.name);
  return [...sw.portGroups].sort((a, b) => age(b) - age(a));
}

/** esxcli network vswitch standard list [-v] */
export function renderStandardSwitchList(state: ClusterState, host: string, vswitch?: string): EsxcliAnswer {
  const view = hostRealizedConfig(state, host);
  const switches = view.standardSwitches.filter((sw) => vswitch === undefined || sw.name === vswitch);
  if (vswitch !== undefined && switches.length === 0) return unable(`Unable to find vswitch ${vswitch}`);
  const structures = switches.map((sw) =>
    structure("VirtualSwitch", [
      ["Name", sw.name],
      ["Class", "etherswitch"],
      ["Num Ports", sw.numPorts],
      ["Used Ports", standardUsedPorts(view, sw)],
      ["Configured Ports", sw.numPorts],
      ["MTU", sw.mtu],
      ["CDP Status", state.hosts[host]?.standardSwitches[sw.name]?.cdpStatus ?? "listen"],
      ["Beacon Enabled", false],
      ["Beacon Interval", 1],
      ["Beacon Threshold", 3],
      ["Beacon Required By", []],
      ["Uplinks", sw.uplinks],
      ["Portgroups", portGroupsInEsxiOrder(state, host, sw).map((pg) => pg.name)],
    ]),
  );
  return list("VirtualSwitch", "blocks", VIRTUAL_SWITCH_FIELDS, structures);
}

const VIRTUAL_SWITCH_FIELDS = [
  "Name",
  "Class",
  "Num Ports",
  "Used Ports",
  "Configured Ports",
  "MTU",
  "CDP Status",
  "Beacon Enabled",
  "Beacon Interval",
  "Beacon Threshold",
  "Beacon Required By",
  "Uplinks",
  "Portgroups",
];

/** esxcli network vswitch standard portgroup list */
export function renderStandardPortGroupList(state: ClusterState, host: string): EsxcliAnswer {
  const view = hostRealizedConfig(state, host);
  const structures = view.standardSwitches
    .flatMap((sw) => sw.portGroups.map((pg) => ({ pg, sw })))
    .sort((a, b) => (a.pg.name < b.pg.name ? -1 : 1))
    .map(({ pg, sw }) =>
      structure("PortGroup", [
        ["Name", pg.name],
        ["Virtual Switch", sw.name],
        ["Active Clients", standardClients(view, sw.name, pg.name)],
        ["VLAN ID", pg.vlan],
      ]),
    );
  return list("PortGroup", "table", ["Name", "Virtual Switch", "Active Clients", "VLAN ID"], structures);
}

/** esxcli's --load-balancing words as `failover get` prints them. */
const LOAD_BALANCING_SHOWN: Readonly<Record<string, string>> = {
  failover_explicit: "explicit",
  loadbalance_ip: "iphash",
  loadbalance_srcmac: "srcmac",
  loadbalance_srcid: "srcport",
};

function policyFields(policy: StandardSwitchPolicy, section: PolicySection, uplinks: readonly string[]): FieldEntry[] {
  switch (section) {
    case "security":
      return [
        ["Allow Promiscuous", policy.security.allowPromiscuous],
        ["Allow MAC Address Change", policy.security.allowMacChanges],
        ["Allow Forged Transmits", policy.security.allowForgedTransmits],
      ];
    case "shaping": {
      const s = policy.shaping;
      // ESXi shows -1 for the bandwidths of shaping that is off
      const value = (n: number): number => (s.enabled ? n : -1);
      return [
        ["Enabled", s.enabled],
        ["Average Bandwidth", value(s.averageKbps), "Kbps"],
        ["Peak Bandwidth", value(s.peakKbps), "Kbps"],
        ["Burst Size", value(s.burstKB), "Kib"],
      ];
    }
    case "failover": {
      const t = policy.teaming;
      return [
        ["Load Balancing", LOAD_BALANCING_SHOWN[t.loadBalancing] ?? t.loadBalancing],
        ["Network Failure Detection", "link"],
        ["Notify Switches", t.notifySwitches],
        ["Failback", t.failback],
        ["Active Adapters", t.activeUplinks],
        ["Standby Adapters", t.standbyUplinks],
        ["Unused Adapters", uplinks.filter((u) => !t.activeUplinks.includes(u) && !t.standbyUplinks.includes(u))],
      ];
    }
  }
}

/** esxcli network vswitch standard policy <section> get -v */
export function renderStandardSwitchPolicy(state: ClusterState, host: string, section: PolicySection, vswitch: string): EsxcliAnswer {
  const sw = hostRealizedConfig(state, host).standardSwitches.find((s) => s.name === vswitch);
  if (!sw) return unable(`Unable to find vswitch ${vswitch}`);
  return get(structure(POLICY_TYPE[section], policyFields(sw.policy, section, sw.uplinks)));
}

const POLICY_TYPE: Readonly<Record<PolicySection, string>> = { security: "SecurityPolicy", shaping: "ShapingPolicy", failover: "FailoverPolicy" };

const OVERRIDE_FIELDS: Readonly<Record<PolicySection, readonly string[]>> = {
  security: ["Override Vswitch Allow Promiscuous", "Override Vswitch Allow MAC Address Change", "Override Vswitch Allow Forged Transmits"],
  shaping: ["Override Vswitch Shaping"],
  failover: [
    "Override Vswitch Load Balancing",
    "Override Vswitch Network Failure Detection",
    "Override Vswitch Notify Switches",
    "Override Vswitch Failback",
    "Override Vswitch Uplinks",
  ],
};

/** esxcli network vswitch standard portgroup policy <section> get -p: the effective policy and what it overrides. */
export function renderStandardPortGroupPolicy(state: ClusterState, host: string, section: PolicySection, portgroup: string): EsxcliAnswer {
  const view = hostRealizedConfig(state, host);
  for (const sw of view.standardSwitches) {
    const pg = sw.portGroups.find((p) => p.name === portgroup);
    if (!pg) continue;
    const overridden = pg.overridden.includes(section === "failover" ? "teaming" : section);
    const overrides = OVERRIDE_FIELDS[section].map((name): FieldEntry => [name, overridden]);
    return get(structure(`PortGroup${POLICY_TYPE[section]}`, [...policyFields(pg.policy, section, sw.uplinks), ...overrides]));
  }
  return unable(`Unable to find port group ${portgroup}`);
}
