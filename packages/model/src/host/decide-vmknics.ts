import { DomainError, DomainErrorCode, invalid } from "../errors.js";
import type { DomainEvent } from "../events.js";
import { vmkernelMac } from "../mac.js";
import type { ClusterState, DvPortConnectee, Host } from "../state.js";
import { HOST_LIMITS, type VmkNicSelector, type VmkNicTarget } from "./commands.js";
import { checkInteger, exists, inUse, missing, requireStandardPortGroup, requireStandardSwitch, requireVmkNic, standardClients } from "./guards.js";
import { checkIpv4Config } from "./ipv4.js";
import { NO_SERVICES, type Ipv4Config, type VmkNic, type VmkNicConnection, type VmkNicServices } from "./state.js";

const VMK_NAME = /^vmk(0|[1-9]\d{0,3})$/;

export function addVmkNic(
  state: ClusterState,
  h: Host,
  name: string | undefined,
  target: VmkNicTarget,
  ipv4?: Ipv4Config,
  mtu?: number,
): DomainEvent[] {
  const vmknic = name ?? lowestFreeName(h);
  if (!VMK_NAME.test(vmknic)) throw invalid(`Invalid interface name ${vmknic}: expected vmk and a number, such as vmk1`);
  if (h.vmknics[vmknic]) throw exists(`A vmkernel nic with the name ${vmknic} already exists`);
  if (Object.keys(h.vmknics).length >= HOST_LIMITS.vmkNicsPerHost) {
    throw invalid(`Cannot add ${vmknic}: the host has the maximum of ${HOST_LIMITS.vmkNicsPerHost} VMkernel NICs`);
  }
  const size = checkInteger("MTU", mtu ?? HOST_LIMITS.mtu.default, HOST_LIMITS.mtu);
  if (ipv4) checkIpv4Config(ipv4);
  const connection = "portgroup" in target ? standardConnection(state, h, target.portgroup) : distributedConnection(state, h, target);
  return [
    {
      type: "VmkNicAdded",
      data: {
        host: h.name,
        vmknic,
        mac: vmkernelMac(h.index, lowestFreeMacSlot(h)),
        mtu: size,
        enabled: true,
        ipv4: ipv4 ? { address: ipv4.address, netmask: ipv4.netmask } : null,
        services: NO_SERVICES,
        connection,
      },
    },
  ];
}

export function removeVmkNic(h: Host, selector: VmkNicSelector): DomainEvent[] {
  const nic = requireVmkNic(h, selector);
  return [{ type: "VmkNicRemoved", data: { host: h.name, vmknic: nic.name } }];
}

export function setVmkNic(h: Host, selector: VmkNicSelector, enabled?: boolean, mtu?: number): DomainEvent[] {
  const nic = requireVmkNic(h, selector);
  if (enabled === undefined && mtu === undefined) throw invalid(`Nothing to set on ${nic.name}: give enabled or the MTU`);
  const size = checkInteger("MTU", mtu ?? nic.mtu, HOST_LIMITS.mtu);
  return changed(h, nic, { ...nic, enabled: enabled ?? nic.enabled, mtu: size });
}

export function setVmkNicIpv4(h: Host, selector: VmkNicSelector, ipv4: Ipv4Config | null): DomainEvent[] {
  const nic = requireVmkNic(h, selector);
  if (ipv4) checkIpv4Config(ipv4);
  return changed(h, nic, { ...nic, ipv4: ipv4 ? { address: ipv4.address, netmask: ipv4.netmask } : null });
}

export function setVmkNicServices(h: Host, selector: VmkNicSelector, patch: Partial<VmkNicServices>): DomainEvent[] {
  const nic = requireVmkNic(h, selector);
  const given = (Object.keys(NO_SERVICES) as Array<keyof VmkNicServices>).filter((k) => patch[k] !== undefined);
  if (given.length === 0) throw invalid(`Nothing to set on ${nic.name}: name a service`);
  const services = { ...nic.services };
  for (const k of given) services[k] = patch[k] ?? services[k];
  return changed(h, nic, { ...nic, services });
}

function changed(h: Host, nic: VmkNic, next: VmkNic): DomainEvent[] {
  if (JSON.stringify(next) === JSON.stringify(nic)) return [];
  const { name: vmknic, mtu, enabled, ipv4, services } = next;
  return [{ type: "VmkNicChanged", data: { host: h.name, vmknic, mtu, enabled, ipv4, services } }];
}

function standardConnection(state: ClusterState, h: Host, portgroup: string): VmkNicConnection {
  const pg = requireStandardPortGroup(h, portgroup);
  const sw = requireStandardSwitch(h, pg.vswitch);
  const taken = Object.values(h.vmknics).find((n) => n.connection.kind === "standard" && n.connection.portgroup === portgroup);
  if (taken) throw exists(`A vmkernel nic for the connection point already exists: ${taken.name} on port group ${portgroup}`, "A vmkernel nic for the connection point already exists");
  const used = standardClients(state, h, { vswitch: sw.name }).length;
  if (used >= sw.numPorts) {
    throw new DomainError(DomainErrorCode.NoFreePort, `vswitch ${sw.name} has no free port (all ${sw.numPorts} in use)`);
  }
  return { kind: "standard", vswitch: sw.name, portgroup };
}

function distributedConnection(state: ClusterState, h: Host, target: { vds: string; portKey: string }): VmkNicConnection {
  const { vds, portKey } = target;
  const sw = state.switches[vds];
  if (!sw) throw missing(`Unable to find DVS ${vds}`);
  if (!sw.members[h.name]) throw invalid(`Host ${h.name} is not a member of DVS ${vds}`);
  const port = sw.ports[portKey];
  if (!port) throw missing(`DVPort ${portKey} does not exist on DVS ${vds}`);
  if (port.connectee) throw inUse(`DVPort ${portKey} of DVS ${vds} is already in use by ${describe(port.connectee)}`);
  return { kind: "distributed", vds, portKey };
}

const describe = (c: DvPortConnectee): string => ("vm" in c ? `${c.vm}.eth${c.nic}` : `${c.vmknic} of host ${c.host}`);

function lowestFreeName(h: Host): string {
  let n = 0;
  while (h.vmknics[`vmk${n}`]) n++;
  return `vmk${n}`;
}

function lowestFreeMacSlot(h: Host): number {
  const used = new Set(Object.values(h.vmknics).map((n) => n.mac));
  // slot 0 is vmk0's on a host installed without a vmnic (see freshHost)
  let slot = 1;
  while (slot < 255 && used.has(vmkernelMac(h.index, slot))) slot++;
  return slot;
}
