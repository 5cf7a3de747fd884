import { GUEST_NETMASK, guestIp, type DataPlaneConfig, type PortSpec, type SwitchSpec } from "@vdsim/dataplane";
import type { HostRealizedConfig, PortGroupPolicy, StandardSwitchPolicy, VlanSpec } from "@vdsim/model";
import type { DataPlanePort } from "./reports.js";

/** An IP stack on a port: a VM's vNIC (owner = the VM) or a vmknic (owner = vmkN). */
export interface EndpointSpec {
  readonly portId: string;
  readonly owner: string;
  /** the vNIC index for a VM; 0 for a vmknic */
  readonly nic: number;
  readonly kind: "vnic" | "vmknic";
  readonly mac: string;
  readonly ip: string;
  readonly netmask: string;
  /** a vmknic's MTU; a guest's stack is left at the default */
  readonly mtu?: number;
}

export interface HostTopology {
  readonly dataPlane: DataPlaneConfig;
  readonly endpoints: readonly EndpointSpec[];
}

/** Port ids are unique on the host: dvPort keys are unique only within their switch. */
export const portIds = {
  dvPort: (vds: string, key: string): string => `dvs/${vds}/${key}`,
  standard: (vswitch: string, vm: string, nic: number): string => `vss/${vswitch}/${vm}/${nic}`,
  vmknic: (name: string): string => `vmk/${name}`,
  proxySwitch: (vds: string): string => `dvs:${vds}`,
};

/** A standard switch shapes only what its VMs send; a VSS port group's VLAN is a number. */
function standardPortPolicy(vlan: number, p: StandardSwitchPolicy, blocked = false): PortGroupPolicy {
  const vlanSpec: VlanSpec = vlan === 0 ? { kind: "none" } : { kind: "vlan", id: vlan };
  return {
    vlan: vlanSpec,
    security: p.security,
    ingressShaping: p.shaping,
    egressShaping: { ...p.shaping, enabled: false },
    teaming: p.teaming,
    blocked,
  };
}

/** Maps what the host realizes onto the data plane's switches and ports, and the IP stacks on them. */
export function hostTopology(config: HostRealizedConfig): HostTopology {
  const switches: SwitchSpec[] = [];
  const ports: PortSpec[] = [];
  const endpoints: EndpointSpec[] = [];
  for (const sw of config.standardSwitches) {
    switches.push({ name: sw.name, kind: "standard", ports: sw.numPorts, mtu: sw.mtu, uplinks: Object.fromEntries(sw.uplinks.map((u) => [u, u])) });
  }
  for (const sw of config.proxySwitches) {
    switches.push({ name: portIds.proxySwitch(sw.vds), kind: "proxy", ports: 8192, mtu: sw.mtu, uplinks: sw.uplinks });
  }
  for (const p of config.dvPorts) {
    const id = portIds.dvPort(p.vds, p.key);
    ports.push({ id, switch: portIds.proxySwitch(p.vds), portGroup: p.portgroup, policy: p.policy, kind: "vnic", mac: p.mac });
    // a port reserved for an incoming vMotion exists, blocked; the VM's stack arrives at the switchover
    if (p.reservedFor === undefined) endpoints.push({ portId: id, owner: p.vm, nic: p.nic, kind: "vnic", mac: p.mac, ip: guestIp(p.mac), netmask: GUEST_NETMASK });
  }
  for (const p of config.standardPorts) {
    const id = portIds.standard(p.vswitch, p.vm, p.nic);
    ports.push({ id, switch: p.vswitch, portGroup: p.portgroup, policy: standardPortPolicy(p.vlan, p.policy, p.reservedFor !== undefined), kind: "vnic", mac: p.mac });
    if (p.reservedFor === undefined) endpoints.push({ portId: id, owner: p.vm, nic: p.nic, kind: "vnic", mac: p.mac, ip: guestIp(p.mac), netmask: GUEST_NETMASK });
  }
  for (const vmk of config.vmknics) {
    if (!vmk.enabled) continue;
    const id = portIds.vmknic(vmk.name);
    const c = vmk.connection;
    const policy = c.kind === "standard" ? standardPortPolicy(c.vlan, c.policy) : c.policy;
    const sw = c.kind === "standard" ? c.vswitch : portIds.proxySwitch(c.vds);
    ports.push({ id, switch: sw, portGroup: c.portgroup, policy, kind: "vmknic", mac: vmk.mac, mtu: vmk.mtu });
    if (vmk.ipv4) endpoints.push({ portId: id, owner: vmk.name, nic: 0, kind: "vmknic", mac: vmk.mac, ip: vmk.ipv4.address, netmask: vmk.ipv4.netmask, mtu: vmk.mtu });
  }
  return { dataPlane: { switches, ports }, endpoints };
}

/** The ports a topology puts in the data plane, each with the stack attached to it: what the host reports to the checker. */
export function dataPlanePorts(topology: HostTopology): DataPlanePort[] {
  const owners = new Map(topology.endpoints.map((e) => [e.portId, e]));
  return topology.dataPlane.ports.map((p) => {
    const ep = owners.get(p.id);
    const { id: portId, switch: sw, portGroup, kind, mac, policy } = p;
    return { portId, switch: sw, portGroup, kind, mac, policy, ...(ep ? { owner: ep.owner, nic: ep.nic } : {}) };
  });
}
