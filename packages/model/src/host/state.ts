import type { SecurityPolicy, ShapingPolicy, TeamingPolicy } from "../policy.js";

/** The policy a standard switch gives its port groups: security, outbound shaping, NIC teaming. */
export interface StandardSwitchPolicy {
  readonly security: SecurityPolicy;
  readonly shaping: ShapingPolicy;
  /** active and standby uplinks are vmnic names */
  readonly teaming: TeamingPolicy;
}

/** The sections a standard port group overrides; null inherits the switch's. */
export interface StandardPolicyOverrides {
  readonly security: SecurityPolicy | null;
  readonly shaping: ShapingPolicy | null;
  readonly teaming: TeamingPolicy | null;
}

export const NO_OVERRIDES: StandardPolicyOverrides = { security: null, shaping: null, teaming: null };

/** A vSphere Standard Switch (vSwitchN): one host's switch, uplinked by its physical NICs. */
export interface StandardSwitch {
  readonly name: string;
  /** configured ports: the most vNICs and VMkernel NICs it connects */
  readonly numPorts: number;
  readonly mtu: number;
  /** vmnic names, in the order they were linked */
  readonly uplinks: readonly string[];
  readonly policy: StandardSwitchPolicy;
}

/** A port group of a standard switch. Its name is unique on the host, across switches. */
export interface StandardPortGroup {
  readonly name: string;
  readonly vswitch: string;
  /** 0 untagged, 1-4094 one VLAN, 4095 every VLAN (guest tagging) */
  readonly vlan: number;
  readonly overrides: StandardPolicyOverrides;
}

export interface Ipv4Config {
  readonly address: string;
  readonly netmask: string;
}

export interface VmkNicServices {
  readonly management: boolean;
  readonly vmotion: boolean;
}

/** Where a VMkernel NIC plugs in: a standard port group, or a dvPort of a distributed switch. */
export type VmkNicConnection =
  | { readonly kind: "standard"; readonly vswitch: string; readonly portgroup: string }
  | { readonly kind: "distributed"; readonly vds: string; readonly portKey: string };

/** A VMkernel network interface (vmkN): the host's own TCP/IP stack on a switch port. */
export interface VmkNic {
  readonly name: string;
  readonly mac: string;
  readonly mtu: number;
  readonly enabled: boolean;
  readonly ipv4: Ipv4Config | null;
  readonly services: VmkNicServices;
  readonly connection: VmkNicConnection;
}
