import { defaultDistributedPolicy, type DistributedPortGroup, type DistributedSwitch } from "@vdsim/model";
import { array, bool, data, dateTime, int, mor, mors, str, strings, type MoRef } from "../soap/values.js";
import type { InventoryContext } from "./context.js";
import { entity } from "./entity.js";
import type { ManagedObject } from "./managed-object.js";
import { portSetting } from "./port-setting.js";
import { REFS, portGroupRef } from "./refs.js";

export const PRODUCT = data("DistributedVirtualSwitchProductSpec", { name: str("DVS"), vendor: str("VMware, Inc."), version: str("6.6.0"), build: str("2494585") });

/**
 * What a port group lets its ports override: fixed in vdsim (a dvPort takes its group's policy,
 * but may be blocked on its own); a spec may restate these, not change them.
 */
export const PORTGROUP_POLICY: Readonly<Record<string, boolean>> = {
  blockOverrideAllowed: true,
  shapingOverrideAllowed: false,
  vendorConfigOverrideAllowed: false,
  livePortMovingAllowed: false,
  portConfigResetAtDisconnect: true,
  vlanOverrideAllowed: false,
  uplinkTeamingOverrideAllowed: false,
  securityPolicyOverrideAllowed: false,
  ipfixOverrideAllowed: false,
};

const defined = <T>(v: T | undefined): v is T => v !== undefined;

/** The hosts of a switch, as references, in the order they joined. */
function memberRefs(ctx: InventoryContext, vds: DistributedSwitch): MoRef[] {
  return Object.keys(vds.members).map((h) => ctx.hostRef(h)).filter(defined);
}

function portGroupsOf(ctx: InventoryContext, vds: DistributedSwitch): DistributedPortGroup[] {
  return Object.values(ctx.state.portGroups).filter((pg) => pg.vds === vds.name);
}

/** The VMs with a vNIC on a distributed port group. */
function vmsOn(ctx: InventoryContext, pg: DistributedPortGroup): MoRef[] {
  return Object.values(ctx.state.vms).filter((vm) => vm.nics.some((n) => n.vds === pg.vds && n.portgroup === pg.name)).map((vm) => ctx.vmRef(vm.name));
}

export function switchObject(ctx: InventoryContext, vds: DistributedSwitch): ManagedObject {
  const ref = ctx.switchRef(vds);
  const uuid = ctx.switchUuid(vds);
  const uplinkRef = portGroupRef(vds.uplinkPortGroup.key);
  const pgs = portGroupsOf(ctx, vds);
  const hosts = Object.values(vds.members).flatMap((m) => {
    const host = ctx.hostRef(m.host);
    if (!host) return [];
    const pnicSpec = Object.entries(m.uplinks).map(([uplink, vmnic]) =>
      data("DistributedVirtualSwitchHostMemberPnicSpec", { pnicDevice: str(vmnic), uplinkPortKey: m.uplinkPorts[uplink] ? str(m.uplinkPorts[uplink]) : undefined, uplinkPortgroupKey: str(vds.uplinkPortGroup.key) }),
    );
    return [
      data("DistributedVirtualSwitchHostMember", {
        config: data("DistributedVirtualSwitchHostMemberConfigInfo", {
          host: mor(host),
          maxProxySwitchPorts: int(vds.maxPorts),
          backing: data("DistributedVirtualSwitchHostMemberPnicBacking", { pnicSpec: array("DistributedVirtualSwitchHostMemberPnicSpec", pnicSpec) }),
        }),
        productInfo: PRODUCT,
        uplinkPortKey: strings(Object.values(m.uplinkPorts)),
        status: str(ctx.connectionState(m.host) === "connected" ? "up" : "down"),
      }),
    ];
  });
  const config = data("VMwareDVSConfigInfo", {
    uuid: str(uuid),
    name: str(vds.name),
    numStandalonePorts: int(0),
    numPorts: int(Object.keys(vds.ports).length),
    maxPorts: int(vds.maxPorts),
    uplinkPortPolicy: data("DVSNameArrayUplinkPortPolicy", { uplinkPortName: strings(vds.uplinks) }),
    uplinkPortgroup: mors([uplinkRef]),
    defaultPortConfig: portSetting(defaultDistributedPolicy(vds.uplinks, { kind: "none" })),
    host: array("DistributedVirtualSwitchHostMember", hosts),
    productInfo: PRODUCT,
    configVersion: str(String(ctx.cluster.switchConfigVersion(vds.name))),
    contact: data("DVSContactInfo", {}),
    createTime: dateTime(ctx.bootTime),
    networkResourceManagementEnabled: bool(false),
    defaultProxySwitchMaxNumPorts: int(vds.maxPorts),
    maxMtu: int(vds.mtu),
    lacpApiVersion: str("singleLag"),
    multicastFilteringMode: str("legacyFiltering"),
  });
  const portgroupRefs = [uplinkRef, ...pgs.map((pg) => portGroupRef(pg.key))];
  return entity(ref, vds.name, REFS.networkFolder, {
    uuid: str(uuid),
    config,
    portgroup: mors(portgroupRefs),
    summary: data("DVSSummary", {
      name: str(vds.name),
      uuid: str(uuid),
      numPorts: int(Object.keys(vds.ports).length),
      productInfo: PRODUCT,
      hostMember: mors(memberRefs(ctx, vds)),
      portgroupName: strings([vds.uplinkPortGroup.portgroup, ...pgs.map((pg) => pg.name)]),
    }),
  });
}

function portGroupConfig(ctx: InventoryContext, vds: DistributedSwitch, key: string, name: string, numPorts: number, setting: ReturnType<typeof portSetting>, uplink: boolean, configVersion: number) {
  return data("DVPortgroupConfigInfo", {
    key: str(key),
    name: str(name),
    numPorts: int(numPorts),
    distributedVirtualSwitch: mor(ctx.switchRef(vds)),
    defaultPortConfig: setting,
    type: str("earlyBinding"),
    policy: data("VMwareDVSPortgroupPolicy", Object.fromEntries(Object.entries(PORTGROUP_POLICY).map(([k, v]) => [k, bool(v)]))),
    configVersion: str(String(configVersion)),
    autoExpand: bool(!uplink),
    uplink: bool(uplink),
  });
}

export function portGroupObject(ctx: InventoryContext, pg: DistributedPortGroup): ManagedObject | undefined {
  const vds = ctx.state.switches[pg.vds];
  if (!vds) return undefined;
  const ref = portGroupRef(pg.key);
  return entity(ref, pg.name, REFS.networkFolder, {
    key: str(pg.key),
    config: portGroupConfig(ctx, vds, pg.key, pg.name, pg.portKeys.length, portSetting(pg.policy), false, ctx.cluster.portGroupConfigVersion(pg.name)),
    portKeys: strings(pg.portKeys),
    host: mors(memberRefs(ctx, vds)),
    vm: mors(vmsOn(ctx, pg)),
    summary: data("NetworkSummary", { network: mor(ref), name: str(pg.name), accessible: bool(true), ipPoolName: str("") }),
  });
}

/** The "<vds>-DVUplinks-N" port group of a switch: a trunk of every VLAN, one port per member uplink. */
export function uplinkPortGroupObject(ctx: InventoryContext, vds: DistributedSwitch): ManagedObject {
  const { key, portgroup } = vds.uplinkPortGroup;
  const ref = portGroupRef(key);
  const portKeys = Object.values(vds.members).flatMap((m) => Object.values(m.uplinkPorts));
  const setting = portSetting({ ...defaultDistributedPolicy(vds.uplinks, { kind: "trunk", ranges: [[0, 4094]] }) });
  return entity(ref, portgroup, REFS.networkFolder, {
    key: str(key),
    config: portGroupConfig(ctx, vds, key, portgroup, portKeys.length, setting, true, ctx.cluster.switchConfigVersion(vds.name)),
    portKeys: strings(portKeys),
    host: mors(memberRefs(ctx, vds)),
    vm: mors([]),
    summary: data("NetworkSummary", { network: mor(ref), name: str(portgroup), accessible: bool(true), ipPoolName: str("") }),
  });
}

/** One Network per standard port group name, on every host that has a port group of that name. */
export function standardNetworkObjects(ctx: InventoryContext): ManagedObject[] {
  const byName = new Map<string, { hosts: MoRef[]; vms: MoRef[] }>();
  for (const host of Object.values(ctx.state.hosts)) {
    for (const name of Object.keys(host.standardPortGroups)) {
      const entry = byName.get(name) ?? { hosts: [], vms: [] };
      const ref = ctx.hostRef(host.name);
      if (ref) entry.hosts.push(ref);
      byName.set(name, entry);
    }
  }
  for (const vm of Object.values(ctx.state.vms)) {
    for (const nic of vm.nics) if (nic.vds === undefined) byName.get(nic.portgroup)?.vms.push(ctx.vmRef(vm.name));
  }
  return [...byName].map(([name, { hosts, vms }]) => {
    const ref = ctx.networkRef(name);
    return entity(ref, name, REFS.networkFolder, {
      host: mors(hosts),
      vm: mors([...new Map(vms.map((v) => [v.value, v])).values()]),
      summary: data("NetworkSummary", { network: mor(ref), name: str(name), accessible: bool(true), ipPoolName: str("") }),
    });
  });
}
