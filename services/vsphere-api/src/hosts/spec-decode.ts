import type { CdpStatus, LoadBalancing, StandardPolicyPatch } from "@vdsim/model";
import { readBoolean, readInt, readString } from "../soap/decode.js";
import { invalidArgument } from "../soap/faults.js";
import { child, childrenNamed, xsiType, type XmlElement } from "../soap/xml-tree.js";

/**
 * The specs a HostNetworkSystem method is given, read from the request into plain values. Each
 * bad value is InvalidArgument naming the argument's property path ("spec.mtu", "portgrp.vlanId").
 */
export interface VirtualSwitchSpec {
  readonly numPorts: number;
  readonly mtu?: number;
  /** the vmnics of a HostVirtualSwitchBondBridge; undefined: no bridge */
  readonly nicDevice?: readonly string[];
  readonly cdpStatus?: CdpStatus;
  readonly policy?: StandardPolicyPatch;
}

export interface PortGroupSpec {
  readonly name: string;
  readonly vlanId: number;
  readonly vswitchName: string;
  readonly policy: StandardPolicyPatch;
}

export interface VirtualNicSpec {
  /** undefined: not given; "dhcp": ask for DHCP (which vdsim has not) */
  readonly ip?: { readonly address: string; readonly netmask: string } | "dhcp";
  readonly mac?: string;
  readonly mtu?: number;
  readonly portgroup?: string;
  readonly dvPort?: { readonly switchUuid: string; readonly portgroupKey?: string; readonly portKey?: string };
}

/** Reads a child with `read`, naming the property path in the fault when its value is not one. */
function at<T>(e: XmlElement, name: string, path: string, read: (e: XmlElement) => T): T | undefined {
  const c = child(e, name);
  if (c === undefined) return undefined;
  try {
    return read(c);
  } catch {
    throw invalidArgument(`${path}.${name}`, `${path}.${name} is not valid: "${c.text}"`);
  }
}

function required<T>(e: XmlElement, name: string, path: string, read: (e: XmlElement) => T): T {
  const v = at(e, name, path, read);
  if (v === undefined) throw invalidArgument(`${path}.${name}`, `${path}.${name} is required`);
  return v;
}

const LOAD_BALANCING: readonly string[] = ["loadbalance_srcid", "loadbalance_ip", "loadbalance_srcmac", "failover_explicit"];
const CDP: Readonly<Record<string, CdpStatus>> = { none: "down", listen: "listen", advertise: "advertise", both: "both" };

/** bits/s or bytes as vdsim's kbit/s or KB; vdsim keeps whole units, so a value between them is refused. */
function scaled(e: XmlElement, name: string, path: string, unit: number): number | undefined {
  const v = at(e, name, path, readInt);
  if (v === undefined) return undefined;
  if (v < 0 || v % unit !== 0) throw invalidArgument(`${path}.${name}`, `${path}.${name} ${v} is not a whole number of ${unit === 1000 ? "kbit/s" : "KB"}`);
  return v / unit;
}

/** A HostNetworkPolicy as a patch: only the settings it sets (an unset one is inherited or left as it is). */
export function decodePolicy(e: XmlElement | undefined, path: string): StandardPolicyPatch {
  if (e === undefined) return {};
  const patch: { -readonly [K in keyof StandardPolicyPatch]: StandardPolicyPatch[K] } = {};
  const security = child(e, "security");
  if (security) {
    const p = `${path}.security`;
    patch.allowPromiscuous = at(security, "allowPromiscuous", p, readBoolean);
    patch.allowMacChanges = at(security, "macChanges", p, readBoolean);
    patch.allowForgedTransmits = at(security, "forgedTransmits", p, readBoolean);
  }
  const teaming = child(e, "nicTeaming");
  if (teaming) {
    const p = `${path}.nicTeaming`;
    const policy = at(teaming, "policy", p, readString);
    if (policy !== undefined && !LOAD_BALANCING.includes(policy)) throw invalidArgument(`${p}.policy`, `${p}.policy "${policy}" is not one of ${LOAD_BALANCING.join(", ")}`);
    patch.loadBalancing = policy as LoadBalancing | undefined;
    patch.notifySwitches = at(teaming, "notifySwitches", p, readBoolean);
    const rolling = at(teaming, "rollingOrder", p, readBoolean);
    patch.failback = rolling === undefined ? undefined : !rolling;
    const order = child(teaming, "nicOrder");
    if (order) {
      patch.activeUplinks = childrenNamed(order, "activeNic").map(readString);
      patch.standbyUplinks = childrenNamed(order, "standbyNic").map(readString);
    }
  }
  const shaping = child(e, "shapingPolicy");
  if (shaping) {
    const p = `${path}.shapingPolicy`;
    patch.shapingEnabled = at(shaping, "enabled", p, readBoolean);
    patch.averageKbps = scaled(shaping, "averageBandwidth", p, 1000);
    patch.peakKbps = scaled(shaping, "peakBandwidth", p, 1000);
    patch.burstKB = scaled(shaping, "burstSize", p, 1024);
  }
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as StandardPolicyPatch;
}

export function decodeVirtualSwitchSpec(e: XmlElement, path = "spec"): VirtualSwitchSpec {
  const numPorts = required(e, "numPorts", path, readInt);
  const mtu = at(e, "mtu", path, readInt);
  const bridge = child(e, "bridge");
  let nicDevice: string[] | undefined;
  let cdpStatus: CdpStatus | undefined;
  if (bridge) {
    const type = xsiType(bridge);
    if (type !== undefined && type !== "HostVirtualSwitchBondBridge" && type !== "HostVirtualSwitchSimpleBridge") {
      throw invalidArgument(`${path}.bridge`, `${path}.bridge: a standard switch is bridged by a HostVirtualSwitchBondBridge, not a ${type}`);
    }
    nicDevice = childrenNamed(bridge, "nicDevice").map(readString);
    const ldp = child(bridge, "linkDiscoveryProtocolConfig");
    if (ldp) {
      const p = `${path}.bridge.linkDiscoveryProtocolConfig`;
      const protocol = required(ldp, "protocol", p, readString);
      if (protocol !== "cdp") throw invalidArgument(`${p}.protocol`, `a standard switch speaks CDP only, not "${protocol}"`);
      const operation = required(ldp, "operation", p, readString);
      cdpStatus = CDP[operation];
      if (cdpStatus === undefined) throw invalidArgument(`${p}.operation`, `${p}.operation "${operation}" is not one of ${Object.keys(CDP).join(", ")}`);
    }
  }
  const policy = child(e, "policy");
  return {
    numPorts,
    ...(mtu === undefined ? {} : { mtu }),
    ...(nicDevice === undefined ? {} : { nicDevice }),
    ...(cdpStatus === undefined ? {} : { cdpStatus }),
    ...(policy === undefined ? {} : { policy: decodePolicy(policy, `${path}.policy`) }),
  };
}

export function decodePortGroupSpec(e: XmlElement, path = "portgrp"): PortGroupSpec {
  return {
    name: required(e, "name", path, readString),
    vlanId: required(e, "vlanId", path, readInt),
    vswitchName: required(e, "vswitchName", path, readString),
    policy: decodePolicy(child(e, "policy"), `${path}.policy`),
  };
}

export function decodeVirtualNicSpec(e: XmlElement, path = "nic"): VirtualNicSpec {
  const ipEl = child(e, "ip");
  let ip: VirtualNicSpec["ip"];
  if (ipEl) {
    const p = `${path}.ip`;
    if (required(ipEl, "dhcp", p, readBoolean)) ip = "dhcp";
    else ip = { address: required(ipEl, "ipAddress", p, readString), netmask: required(ipEl, "subnetMask", p, readString) };
  }
  const dvp = child(e, "distributedVirtualPort");
  let dvPort: VirtualNicSpec["dvPort"];
  if (dvp) {
    const p = `${path}.distributedVirtualPort`;
    const portgroupKey = at(dvp, "portgroupKey", p, readString);
    const portKey = at(dvp, "portKey", p, readString);
    dvPort = { switchUuid: required(dvp, "switchUuid", p, readString), ...(portgroupKey === undefined ? {} : { portgroupKey }), ...(portKey === undefined ? {} : { portKey }) };
  }
  const mac = at(e, "mac", path, readString);
  const mtu = at(e, "mtu", path, readInt);
  const portgroup = at(e, "portgroup", path, readString);
  return {
    ...(ip === undefined ? {} : { ip }),
    ...(mac === undefined ? {} : { mac }),
    ...(mtu === undefined ? {} : { mtu }),
    ...(portgroup === undefined || portgroup === "" ? {} : { portgroup }),
    ...(dvPort === undefined ? {} : { dvPort }),
  };
}
