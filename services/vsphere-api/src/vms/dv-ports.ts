import { defaultDistributedPolicy, type DistributedSwitch, type DvPortConnectee } from "@vdsim/model";
import type { InventoryContext } from "../inventory/context.js";
import { portSetting } from "../inventory/port-setting.js";
import { childrenNamed, child, type XmlElement } from "../soap/xml-tree.js";
import { invalidArgument } from "../soap/faults.js";
import { readMoRef } from "../soap/decode.js";
import { array, bool, data, dateTime, int, long, mor, str, type VimValue } from "../soap/values.js";

/** The data plane's figures of one port, as a host agent reports them (PortCounters without its naming). */
export interface PortFigures {
  readonly packetsIn: number;
  readonly bytesIn: number;
  readonly packetsOut: number;
  readonly bytesOut: number;
  /** every frame the port dropped, whatever the reason */
  readonly dropped: number;
}

/** DistributedVirtualSwitchPortCriteria as read; an absent field does not filter. */
export interface PortCriteria {
  readonly portKey?: readonly string[];
  readonly portgroupKey?: readonly string[];
  /** with portgroupKey: true (default) keeps the ports in those port groups, false those outside them */
  readonly inside: boolean;
  readonly connected?: boolean;
  readonly active?: boolean;
  readonly uplinkPort?: boolean;
  /** HostSystem reference values: the ports whose proxy host is one of them */
  readonly host?: readonly string[];
}

/** One dvPort as vdsim knows it, before it is written: where it is and what is on it. */
export interface PortRow {
  readonly key: string;
  readonly portgroupKey: string;
  readonly uplink: boolean;
  /** the host the port is on now: its VM's, its vmknic's, its uplink's */
  readonly host?: string;
  readonly connectee?: DvPortConnectee | { readonly pnic: string; readonly host: string };
  /** the host agent's port id, to find its counters */
  readonly portId: string;
}

function flag(e: XmlElement | undefined, name: string): boolean | undefined {
  if (!e) return undefined;
  const t = e.text.trim();
  if (t === "true" || t === "1") return true;
  if (t === "false" || t === "0") return false;
  throw invalidArgument(`criteria.${name}`, `criteria.${name} is not a boolean: "${t}"`);
}

export function decodeCriteria(e: XmlElement | undefined): PortCriteria {
  if (!e) return { inside: true };
  if (child(e, "scope")) throw invalidArgument("criteria.scope", "vdsim's dvPorts have no scope: criteria.scope is not supported");
  const list = (name: string): readonly string[] | undefined => {
    const items = childrenNamed(e, name);
    return items.length === 0 ? undefined : items.map((i) => i.text.trim());
  };
  const hosts = childrenNamed(e, "host");
  const out: PortCriteria = {
    inside: flag(child(e, "inside"), "inside") ?? true,
    ...(list("portKey") ? { portKey: list("portKey") } : {}),
    ...(list("portgroupKey") ? { portgroupKey: list("portgroupKey") } : {}),
    ...(hosts.length > 0 ? { host: hosts.map((h) => readMoRef(h).value) } : {}),
  };
  const connected = flag(child(e, "connected"), "connected");
  const active = flag(child(e, "active"), "active");
  const uplinkPort = flag(child(e, "uplinkPort"), "uplinkPort");
  return { ...out, ...(connected === undefined ? {} : { connected }), ...(active === undefined ? {} : { active }), ...(uplinkPort === undefined ? {} : { uplinkPort }) };
}

/** Every dvPort of a switch: its port groups' ports, then its members' uplink ports. */
export function portRows(ctx: InventoryContext, vds: DistributedSwitch): PortRow[] {
  const { state } = ctx;
  const rows: PortRow[] = Object.values(vds.ports).map((p) => {
    const pg = state.portGroups[p.portgroup];
    const c = p.connectee;
    const host = c === null ? undefined : "vm" in c ? state.vms[c.vm]?.host : c.host;
    // the host agent names a vNIC's port by its dvPort, a vmknic's by the vmknic (wherever it is plugged)
    const portId = c !== null && "vmknic" in c ? `vmk/${c.vmknic}` : `dvs/${vds.name}/${p.key}`;
    return { key: p.key, portgroupKey: pg?.key ?? "", uplink: false, ...(host === undefined ? {} : { host }), ...(c === null ? {} : { connectee: c }), portId };
  });
  for (const m of Object.values(vds.members)) {
    for (const [uplink, key] of Object.entries(m.uplinkPorts)) {
      const pnic = m.uplinks[uplink];
      rows.push({ key, portgroupKey: vds.uplinkPortGroup.key, uplink: true, host: m.host, ...(pnic ? { connectee: { pnic, host: m.host } } : {}), portId: `uplink/${vds.name}/${key}` });
    }
  }
  return rows;
}

/** A port is active when something is on it and its host is connected (its link is up). */
const isActive = (ctx: InventoryContext, r: PortRow): boolean => r.connectee !== undefined && r.host !== undefined && ctx.connectionState(r.host) === "connected";

export function selectPorts(ctx: InventoryContext, rows: readonly PortRow[], c: PortCriteria): PortRow[] {
  return rows.filter((r) => {
    if (c.portKey && !c.portKey.includes(r.key)) return false;
    if (c.portgroupKey && c.portgroupKey.includes(r.portgroupKey) !== c.inside) return false;
    if (c.connected !== undefined && (r.connectee !== undefined) !== c.connected) return false;
    if (c.active !== undefined && isActive(ctx, r) !== c.active) return false;
    if (c.uplinkPort !== undefined && r.uplink !== c.uplinkPort) return false;
    if (c.host && !(r.host !== undefined && c.host.includes(ctx.hostRef(r.host)?.value ?? ""))) return false;
    return true;
  });
}

/**
 * DistributedVirtualSwitchPortStatistics from the data plane's figures. vdsim's ports count
 * frames without telling unicast from multicast and broadcast: all of them are counted as unicast.
 * "In" is what the port's endpoint sent into the switch, "out" what the switch delivered to it, as
 * vSphere's port statistics count them; every drop of the port is an input drop.
 */
export function portStatistics(f: PortFigures | undefined): VimValue {
  const n = (v: number | undefined): VimValue => long(v ?? 0);
  return data("DistributedVirtualSwitchPortStatistics", {
    packetsInMulticast: n(0),
    packetsOutMulticast: n(0),
    bytesInMulticast: n(0),
    bytesOutMulticast: n(0),
    packetsInUnicast: n(f?.packetsIn),
    packetsOutUnicast: n(f?.packetsOut),
    bytesInUnicast: n(f?.bytesIn),
    bytesOutUnicast: n(f?.bytesOut),
    packetsInBroadcast: n(0),
    packetsOutBroadcast: n(0),
    bytesInBroadcast: n(0),
    bytesOutBroadcast: n(0),
    packetsInDropped: n(f?.dropped),
    packetsOutDropped: n(0),
    packetsInException: n(0),
    packetsOutException: n(0),
  });
}

const FIRST_NIC_KEY = 4000;

function connecteeValue(ctx: InventoryContext, c: PortRow["connectee"]): VimValue | undefined {
  if (!c) return undefined;
  if ("vm" in c) return data("DistributedVirtualSwitchPortConnectee", { connectedEntity: mor(ctx.vmRef(c.vm)), nicKey: str(String(FIRST_NIC_KEY + c.nic)), type: str("vmVnic") });
  const host = ctx.hostRef(c.host);
  if ("vmknic" in c) return data("DistributedVirtualSwitchPortConnectee", { connectedEntity: host && mor(host), nicKey: str(c.vmknic), type: str("hostVmkVnic") });
  return data("DistributedVirtualSwitchPortConnectee", { connectedEntity: host && mor(host), nicKey: str(c.pnic), type: str("pnic") });
}

/** A DistributedVirtualPort: where it is now, what is on it, its effective setting and the data plane's counters. */
export function portValue(ctx: InventoryContext, vds: DistributedSwitch, r: PortRow, figures: PortFigures | undefined): VimValue {
  const { state } = ctx;
  const pg = Object.values(state.portGroups).find((p) => p.key === r.portgroupKey);
  const host = r.host === undefined ? undefined : ctx.hostRef(r.host);
  const c = r.connectee;
  const mac = c && "vm" in c ? state.vms[c.vm]?.nics.find((n) => n.index === c.nic)?.mac : undefined;
  const blocked = pg?.policy.blocked ?? false;
  const vlan = pg?.policy.vlan;
  const vlanIds =
    vlan === undefined || r.uplink
      ? [data("NumericRange", { start: int(0), end: int(4094) })]
      : vlan.kind === "trunk"
        ? vlan.ranges.map(([start, end]) => data("NumericRange", { start: int(start), end: int(end) }))
        : [data("NumericRange", { start: int(vlan.kind === "vlan" ? vlan.id : 0), end: int(vlan.kind === "vlan" ? vlan.id : 0) })];
  // an uplink port has its uplink port group's setting: a trunk of every VLAN
  const setting = portSetting(pg ? pg.policy : defaultDistributedPolicy(vds.uplinks, { kind: "trunk", ranges: [[0, 4094]] }));
  return data("DistributedVirtualPort", {
    key: str(r.key),
    config: data("DVPortConfigInfo", { setting, configVersion: str(String(pg ? ctx.cluster.portGroupConfigVersion(pg.name) : ctx.cluster.switchConfigVersion(vds.name))) }),
    dvsUuid: str(ctx.switchUuid(vds)),
    portgroupKey: str(r.portgroupKey),
    proxyHost: host && mor(host),
    connectee: connecteeValue(ctx, c),
    conflict: bool(false),
    state: data("DVPortState", {
      runtimeInfo: data("DVPortStatus", {
        linkUp: bool(isActive(ctx, r) && !blocked),
        blocked: bool(blocked),
        vlanIds: array("NumericRange", vlanIds),
        trunkingMode: bool(r.uplink || vlan?.kind === "trunk"),
        mtu: int(vds.mtu),
        macAddress: mac === undefined ? undefined : str(mac),
      }),
      stats: portStatistics(figures),
    }),
    lastStatusChange: dateTime(ctx.bootTime),
    hostLocalPort: bool(false),
  });
}
