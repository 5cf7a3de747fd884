import { invalid } from "../errors.js";
import type { DomainEvent } from "../events.js";
import type { Host } from "../state.js";
import { exists, missing } from "./guards.js";
import { formatIpv4, inSubnet, parseIpv4, prefixLength } from "./ipv4.js";
import type { Ipv4Route } from "./state.js";

const sameNetwork = (r: Ipv4Route, network: string, netmask: string): boolean => r.network === network && r.netmask === netmask;

/** The VMkernel NIC a gateway is reached through: the first whose subnet holds it. */
export function routeInterface(h: Host, gateway: string): string | undefined {
  return Object.values(h.vmknics)
    .filter((n) => n.ipv4 !== null && inSubnet(n.ipv4, gateway))
    .map((n) => n.name)
    .sort((a, b) => Number(a.slice(3)) - Number(b.slice(3)))[0];
}

export function addIpv4Route(h: Host, network: string, netmask: string, gateway: string): DomainEvent[] {
  const net = parseIpv4(network);
  const len = prefixLength(netmask);
  if (net === undefined || len === undefined) throw invalid(`Invalid network ${network}/${netmask}`);
  const base = formatIpv4(len === 0 ? 0 : (net & ((0xffffffff << (32 - len)) >>> 0)) >>> 0);
  if (base !== network) throw invalid(`Invalid network ${network}/${len}: the address has bits set beyond the prefix length`);
  if (parseIpv4(gateway) === undefined) throw invalid(`Invalid gateway ${gateway}: expected an IPv4 address such as 192.168.0.1`);
  if (routeInterface(h, gateway) === undefined) {
    throw invalid(`Unable to add route: gateway ${gateway} is not on the subnet of any VMkernel NIC (Network is unreachable)`);
  }
  const known = h.ipv4Routes.find((r) => sameNetwork(r, network, netmask));
  if (known?.gateway === gateway) return [];
  if (known) throw exists(`Unable to add route: a route to ${network}/${len} already exists, via ${known.gateway}`);
  return [{ type: "Ipv4RouteAdded", data: { host: h.name, network, netmask, gateway } }];
}

export function removeIpv4Route(h: Host, network: string, netmask: string, gateway?: string): DomainEvent[] {
  const known = h.ipv4Routes.find((r) => sameNetwork(r, network, netmask) && (gateway === undefined || r.gateway === gateway));
  if (!known) throw missing(`Unable to remove route: no route to ${network}/${prefixLength(netmask) ?? netmask}${gateway ? ` via ${gateway}` : ""}`);
  return [{ type: "Ipv4RouteRemoved", data: { host: h.name, network, netmask } }];
}
