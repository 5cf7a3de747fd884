import { physicalNicMac, vmkernelMac } from "../mac.js";
import type { Host } from "../state.js";
import { defaultStandardPolicy } from "./standard-policy.js";
import { NO_OVERRIDES, NO_SERVICES } from "./state.js";

export const DEFAULT_VSWITCH = "vSwitch0";
export const VM_NETWORK = "VM Network";
export const MANAGEMENT_NETWORK = "Management Network";

/** vmk0's address on the n-th host added: 192.168.0.<10+n>/24 (the 240th host on moves to 192.168.1.x). */
export function managementAddress(index: number): { address: string; netmask: string } {
  return { address: `192.168.${Math.floor(index / 240)}.${10 + (index % 240)}`, netmask: "255.255.255.0" };
}

/**
 * A host as ESXi installs it: vSwitch0 (128 ports, MTU 1500) uplinked by vmnic0 (or the
 * host's first NIC), port groups "VM Network" and "Management Network", and vmk0 on the latter
 * with management enabled and the MAC of that vmnic, as the installer gives it. `index` is the
 * number of hosts added before it.
 */
export function freshHost(name: string, pnics: readonly string[], index: number): Host {
  const first = pnics.includes("vmnic0") ? "vmnic0" : pnics[0];
  const uplinks = first === undefined ? [] : [first];
  return {
    name,
    index,
    pnics: [...pnics],
    standardSwitches: {
      [DEFAULT_VSWITCH]: { name: DEFAULT_VSWITCH, numPorts: 128, mtu: 1500, cdpStatus: "listen", uplinks, policy: defaultStandardPolicy(uplinks) },
    },
    standardPortGroups: {
      // in the order the installer adds them: ESXi lists the newest first, "VM Network, Management Network"
      [MANAGEMENT_NETWORK]: { name: MANAGEMENT_NETWORK, vswitch: DEFAULT_VSWITCH, vlan: 0, overrides: NO_OVERRIDES },
      [VM_NETWORK]: { name: VM_NETWORK, vswitch: DEFAULT_VSWITCH, vlan: 0, overrides: NO_OVERRIDES },
    },
    vmknics: {
      vmk0: {
        name: "vmk0",
        mac: first === undefined ? vmkernelMac(index, 0) : physicalNicMac(index, pnics.indexOf(first)),
        mtu: 1500,
        enabled: true,
        ipv4: managementAddress(index),
        services: { ...NO_SERVICES, management: true },
        connection: { kind: "standard", vswitch: DEFAULT_VSWITCH, portgroup: MANAGEMENT_NETWORK },
      },
    },
    ipv4Routes: [],
  };
}
