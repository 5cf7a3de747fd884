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

/** What a standard switch does with Cisco Discovery Protocol: ESXi's default is listen. */
export type CdpStatus = "down" | "listen" | "advertise" | "both";
export const CDP_STATUSES: readonly CdpStatus[] = ["down", "listen", "advertise", "both"];

/** A vSphere Standard Switch (vSwitchN): one host's switch, uplinked by its physical NICs. */
export interface StandardSwitch {
  readonly name: string;
  /** configured ports: the most vNICs and VMkernel NICs it connects */
  readonly numPorts: number;
  readonly mtu: number;
  readonly cdpStatus: CdpStatus;
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

/** The traffic a VMkernel NIC carries, as ESXi 6.0 tags it (esxcli network ip interface tag). */
export interface VmkNicServices {
  readonly management: boolean;
  readonly vmotion: boolean;
  readonly faultToleranceLogging: boolean;
  readonly vSphereReplication: boolean;
  readonly vSphereReplicationNFC: boolean;
  readonly vSphereProvisioning: boolean;
  readonly vsan: boolean;
}

export const NO_SERVICES: VmkNicServices = {
  management: false,
  vmotion: false,
  faultToleranceLogging: false,
  vSphereReplication: false,
  vSphereReplicationNFC: false,
  vSphereProvisioning: false,
  vsan: false,
};

/** A static route of the host's default TCP/IP stack; network 0.0.0.0/0 is the default gateway. */
export interface Ipv4Route {
  readonly network: string;
  readonly netmask: string;
  readonly gateway: string;
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
