import type { DecisionContext } from "../commands.js";
import { DomainError, DomainErrorCode, alreadyExists, invalid, notFound } from "../errors.js";
import type { DomainEvent } from "../events.js";
import { standardClients } from "../host/guards.js";
import { vcenterMac } from "../mac.js";
import { validateName } from "../names.js";
import type { ClusterState, Host, VNic } from "../state.js";
import { requireHost, requireResponding, requireVm } from "./guards.js";

/**
 * Creates a VM with one vNIC per network. A network is a distributed port group, else a standard
 * port group of that name on the VM's host.
 */
export function createVm(
  state: ClusterState,
  ctx: DecisionContext,
  vm: string,
  host: string,
  networks: readonly string[],
  params: { readonly memoryMB?: number; readonly dirtyRateMBps?: number } = {},
): DomainEvent[] {
  validateName("virtual machine", vm);
  for (const [field, value] of [["memory size", params.memoryMB], ["memory dirty rate", params.dirtyRateMBps]] as const) {
    if (value !== undefined && !(Number.isFinite(value) && value > 0)) throw invalid(`Invalid ${field} ${value} for "${vm}": expected a positive number`);
  }
  if (state.vms[vm]) throw alreadyExists("Virtual machine", vm, `on host "${state.vms[vm]?.host}"`);
  const h = requireHost(state, host);
  if (networks.length === 0) throw invalid(`Virtual machine "${vm}" needs at least one network`);
  if (networks.length > 10) throw invalid(`Virtual machine "${vm}" asks for ${networks.length} vNICs; a VM has at most 10`);
  requireResponding(ctx, host);
  const taken = new Set<string>();
  const standardTaken = new Map<string, number>();
  const nics: VNic[] = networks.map((network, index) => {
    const mac = vcenterMac(state.counters.mac + index);
    if (state.portGroups[network]) return distributedNic(state, host, network, index, mac, taken);
    return standardNic(state, h, network, index, mac, standardTaken);
  });
  const { memoryMB, dirtyRateMBps } = params;
  const data = { vm, host, nics, ...(memoryMB === undefined ? {} : { memoryMB }), ...(dirtyRateMBps === undefined ? {} : { dirtyRateMBps }) };
  return [{ type: "VmCreated", data }];
}

function distributedNic(state: ClusterState, host: string, network: string, index: number, mac: string, taken: Set<string>): VNic {
  const pg = state.portGroups[network];
  if (!pg) throw notFound("Network", network);
  const sw = state.switches[pg.vds];
  if (!sw?.members[host]) {
    throw invalid(`Host "${host}" is not a member of distributed switch "${pg.vds}", which holds port group "${network}"`);
  }
  const portKey = pg.portKeys.find((k) => sw.ports[k]?.connectee === null && !taken.has(`${pg.vds}/${k}`));
  if (portKey === undefined) {
    throw new DomainError(
      DomainErrorCode.NoFreePort,
      `Port group "${network}" on distributed switch "${pg.vds}" has no free port (all ${pg.portKeys.length} in use)`,
    );
  }
  taken.add(`${pg.vds}/${portKey}`);
  return { index, mac, vds: pg.vds, portgroup: network, portKey };
}

function standardNic(state: ClusterState, h: Host, network: string, index: number, mac: string, taken: Map<string, number>): VNic {
  const pg = h.standardPortGroups[network];
  const sw = pg && h.standardSwitches[pg.vswitch];
  if (!pg || !sw) throw notFound("Network", network, `(no distributed port group, nor standard port group on host "${h.name}")`);
  const used = standardClients(state, h, { vswitch: sw.name }).length + (taken.get(sw.name) ?? 0);
  if (used >= sw.numPorts) {
    throw new DomainError(
      DomainErrorCode.NoFreePort,
      `Standard switch "${sw.name}" on host "${h.name}" has no free port for port group "${network}" (all ${sw.numPorts} in use)`,
    );
  }
  taken.set(sw.name, (taken.get(sw.name) ?? 0) + 1);
  return { index, mac, portgroup: network, vswitch: sw.name };
}

export function removeVm(state: ClusterState, vm: string): DomainEvent[] {
  requireVm(state, vm);
  return [{ type: "VmRemoved", data: { vm } }];
}
