import { hostRealizedConfig, type ClusterState } from "@vdsim/model";
import type { HostCliOutput } from "../request.js";
import { hostDvPorts } from "./distributed.js";
import { fixedColumns, ok } from "./format.js";
import { portGroupsInEsxiOrder, standardClients, standardUsedPorts } from "./standard.js";

const SWITCH_WIDTHS = [15, 10, 10, 16, 6];
const PORTGROUP_WIDTHS = [20, 7, 10];
const DVPORT_WIDTHS = [18, 10];

/** vicfg-vswitch -l: each standard switch with its port groups, then each distributed switch with its dvPorts here. */
export function renderSwitchTable(state: ClusterState, host: string): HostCliOutput {
  const view = hostRealizedConfig(state, host);
  const sections: string[] = [];
  for (const sw of view.standardSwitches) {
    const lines = [
      fixedColumns(["Switch Name", "Num Ports", "Used Ports", "Configured Ports", "MTU", "Uplinks"], SWITCH_WIDTHS),
      fixedColumns([sw.name, String(sw.numPorts), String(standardUsedPorts(view, sw)), String(sw.numPorts), String(sw.mtu), sw.uplinks.join(",")], SWITCH_WIDTHS),
      "",
      `  ${fixedColumns(["PortGroup Name", "VLAN ID", "Used Ports", "Uplinks"], PORTGROUP_WIDTHS)}`,
      ...portGroupsInEsxiOrder(state, host, sw).map((pg) => {
        const uplinks = [...pg.policy.teaming.activeUplinks, ...pg.policy.teaming.standbyUplinks].join(",");
        return `  ${fixedColumns([pg.name, String(pg.vlan), String(standardClients(view, sw.name, pg.name)), uplinks], PORTGROUP_WIDTHS)}`;
      }),
    ];
    sections.push(lines.join("\n"));
  }
  for (const proxy of view.proxySwitches) {
    const ports = hostDvPorts(state, view, proxy);
    const maxPorts = String(state.switches[proxy.vds]?.maxPorts ?? 0);
    const uplinks = Object.values(proxy.uplinks).filter((u) => u !== null).join(",");
    const lines = [
      fixedColumns(["DVS Name", "Num Ports", "Used Ports", "Configured Ports", "MTU", "Uplinks"], SWITCH_WIDTHS),
      fixedColumns([proxy.vds, maxPorts, String(ports.filter((p) => p.inUse).length), maxPorts, String(proxy.mtu), uplinks], SWITCH_WIDTHS),
      "",
      `  ${fixedColumns(["DVPort ID", "In Use", "Client"], DVPORT_WIDTHS)}`,
      ...ports.map((p) => `  ${fixedColumns([p.key, p.inUse ? "1" : "0", p.client], DVPORT_WIDTHS)}`),
    ];
    sections.push(lines.join("\n"));
  }
  return ok(sections.map((s) => `${s}\n\n`).join(""));
}

/** vicfg-vswitch -c / -C: 1 when the switch (port group) exists, else 0. */
export function renderCheck(exists: boolean): HostCliOutput {
  return ok(`${exists ? 1 : 0}\n`);
}
