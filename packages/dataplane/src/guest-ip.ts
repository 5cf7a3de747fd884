/**
 * The IPv4 address of a VM's vNIC, derived from its MAC: 00:50:56:AA:BB:CC -> 10.AA.BB.CC
 * (netmask 255.0.0.0). No event carries guest addresses; every process derives the same one.
 */
export function guestIp(mac: string): string {
  const parts = mac.split(":");
  if (parts.length !== 6) throw new Error(`not a MAC address: "${mac}"`);
  return ["10", ...parts.slice(3).map((p) => String(parseInt(p, 16)))].join(".");
}

export const GUEST_NETMASK = "255.0.0.0";
