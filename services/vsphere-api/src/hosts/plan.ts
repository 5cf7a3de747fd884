import { DomainError, DomainErrorCode, type StandardPolicyPatch, type StandardPortGroup, type VmkNicServices, type VmkNicTarget } from "@vdsim/model";
import type { InventoryContext } from "../inventory/context.js";
import { invalidArgument } from "../soap/faults.js";
import type { HostSim } from "./host-sim.js";
import { changedPolicy } from "./policy-values.js";
import type { PortGroupSpec, VirtualNicSpec, VirtualSwitchSpec } from "./spec-decode.js";

/**
 * Each HostNetworkSystem / HostVirtualNicManager method as the host commands esxcli and vicfg-*
 * send for the same change, run ahead on a HostSim. What the model has no command for (renaming a
 * port group, moving a vmknic) is InvalidArgument naming the property.
 */
const notFound = (message: string): DomainError => new DomainError(DomainErrorCode.NotFound, message);

function requireSwitch(sim: HostSim, vswitch: string): void {
  if (!sim.host.standardSwitches[vswitch]) throw notFound(`Unable to find vswitch ${vswitch}`);
}

function requirePortGroup(sim: HostSim, name: string): StandardPortGroup {
  const pg = sim.host.standardPortGroups[name];
  if (!pg) throw notFound(`Unable to find port group ${name}`);
  return pg;
}

const isEmpty = (patch: StandardPolicyPatch): boolean => Object.keys(patch).length === 0;

export function planAddVirtualSwitch(sim: HostSim, vswitch: string, spec: VirtualSwitchSpec | undefined): void {
  sim.run({ type: "AddStandardSwitch", vswitch, ...(spec ? { numPorts: spec.numPorts } : {}), ...(spec?.mtu === undefined ? {} : { mtu: spec.mtu }) });
  if (!spec) return;
  for (const uplink of spec.nicDevice ?? []) sim.run({ type: "AddStandardSwitchUplink", vswitch, uplink });
  if (spec.cdpStatus !== undefined) sim.run({ type: "SetStandardSwitch", vswitch, cdpStatus: spec.cdpStatus });
  planSwitchPolicy(sim, vswitch, spec.policy);
}

/** The spec is the switch's whole configuration: no bridge means no uplinks, as on ESXi; an unset policy is left as it is. */
export function planUpdateVirtualSwitch(sim: HostSim, vswitch: string, spec: VirtualSwitchSpec): void {
  requireSwitch(sim, vswitch);
  const sw = sim.host.standardSwitches[vswitch];
  if (!sw) return;
  const set = {
    ...(spec.numPorts !== sw.numPorts ? { numPorts: spec.numPorts } : {}),
    ...(spec.mtu !== undefined && spec.mtu !== sw.mtu ? { mtu: spec.mtu } : {}),
    ...(spec.cdpStatus !== undefined && spec.cdpStatus !== sw.cdpStatus ? { cdpStatus: spec.cdpStatus } : {}),
  };
  if (Object.keys(set).length > 0) sim.run({ type: "SetStandardSwitch", vswitch, ...set });
  const wanted = spec.nicDevice ?? [];
  for (const uplink of wanted) if (!sw.uplinks.includes(uplink)) sim.run({ type: "AddStandardSwitchUplink", vswitch, uplink });
  for (const uplink of sw.uplinks) if (!wanted.includes(uplink)) sim.run({ type: "RemoveStandardSwitchUplink", vswitch, uplink });
  planSwitchPolicy(sim, vswitch, spec.policy);
}

function planSwitchPolicy(sim: HostSim, vswitch: string, policy: StandardPolicyPatch | undefined): void {
  const sw = sim.host.standardSwitches[vswitch];
  if (!policy || !sw) return;
  const patch = changedPolicy(sw.policy, policy);
  if (!isEmpty(patch)) sim.run({ type: "SetStandardSwitchPolicy", vswitch, patch });
}

export function planRemoveVirtualSwitch(sim: HostSim, vswitch: string): void {
  sim.run({ type: "RemoveStandardSwitch", vswitch });
}

export function planAddPortGroup(sim: HostSim, spec: PortGroupSpec): void {
  sim.run({ type: "AddStandardPortGroup", vswitch: spec.vswitchName, portgroup: spec.name, vlan: spec.vlanId });
  planPortGroupPolicy(sim, spec.name, spec.policy);
}

export function planUpdatePortGroup(sim: HostSim, pgName: string, spec: PortGroupSpec): void {
  const pg = requirePortGroup(sim, pgName);
  if (spec.name !== pgName) throw invalidArgument("portgrp.name", `vdsim cannot rename port group ${pgName} to ${spec.name}: remove it and add the new one`);
  if (spec.vswitchName !== pg.vswitch) {
    requireSwitch(sim, spec.vswitchName);
    throw invalidArgument("portgrp.vswitchName", `vdsim cannot move port group ${pgName} from ${pg.vswitch} to ${spec.vswitchName}`);
  }
  if (spec.vlanId !== pg.vlan) sim.run({ type: "SetStandardPortGroupVlan", portgroup: pgName, vlan: spec.vlanId, vswitch: pg.vswitch });
  planPortGroupPolicy(sim, pgName, spec.policy);
}

/**
 * Every setting a port group's spec sets becomes its own (an override), even one equal to its
 * switch's, so the spec reads back as written; one it already overrides with that value is left.
 */
function planPortGroupPolicy(sim: HostSim, portgroup: string, policy: StandardPolicyPatch): void {
  const pg = sim.host.standardPortGroups[portgroup];
  if (!pg || isEmpty(policy)) return;
  const o = pg.overrides;
  const keep: Record<string, unknown> = {};
  const own: Record<string, unknown> = {
    ...(o.security ? { allowPromiscuous: o.security.allowPromiscuous, allowMacChanges: o.security.allowMacChanges, allowForgedTransmits: o.security.allowForgedTransmits } : {}),
    ...(o.shaping ? { shapingEnabled: o.shaping.enabled, averageKbps: o.shaping.averageKbps, peakKbps: o.shaping.peakKbps, burstKB: o.shaping.burstKB } : {}),
    ...(o.teaming
      ? { loadBalancing: o.teaming.loadBalancing, activeUplinks: o.teaming.activeUplinks, standbyUplinks: o.teaming.standbyUplinks, notifySwitches: o.teaming.notifySwitches, failback: o.teaming.failback }
      : {}),
  };
  for (const [k, v] of Object.entries(policy)) if (v !== undefined && JSON.stringify(v) !== JSON.stringify(own[k])) keep[k] = v;
  if (Object.keys(keep).length > 0) sim.run({ type: "SetStandardPortGroupPolicy", portgroup, patch: keep as StandardPolicyPatch });
}

export function planRemovePortGroup(sim: HostSim, pgName: string): void {
  sim.run({ type: "RemoveStandardPortGroup", portgroup: pgName });
}

function ipv4Of(spec: VirtualNicSpec): { address: string; netmask: string } | undefined {
  if (spec.ip === "dhcp") throw invalidArgument("nic.ip.dhcp", "vdsim has no DHCP server: give the vmknic a static address (dhcp false, ipAddress, subnetMask)");
  return spec.ip;
}

/** Where a new vmknic plugs in: the port group argument, or the dvPort (a free one of the port group when no port key is given). */
function targetOf(ctx: InventoryContext, sim: HostSim, portgroup: string, spec: VirtualNicSpec): VmkNicTarget {
  const dv = spec.dvPort;
  if (!dv) {
    if (portgroup === "") throw invalidArgument("portgroup", "AddVirtualNic needs a port group or nic.distributedVirtualPort");
    return { portgroup };
  }
  const vds = Object.values(sim.state.switches).find((s) => ctx.switchUuid(s) === dv.switchUuid);
  if (!vds) throw notFound(`No distributed switch has the uuid ${dv.switchUuid}`);
  if (dv.portKey !== undefined) return { vds: vds.name, portKey: dv.portKey };
  const pg = Object.values(sim.state.portGroups).find((p) => p.vds === vds.name && p.key === dv.portgroupKey);
  if (!pg) {
    if (dv.portgroupKey === undefined) throw invalidArgument("nic.distributedVirtualPort.portKey", "give the dvPort's portKey or its portgroupKey");
    throw notFound(`DVS ${vds.name} has no port group with the key ${dv.portgroupKey}`);
  }
  const free = pg.portKeys.find((k) => vds.ports[k]?.connectee === null);
  if (free === undefined) throw new DomainError(DomainErrorCode.NoFreePort, `port group ${pg.name} of DVS ${vds.name} has no free dvPort`);
  return { vds: vds.name, portKey: free };
}

/** Returns the new device's name (the lowest free vmkN, named in the command so the answer is the one the host makes). */
export function planAddVirtualNic(ctx: InventoryContext, sim: HostSim, portgroup: string, spec: VirtualNicSpec): string {
  if (spec.mac !== undefined) throw invalidArgument("nic.mac", "vdsim gives each VMkernel NIC its MAC; leave nic.mac unset");
  const target = targetOf(ctx, sim, portgroup, spec);
  const ipv4 = ipv4Of(spec);
  let n = 0;
  while (sim.host.vmknics[`vmk${n}`]) n++;
  const vmknic = `vmk${n}`;
  sim.run({ type: "AddVmkNic", vmknic, target, ...(ipv4 ? { ipv4 } : {}), ...(spec.mtu === undefined ? {} : { mtu: spec.mtu }) });
  return vmknic;
}

export function planUpdateVirtualNic(ctx: InventoryContext, sim: HostSim, device: string, spec: VirtualNicSpec): void {
  const nic = sim.host.vmknics[device];
  if (!nic) throw notFound(`Unable to find vmknic ${device}`);
  if (spec.mac !== undefined && spec.mac.toLowerCase() !== nic.mac.toLowerCase()) throw invalidArgument("nic.mac", `vdsim cannot change the MAC of ${device}`);
  const c = nic.connection;
  if (spec.portgroup !== undefined && (c.kind !== "standard" || c.portgroup !== spec.portgroup)) {
    throw invalidArgument("nic.portgroup", `vdsim cannot move ${device} to port group ${spec.portgroup}: remove it and add a new one`);
  }
  if (spec.dvPort) {
    const vds = c.kind === "distributed" ? sim.state.switches[c.vds] : undefined;
    const same = vds !== undefined && c.kind === "distributed" && ctx.switchUuid(vds) === spec.dvPort.switchUuid && (spec.dvPort.portKey === undefined || spec.dvPort.portKey === c.portKey);
    if (!same) throw invalidArgument("nic.distributedVirtualPort", `vdsim cannot move ${device} to another dvPort: remove it and add a new one`);
  }
  const ipv4 = ipv4Of(spec);
  if (ipv4 && (nic.ipv4?.address !== ipv4.address || nic.ipv4?.netmask !== ipv4.netmask)) sim.run({ type: "SetVmkNicIpv4", vmknic: { name: device }, ipv4 });
  if (spec.mtu !== undefined && spec.mtu !== nic.mtu) sim.run({ type: "SetVmkNic", vmknic: { name: device }, mtu: spec.mtu });
}

export function planRemoveVirtualNic(sim: HostSim, device: string): void {
  sim.run({ type: "RemoveVmkNic", vmknic: { name: device } });
}

/** SelectVnicForNicType / DeselectVnicForNicType: what vicfg-vmknic --enable-vmotion sends (SetVmkNicServices). */
export function planNicService(sim: HostSim, device: string, service: keyof VmkNicServices, on: boolean): void {
  sim.run({ type: "SetVmkNicServices", vmknic: { name: device }, [service]: on });
}
