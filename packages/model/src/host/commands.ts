import type { StandardPolicyPatch } from "./standard-policy.js";
import type { CdpStatus, Ipv4Config, VmkNicServices } from "./state.js";

/** Which VMkernel NIC a command means: by name (esxcli -i), or by what it is plugged into (vicfg-vmknic). */
export type VmkNicSelector =
  | { readonly name: string }
  | { readonly portgroup: string }
  | { readonly vds: string; readonly portKey: string };

/** Where a new VMkernel NIC plugs in: a standard port group of the host, or a free dvPort. */
export type VmkNicTarget = { readonly portgroup: string } | { readonly vds: string; readonly portKey: string };

/**
 * Commands a host's agent (the ESXi analogue) decides about its own configuration, as
 * esxcli and vicfg-* express them. Creating a distributed switch is not one of them.
 */
export type HostCommand =
  | { readonly type: "AddStandardSwitch"; readonly vswitch: string; readonly numPorts?: number; readonly mtu?: number }
  | { readonly type: "RemoveStandardSwitch"; readonly vswitch: string }
  | {
      readonly type: "SetStandardSwitch";
      readonly vswitch: string;
      readonly numPorts?: number;
      readonly mtu?: number;
      readonly cdpStatus?: CdpStatus;
    }
  | { readonly type: "AddStandardSwitchUplink"; readonly vswitch: string; readonly uplink: string }
  | { readonly type: "RemoveStandardSwitchUplink"; readonly vswitch: string; readonly uplink: string }
  | { readonly type: "SetStandardSwitchPolicy"; readonly vswitch: string; readonly patch: StandardPolicyPatch }
  | { readonly type: "AddStandardPortGroup"; readonly vswitch: string; readonly portgroup: string; readonly vlan?: number }
  /** `vswitch`, when given, must be the port group's switch */
  | { readonly type: "RemoveStandardPortGroup"; readonly portgroup: string; readonly vswitch?: string }
  | { readonly type: "SetStandardPortGroupVlan"; readonly portgroup: string; readonly vlan: number; readonly vswitch?: string }
  | { readonly type: "SetStandardPortGroupPolicy"; readonly portgroup: string; readonly patch: StandardPolicyPatch }
  /** vicfg-vswitch -M / -N: add an uplink to, or drop it from, the port group's active uplinks */
  | { readonly type: "AddStandardPortGroupUplink"; readonly portgroup: string; readonly uplink: string; readonly vswitch?: string }
  | { readonly type: "RemoveStandardPortGroupUplink"; readonly portgroup: string; readonly uplink: string; readonly vswitch?: string }
  | {
      readonly type: "AddVmkNic";
      /** vmkN; when absent, the lowest free vmkN */
      readonly vmknic?: string;
      readonly target: VmkNicTarget;
      readonly ipv4?: Ipv4Config;
      readonly mtu?: number;
    }
  | { readonly type: "RemoveVmkNic"; readonly vmknic: VmkNicSelector }
  | { readonly type: "SetVmkNic"; readonly vmknic: VmkNicSelector; readonly enabled?: boolean; readonly mtu?: number }
  /** null: no IPv4 address (esxcli ... ipv4 set -t none) */
  | { readonly type: "SetVmkNicIpv4"; readonly vmknic: VmkNicSelector; readonly ipv4: Ipv4Config | null }
  /** the services given are turned on or off; the others stay as they are */
  | ({ readonly type: "SetVmkNicServices"; readonly vmknic: VmkNicSelector } & Partial<VmkNicServices>)
  /** a static route of the default TCP/IP stack; network and netmask 0.0.0.0 is the default route */
  | { readonly type: "AddIpv4Route"; readonly network: string; readonly netmask: string; readonly gateway: string }
  /** `gateway`, when given, must be the route's */
  | { readonly type: "RemoveIpv4Route"; readonly network: string; readonly netmask: string; readonly gateway?: string }
  /** vicfg-vswitch -P: back a distributed switch's uplink port on this host (by its dvPort key, or its uplink name) with a vmnic */
  | { readonly type: "AddProxySwitchUplink"; readonly vds: string; readonly uplink: string; readonly pnic: string }
  /** vicfg-vswitch -Q: take the vmnic off the uplink port */
  | { readonly type: "RemoveProxySwitchUplink"; readonly vds: string; readonly uplink: string; readonly pnic: string };

export type HostCommandType = HostCommand["type"];

/** ESXi 5.x configuration maximums and defaults for host-local networking. */
export const HOST_LIMITS = {
  /** configured ports of a standard switch */
  standardSwitchPorts: { min: 8, max: 4088, default: 128 },
  standardSwitchesPerHost: 127,
  portGroupsPerStandardSwitch: 512,
  /** 0 untagged, 4095 every VLAN */
  standardVlan: { min: 0, max: 4095 },
  mtu: { min: 1280, max: 9000, default: 1500 },
  vmkNicsPerHost: 256,
} as const;
