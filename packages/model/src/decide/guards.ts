import { DomainError, DomainErrorCode, invalid, notFound } from "../errors.js";
import type { ClusterState, DistributedPortGroup, DistributedSwitch, Host, Vm } from "../state.js";
import type { DecisionContext } from "../decision-context.js";

export function requireSwitch(state: ClusterState, vds: string): DistributedSwitch {
  const s = state.switches[vds];
  if (!s) throw notFound("Distributed switch", vds);
  return s;
}

export function requireHost(state: ClusterState, host: string): Host {
  const h = state.hosts[host];
  if (!h) throw notFound("Host", host);
  return h;
}

export function requireResponding(ctx: DecisionContext, host: string): void {
  if (!ctx.isHostResponding(host)) {
    throw new DomainError(DomainErrorCode.HostNotResponding, `Host "${host}" is not responding`);
  }
}

export function requirePortGroup(state: ClusterState, vds: string, portgroup: string): DistributedPortGroup {
  const pg = state.portGroups[portgroup];
  if (!pg || pg.vds !== vds) throw notFound("Distributed port group", portgroup, `on distributed switch "${vds}"`);
  return pg;
}

export function requireVm(state: ClusterState, vm: string): Vm {
  const v = state.vms[vm];
  if (!v) throw notFound("Virtual machine", vm);
  return v;
}

export function checkRange(field: string, value: number, range: { min: number; max: number }): number {
  if (!Number.isInteger(value) || value < range.min || value > range.max) {
    throw invalid(`Invalid ${field} ${value}: expected an integer ${range.min}-${range.max}`);
  }
  return value;
}

/** VMs with a vNIC on the given switch (and, when given, on the given host). */
export function vmsOnSwitch(state: ClusterState, vds: string, host?: string): Vm[] {
  return Object.values(state.vms).filter(
    (vm) => (host === undefined || vm.host === host) && vm.nics.some((n) => n.vds === vds),
  );
}

/** VMkernel NICs on dvPorts of the given switch (of the given host, when given), as "vmk1 (esx-01)". */
export function vmkNicsOnSwitch(state: ClusterState, vds: string, host?: string): string[] {
  return Object.values(state.hosts)
    .filter((h) => host === undefined || h.name === host)
    .flatMap((h) =>
      Object.values(h.vmknics)
        .filter((n) => n.connection.kind === "distributed" && n.connection.vds === vds)
        .map((n) => `${n.name} (${h.name})`),
    )
    .sort();
}

export function inUse(message: string): DomainError {
  return new DomainError(DomainErrorCode.InUse, message);
}
