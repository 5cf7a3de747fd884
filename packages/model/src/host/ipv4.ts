import { invalid } from "../errors.js";
import type { Ipv4Config } from "./state.js";

/** Parses dotted-quad IPv4 text to an unsigned 32-bit number; undefined when it is not one. */
export function parseIpv4(text: string): number | undefined {
  const parts = text.split(".");
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const part of parts) {
    if (!/^(0|[1-9]\d{0,2})$/.test(part)) return undefined;
    const octet = Number(part);
    if (octet > 255) return undefined;
    n = n * 256 + octet;
  }
  return n;
}

export function formatIpv4(n: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join(".");
}

/** The prefix length of a contiguous netmask ("255.255.255.0" -> 24); undefined when it is not one. */
export function prefixLength(netmask: string): number | undefined {
  const n = parseIpv4(netmask);
  if (n === undefined) return undefined;
  for (let len = 0; len <= 32; len++) if (n === maskOf(len)) return len;
  return undefined;
}

const maskOf = (len: number): number => (len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0);

/** The subnet's broadcast address. The config must be valid. */
export function broadcastAddress(config: Ipv4Config): string {
  const address = parseIpv4(config.address) ?? 0;
  const mask = maskOf(prefixLength(config.netmask) ?? 32);
  return formatIpv4(((address & mask) | (~mask >>> 0)) >>> 0);
}

/** Whether two addresses are in the subnet of `config`. */
export function inSubnet(config: Ipv4Config, other: string): boolean {
  const a = parseIpv4(config.address);
  const b = parseIpv4(other);
  const len = prefixLength(config.netmask);
  if (a === undefined || b === undefined || len === undefined) return false;
  const mask = maskOf(len);
  return ((a & mask) >>> 0) === ((b & mask) >>> 0);
}

/**
 * Validates a VMkernel NIC's address: a unicast host address (not 0.x, loopback, multicast or
 * reserved) with a contiguous netmask of /8 to /30 that is neither the subnet nor its broadcast address.
 */
export function checkIpv4Config(config: Ipv4Config): void {
  const address = parseIpv4(config.address);
  if (address === undefined) throw invalid(`Invalid IPv4 address ${config.address}: expected a dotted quad such as 10.0.0.5`);
  const first = Math.floor(address / 2 ** 24);
  if (first === 0 || first === 127 || first >= 224) {
    throw invalid(`Invalid IPv4 address ${config.address}: not a unicast host address`);
  }
  const len = prefixLength(config.netmask);
  if (len === undefined) throw invalid(`Invalid IPv4 netmask ${config.netmask}: expected a contiguous mask such as 255.255.255.0`);
  if (len < 8 || len > 30) throw invalid(`Invalid IPv4 netmask ${config.netmask}: use a mask of /8 to /30`);
  const host = address & (~maskOf(len) >>> 0);
  if (host === 0 || host === (~maskOf(len) >>> 0)) {
    throw invalid(`Invalid IPv4 address ${config.address}: it is the ${host === 0 ? "network" : "broadcast"} address of its subnet`);
  }
}
