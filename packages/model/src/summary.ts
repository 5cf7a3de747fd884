import { formatVlan, type PortGroupPolicy } from "./policy.js";
import type { ClusterState, VNic } from "./state.js";

export interface SwitchSummary {
  readonly name: string;
  readonly uplinks: readonly string[];
  readonly mtu: number;
  readonly maxPorts: number;
  readonly portsUsed: number;
  readonly hosts: ReadonlyArray<{ readonly host: string; readonly uplinks: Readonly<Record<string, string>> }>;
  readonly portGroups: readonly string[];
}

export interface PortGroupSummary {
  readonly name: string;
  readonly key: string;
  readonly vds: string;
  readonly vlan: string;
  readonly ports: number;
  readonly portsInUse: number;
  readonly policy: PortGroupPolicy;
}

export interface VmSummary {
  readonly name: string;
  readonly host: string;
  /** a vNIC on a distributed port group has `vds` and `portKey`; on a standard one, `vswitch` */
  readonly nics: readonly VNic[];
}

const sorted = <T>(rec: Record<string, T>): T[] =>
  Object.keys(rec)
    .sort()
    .map((k) => rec[k] as T);

export function summarizeSwitches(state: ClusterState): SwitchSummary[] {
  return sorted(state.switches).map((sw) => ({
    name: sw.name,
    uplinks: sw.uplinks,
    mtu: sw.mtu,
    maxPorts: sw.maxPorts,
    portsUsed: Object.keys(sw.ports).length,
    hosts: sorted(sw.members).map((m) => ({ host: m.host, uplinks: m.uplinks })),
    portGroups: sorted(state.portGroups)
      .filter((pg) => pg.vds === sw.name)
      .map((pg) => pg.name),
  }));
}

export function summarizePortGroups(state: ClusterState, vds?: string): PortGroupSummary[] {
  return sorted(state.portGroups)
    .filter((pg) => vds === undefined || pg.vds === vds)
    .map((pg) => ({
      name: pg.name,
      key: pg.key,
      vds: pg.vds,
      vlan: formatVlan(pg.policy.vlan),
      ports: pg.portKeys.length,
      portsInUse: pg.portKeys.filter((k) => state.switches[pg.vds]?.ports[k]?.connectee).length,
      policy: pg.policy,
    }));
}

export function summarizeVms(state: ClusterState): VmSummary[] {
  return sorted(state.vms).map((vm) => ({ name: vm.name, host: vm.host, nics: vm.nics }));
}
