import { DEFAULT_NETSTACK, formatIpv4, parseIpv4, prefixLength, routeInterface, type ClusterState } from "@vdsim/model";
import { VMKNIC_TAGS } from "../esxcli/netstack-commands.js";
import type { HostObservations } from "../request.js";
import { get, list, structure, unable, type EsxcliAnswer, type EsxcliStructure } from "./structured.js";

/** esxcli network ip interface tag get -i vmkN */
export function renderVmkNicTags(state: ClusterState, host: string, vmknic: string): EsxcliAnswer {
  const nic = state.hosts[host]?.vmknics[vmknic];
  if (!nic) return unable(`Unable to find vmknic ${vmknic}`);
  const tags = VMKNIC_TAGS.filter(([, service]) => nic.services[service]).map(([tag]) => tag);
  return get(structure("InterfaceTags", [["Tags", tags]]));
}

const subnetOf = (address: string, netmask: string): string => {
  const len = prefixLength(netmask) ?? 32;
  return formatIpv4(((parseIpv4(address) ?? 0) & (len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0)) >>> 0);
};

const ROUTE_FIELDS = ["Network", "Netmask", "Gateway", "Interface", "Source"];
const route = (network: string, netmask: string, gateway: string, vmknic: string): EsxcliStructure =>
  structure("IPv4Route", [
    ["Network", network],
    ["Netmask", netmask],
    ["Gateway", gateway],
    ["Interface", vmknic],
    ["Source", "MANUAL"],
  ]);

/** esxcli network ip route ipv4 list: the default route, the subnet of each enabled vmknic, then the other static routes. */
export function renderIpv4Routes(state: ClusterState, host: string): EsxcliAnswer {
  const h = state.hosts[host];
  const routes: EsxcliStructure[] = [];
  if (h) {
    const statics = h.ipv4Routes.flatMap((r) => {
      const vmk = routeInterface(h, r.gateway);
      return vmk === undefined ? [] : [{ ...r, vmk }];
    });
    for (const r of statics) if (r.netmask === "0.0.0.0") routes.push(route("default", "0.0.0.0", r.gateway, r.vmk));
    const seen = new Set<string>();
    for (const nic of Object.values(h.vmknics).sort((a, b) => Number(a.name.slice(3)) - Number(b.name.slice(3)))) {
      if (!nic.enabled || !nic.ipv4) continue;
      const subnet = `${subnetOf(nic.ipv4.address, nic.ipv4.netmask)}/${nic.ipv4.netmask}`;
      if (!seen.has(subnet)) routes.push(route(subnetOf(nic.ipv4.address, nic.ipv4.netmask), nic.ipv4.netmask, "0.0.0.0", nic.name));
      seen.add(subnet);
    }
    for (const r of statics) if (r.netmask !== "0.0.0.0") routes.push(route(r.network, r.netmask, r.gateway, r.vmk));
  }
  return list("IPv4Route", "table", ROUTE_FIELDS, routes);
}

const NEIGHBOR_FIELDS = ["Neighbor", "Mac Address", "Vmknic", "Expiry", "State", "Type"];

/** esxcli network ip neighbor list: the ARP table of the VMkernel stack, from the host's data plane. */
export function renderNeighbors(observed: HostObservations | undefined, vmknic?: string, ipv6Only = false): EsxcliAnswer {
  const entries = ipv6Only ? [] : (observed?.neighbors ?? []).filter((n) => vmknic === undefined || n.vmknic === vmknic);
  const neighbors = entries.map((n) =>
    structure("Neighbor", [
      ["Neighbor", n.ip],
      ["Mac Address", n.mac],
      ["Vmknic", n.vmknic],
      ["Expiry", n.expirySeconds, "sec"],
      ["State", ""],
      ["Type", "Unknown"],
    ]),
  );
  return list("Neighbor", "table", NEIGHBOR_FIELDS, neighbors);
}

/** esxcli network ip netstack list: the one TCP/IP stack the simulator runs. */
export function renderNetstacks(): EsxcliAnswer {
  const stack = structure("Netstack", [
    ["Key", DEFAULT_NETSTACK],
    ["Name", DEFAULT_NETSTACK],
    ["State", 4660],
  ]);
  return list("Netstack", "blocks", ["Key", "Name", "State"], [stack]);
}
