import type { DecisionContext } from "../commands.js";
import { DomainError, DomainErrorCode, alreadyExists, invalid, notFound } from "../errors.js";
import type { DomainEvent } from "../events.js";
import { vcenterMac } from "../mac.js";
import { validateName } from "../names.js";
import type { ClusterState, VNic } from "../state.js";
import { requireHost, requireResponding, requireVm } from "./guards.js";

export function createVm(
  state: ClusterState,
  ctx: DecisionContext,
  vm: string,
  host: string,
  networks: readonly string[],
): DomainEvent[] {
  validateName("virtual machine", vm);
  if (state.vms[vm]) throw alreadyExists("Virtual machine", vm, `on host "${state.vms[vm]?.host}"`);
  requireHost(state, host);
  if (networks.length === 0) throw invalid(`Virtual machine "${vm}" needs at least one network`);
  if (networks.length > 10) throw invalid(`Virtual machine "${vm}" asks for ${networks.length} vNICs; a VM has at most 10`);
  requireResponding(ctx, host);
  const taken = new Set<string>();
  const nics: VNic[] = networks.map((network, index) => {
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
    return { index, mac: vcenterMac(state.counters.mac + index), vds: pg.vds, portgroup: network, portKey };
  });
  return [{ type: "VmCreated", data: { vm, host, nics } }];
}

export function removeVm(state: ClusterState, vm: string): DomainEvent[] {
  requireVm(state, vm);
  return [{ type: "VmRemoved", data: { vm } }];
}
