import { hostRealizedConfig, type ClusterState, type HostRealizedConfig, type ProxySwitch } from "@vdsim/model";
import { dvsUuid } from "./format.js";
import { list, structure, unable, type EsxcliAnswer } from "./structured.js";

/** A dvPort this host holds for a distributed switch: an uplink port, or one of a VM's vNIC or a VMkernel NIC. */
export interface HostDvPort {
  readonly key: string;
  readonly client: string;
  readonly portgroupKey: string;
  readonly inUse: boolean;
}

/**
 * The dvPorts of a distributed switch on this host: its uplink ports in the switch's uplink port
 * group (by key; a membership recorded before uplink ports had keys names them uplink1, uplink2...),
 * then the ports of the host's VMs and VMkernel NICs by key.
 */
export function hostDvPorts(state: ClusterState, view: HostRealizedConfig, proxy: ProxySwitch): HostDvPort[] {
  const sw = state.switches[proxy.vds];
  const keys = sw?.members[view.host]?.uplinkPorts ?? {};
  const uplinkPortGroup = sw?.uplinkPortGroup.key ?? "N/A";
  const uplinks = Object.entries(proxy.uplinks).map(([uplink, pnic]) => ({
    key: keys[uplink] ?? uplink,
    client: pnic ?? "",
    portgroupKey: uplinkPortGroup,
    inUse: pnic !== null,
  }));
  const pgKey = (portgroup: string): string => state.portGroups[portgroup]?.key ?? "N/A";
  const ports = [
    ...view.dvPorts.filter((p) => p.vds === proxy.vds).map((p) => ({ key: p.key, client: `${p.vm}.eth${p.nic}`, portgroupKey: pgKey(p.portgroup), inUse: true })),
    ...view.vmknics.flatMap((n) =>
      n.connection.kind === "distributed" && n.connection.vds === proxy.vds
        ? [{ key: n.connection.portKey, client: n.name, portgroupKey: pgKey(n.connection.portgroup), inUse: true }]
        : [],
    ),
  ].sort((a, b) => Number(a.key) - Number(b.key) || (a.key < b.key ? -1 : 1));
  return [...uplinks, ...ports];
}

/** esxcli network vswitch dvs vmware list [-v] */
export function renderDistributedSwitchList(state: ClusterState, host: string, vds?: string): EsxcliAnswer {
  const view = hostRealizedConfig(state, host);
  const proxies = view.proxySwitches.filter((p) => vds === undefined || p.vds === vds);
  if (vds !== undefined && proxies.length === 0) return unable(`Unable to find DVS ${vds} on this host`);
  const switches = proxies.map((proxy) => {
    const ports = hostDvPorts(state, view, proxy);
    const maxPorts = state.switches[proxy.vds]?.maxPorts ?? 0;
    const dvPorts = ports.map((p) =>
      structure("DVPort", [
        ["Client", p.client],
        ["DVPortgroup ID", p.portgroupKey],
        ["In Use", p.inUse],
        ["Port ID", p.key],
      ]),
    );
    return structure("DVSwitch", [
      ["Name", proxy.vds],
      ["VDS ID", dvsUuid(proxy.vds)],
      ["Class", "etherswitch"],
      ["Num Ports", maxPorts],
      ["Used Ports", ports.filter((p) => p.inUse).length],
      ["Configured Ports", maxPorts],
      ["MTU", proxy.mtu],
      ["CDP Status", "listen"],
      ["Beacon Timeout", -1],
      ["Uplinks", Object.values(proxy.uplinks).filter((u) => u !== null)],
      ["VMware Branded", true],
      ["DVPort", { typeName: "DVPort", items: dvPorts }],
    ]);
  });
  return list("DVSwitch", "blocks", DVS_FIELDS, switches);
}

const DVS_FIELDS = [
  "Name",
  "VDS ID",
  "Class",
  "Num Ports",
  "Used Ports",
  "Configured Ports",
  "MTU",
  "CDP Status",
  "Beacon Timeout",
  "Uplinks",
  "VMware Branded",
  "DVPort",
];
