import type { PortGroupPolicy } from "./policy.js";

/** An ESXi host known to the management side, with its physical NICs. */
export interface Host {
  readonly name: string;
  readonly pnics: readonly string[];
}

/** A host's membership in a distributed switch: which vmnic backs each uplink. */
export interface DistributedSwitchMember {
  readonly host: string;
  /** uplink name (uplink1..) to vmnic; an uplink with no vmnic is absent */
  readonly uplinks: Readonly<Record<string, string>>;
}

/** A dvPort: its key belongs to the switch, and it is connected to at most one vNIC. */
export interface DvPort {
  readonly key: string;
  readonly portgroup: string;
  connectee: { readonly vm: string; readonly nic: number } | null;
}

export interface DistributedSwitch {
  readonly name: string;
  readonly uplinks: readonly string[];
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

/** One virtual NIC of a VM, connected to a dvPort. */
export interface VNic {
  readonly index: number;
  readonly mac: string;
  readonly vds: string;
  readonly portgroup: string;
  readonly portKey: string;
}

export interface Vm {
  readonly name: string;
  host: string;
  readonly nics: readonly VNic[];
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
  counters: { portGroupKey: number; mac: number };
}

export function initialState(): ClusterState {
  return { hosts: {}, switches: {}, portGroups: {}, vms: {}, counters: { portGroupKey: 0, mac: 0 } };
}
