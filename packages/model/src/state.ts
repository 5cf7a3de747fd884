import type { MigrationRecord } from "./migration/state.js";
import type { Ipv4Route, StandardPortGroup, StandardSwitch, VmkNic } from "./host/state.js";
import type { PortGroupPolicy } from "./policy.js";

/** An ESXi host with its physical NICs and its host-local networking: standard switches and VMkernel NICs. */
export interface Host {
  readonly name: string;
  /** how many hosts were added before it: seeds vmk0's address and the host's VMkernel MACs */
  readonly index: number;
  readonly pnics: readonly string[];
  readonly standardSwitches: Record<string, StandardSwitch>;
  /** keyed by name: ESXi port group names are unique on a host, across its standard switches */
  readonly standardPortGroups: Record<string, StandardPortGroup>;
  readonly vmknics: Record<string, VmkNic>;
  /** static routes of the default TCP/IP stack, in the order they were added */
  ipv4Routes: readonly Ipv4Route[];
}

/** A host's membership in a distributed switch: which vmnic backs each uplink. */
export interface DistributedSwitchMember {
  readonly host: string;
  /** uplink name (uplink1..) to vmnic; an uplink with no vmnic is absent */
  readonly uplinks: Readonly<Record<string, string>>;
  /** uplink name to the key of the host's uplink dvPort; a membership recorded before v2 has none */
  readonly uplinkPorts: Readonly<Record<string, string>>;
}

/** The port group vCenter makes with a distributed switch for its uplink ports: "<vds>-DVUplinks-N". */
export interface UplinkPortGroup {
  readonly portgroup: string;
  /** "dvportgroup-N", numbered with the switch's other port groups */
  readonly key: string;
}

/** What a dvPort connects: a VM's vNIC, or a host's VMkernel NIC. */
export type DvPortConnectee =
  | { readonly vm: string; readonly nic: number }
  | { readonly host: string; readonly vmknic: string };

/** A dvPort: its key belongs to the switch, and it is connected to at most one vNIC or VMkernel NIC. */
export interface DvPort {
  readonly key: string;
  readonly portgroup: string;
  connectee: DvPortConnectee | null;
}

export interface DistributedSwitch {
  readonly name: string;
  readonly uplinks: readonly string[];
  readonly uplinkPortGroup: UplinkPortGroup;
  readonly mtu: number;
  readonly maxPorts: number;
  readonly members: Record<string, DistributedSwitchMember>;
  readonly ports: Record<string, DvPort>;
  nextPortKey: number;
}

export interface DistributedPortGroup {
  readonly name: string;
  /** vCenter-style managed object key, "dvportgroup-N" */
  readonly key: string;
  readonly vds: string;
  readonly portKeys: readonly string[];
  policy: PortGroupPolicy;
}

/**
 * One virtual NIC of a VM: on a distributed port group it holds a dvPort (`vds`, `portKey`);
 * on a standard port group of its host it records the `vswitch` instead.
 */
export interface VNic {
  readonly index: number;
  readonly mac: string;
  readonly portgroup: string;
  readonly vds?: string;
  readonly portKey?: string;
  readonly vswitch?: string;
}

export interface Vm {
  readonly name: string;
  host: string;
  /** replaced when a vMotion attaches the VM to the destination's standard port groups */
  nics: readonly VNic[];
  /** memory size and dirty rate, the parameters of a vMotion's pre-copy; defaults apply when absent */
  readonly memoryMB?: number;
  readonly dirtyRateMBps?: number;
}

/**
 * The desired state of the whole cluster, rebuilt by folding the event log.
 * Records are keyed by object name; folding mutates in place for replay speed.
 */
export interface ClusterState {
  readonly hosts: Record<string, Host>;
  readonly switches: Record<string, DistributedSwitch>;
  readonly portGroups: Record<string, DistributedPortGroup>;
  readonly vms: Record<string, Vm>;
  readonly migrations: Record<string, MigrationRecord>;
  counters: { portGroupKey: number; mac: number };
}

export function initialState(): ClusterState {
  return { hosts: {}, switches: {}, portGroups: {}, vms: {}, migrations: {}, counters: { portGroupKey: 0, mac: 0 } };
}
