import type { CdpStatus, Ipv4Config, StandardPolicyOverrides, StandardSwitchPolicy, VmkNicConnection, VmkNicServices } from "./state.js";

// Host-scoped events: written by the host's agent, on vdsim.evt.host.<host>.<vss|vmk|vds|netstack>.<id>.
// Each carries the full new values of what it changes, and always the host.

export interface StandardSwitchAdded {
  readonly type: "StandardSwitchAdded";
  readonly data: {
    readonly host: string;
    readonly vswitch: string;
    readonly numPorts: number;
    readonly mtu: number;
    readonly policy: StandardSwitchPolicy;
  };
}
/** The switch goes with its port groups (none in use). */
export interface StandardSwitchRemoved {
  readonly type: "StandardSwitchRemoved";
  readonly data: { readonly host: string; readonly vswitch: string };
}
/** v2: with the switch's CDP status (a v1 event left it listening, the default) */
export interface StandardSwitchReconfigured {
  readonly type: "StandardSwitchReconfigured";
  readonly data: { readonly host: string; readonly vswitch: string; readonly numPorts: number; readonly mtu: number; readonly cdpStatus: CdpStatus };
}
/** The uplink is linked last and becomes the last active uplink of the switch's teaming. */
export interface StandardSwitchUplinkAdded {
  readonly type: "StandardSwitchUplinkAdded";
  readonly data: { readonly host: string; readonly vswitch: string; readonly uplink: string };
}
/** The uplink leaves the switch and every teaming order on it. */
export interface StandardSwitchUplinkRemoved {
  readonly type: "StandardSwitchUplinkRemoved";
  readonly data: { readonly host: string; readonly vswitch: string; readonly uplink: string };
}
export interface StandardSwitchPolicyChanged {
  readonly type: "StandardSwitchPolicyChanged";
  readonly data: { readonly host: string; readonly vswitch: string; readonly policy: StandardSwitchPolicy };
}
export interface StandardPortGroupAdded {
  readonly type: "StandardPortGroupAdded";
  readonly data: { readonly host: string; readonly vswitch: string; readonly portgroup: string; readonly vlan: number };
}
export interface StandardPortGroupRemoved {
  readonly type: "StandardPortGroupRemoved";
  readonly data: { readonly host: string; readonly vswitch: string; readonly portgroup: string };
}
export interface StandardPortGroupChanged {
  readonly type: "StandardPortGroupChanged";
  readonly data: {
    readonly host: string;
    readonly vswitch: string;
    readonly portgroup: string;
    readonly vlan: number;
    readonly overrides: StandardPolicyOverrides;
  };
}
/** v2: the services carry every ESXi 6.0 tag (v1 had management and vmotion only; the others were off) */
export interface VmkNicAdded {
  readonly type: "VmkNicAdded";
  readonly data: {
    readonly host: string;
    readonly vmknic: string;
    readonly mac: string;
    readonly mtu: number;
    readonly enabled: boolean;
    readonly ipv4: Ipv4Config | null;
    readonly services: VmkNicServices;
    readonly connection: VmkNicConnection;
  };
}
export interface VmkNicRemoved {
  readonly type: "VmkNicRemoved";
  readonly data: { readonly host: string; readonly vmknic: string };
}
/** v2: as VmkNicAdded v2 */
export interface VmkNicChanged {
  readonly type: "VmkNicChanged";
  readonly data: {
    readonly host: string;
    readonly vmknic: string;
    readonly mtu: number;
    readonly enabled: boolean;
    readonly ipv4: Ipv4Config | null;
    readonly services: VmkNicServices;
  };
}
/** Which vmnic backs a distributed switch's uplink port on this host (vicfg-vswitch -P / -Q); null: none. */
export interface ProxySwitchUplinkChanged {
  readonly type: "ProxySwitchUplinkChanged";
  readonly data: { readonly host: string; readonly vds: string; readonly uplink: string; readonly pnic: string | null };
}

/** A static route of the host's default TCP/IP stack (esxcli network ip route ipv4 add). */
export interface Ipv4RouteAdded {
  readonly type: "Ipv4RouteAdded";
  readonly data: { readonly host: string; readonly network: string; readonly netmask: string; readonly gateway: string };
}
export interface Ipv4RouteRemoved {
  readonly type: "Ipv4RouteRemoved";
  readonly data: { readonly host: string; readonly network: string; readonly netmask: string };
}

export type HostEvent =
  | StandardSwitchAdded
  | StandardSwitchRemoved
  | StandardSwitchReconfigured
  | StandardSwitchUplinkAdded
  | StandardSwitchUplinkRemoved
  | StandardSwitchPolicyChanged
  | StandardPortGroupAdded
  | StandardPortGroupRemoved
  | StandardPortGroupChanged
  | VmkNicAdded
  | VmkNicRemoved
  | VmkNicChanged
  | ProxySwitchUplinkChanged
  | Ipv4RouteAdded
  | Ipv4RouteRemoved;

/** The TCP/IP stack every VMkernel NIC and route of a host belongs to. */
export const DEFAULT_NETSTACK = "defaultTcpipStack";

/** The aggregate and id a host event is filed under: vss/<vswitch>, vmk/<vmknic>, vds/<vds> or netstack/<netstack>. */
export function hostEventAggregate(event: HostEvent): { aggregate: "vss" | "vmk" | "vds" | "netstack"; id: string } {
  switch (event.type) {
    case "VmkNicAdded":
    case "VmkNicRemoved":
    case "VmkNicChanged":
      return { aggregate: "vmk", id: event.data.vmknic };
    case "ProxySwitchUplinkChanged":
      return { aggregate: "vds", id: event.data.vds };
    case "Ipv4RouteAdded":
    case "Ipv4RouteRemoved":
      return { aggregate: "netstack", id: DEFAULT_NETSTACK };
    default:
      return { aggregate: "vss", id: event.data.vswitch };
  }
}
