// Test support only: host-scoped events as the log holds them.
import type { DomainEvent } from "../events.js";
import { defaultStandardPolicy } from "../host/standard-policy.js";
import { NO_SERVICES, type Ipv4Config, type StandardPolicyOverrides, type VmkNicConnection } from "../host/state.js";
import { vmkernelMac } from "../mac.js";

export const standardSwitchAdded = (host: string, vswitch: string, opts: { numPorts?: number; mtu?: number } = {}): DomainEvent => ({
  type: "StandardSwitchAdded",
  data: { host, vswitch, numPorts: opts.numPorts ?? 128, mtu: opts.mtu ?? 1500, policy: defaultStandardPolicy([]) },
});

export const uplinkAdded = (host: string, vswitch: string, uplink: string): DomainEvent => ({
  type: "StandardSwitchUplinkAdded",
  data: { host, vswitch, uplink },
});

export const standardPortGroupAdded = (host: string, vswitch: string, portgroup: string, vlan = 0): DomainEvent => ({
  type: "StandardPortGroupAdded",
  data: { host, vswitch, portgroup, vlan },
});

export const standardPortGroupChanged = (
  host: string,
  vswitch: string,
  portgroup: string,
  vlan: number,
  overrides: Partial<StandardPolicyOverrides> = {},
): DomainEvent => ({
  type: "StandardPortGroupChanged",
  data: { host, vswitch, portgroup, vlan, overrides: { security: null, shaping: null, teaming: null, ...overrides } },
});

/** A VMkernel NIC of the host with index `hostIndex`, MAC slot `slot`, no services, enabled, MTU 1500. */
export const vmkNicAdded = (
  host: string,
  vmknic: string,
  connection: VmkNicConnection,
  opts: { hostIndex?: number; slot?: number; ipv4?: Ipv4Config | null; mtu?: number } = {},
): DomainEvent => ({
  type: "VmkNicAdded",
  data: {
    host,
    vmknic,
    mac: vmkernelMac(opts.hostIndex ?? 0, opts.slot ?? 1),
    mtu: opts.mtu ?? 1500,
    enabled: true,
    ipv4: opts.ipv4 ?? null,
    services: NO_SERVICES,
    connection,
  },
});
