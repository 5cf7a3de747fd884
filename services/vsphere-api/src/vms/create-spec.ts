import type { ClusterState, Host, ManagementCommand } from "@vdsim/model";
import type { InventoryContext } from "../inventory/context.js";
import { invalidArgument } from "../soap/faults.js";
import { child, childrenNamed, xsiType, type XmlElement } from "../soap/xml-tree.js";
import { readMoRef } from "../soap/decode.js";

/** The vNIC types a VirtualMachineConfigSpec may add; vdsim's data plane treats them alike. */
export const ETHERNET_CARD_TYPES = ["VirtualVmxnet3", "VirtualVmxnet2", "VirtualVmxnet", "VirtualE1000", "VirtualE1000e", "VirtualPCNet32"] as const;
export type EthernetCardType = (typeof ETHERNET_CARD_TYPES)[number];

/** One vNIC as the spec asks for it: its network as vdsim names it (a distributed or a standard port group). */
export interface NicRequest {
  readonly type: EthernetCardType;
  readonly network: string;
  /** the distributed switch of a distributed port group; absent for a standard port group */
  readonly vds?: string;
  /** where in the spec it came from, to name in a fault: "config.deviceChange[0].device" */
  readonly path: string;
  /** what the client set that vdsim shows back as set */
  readonly startConnected: boolean;
  readonly allowGuestControl: boolean;
  readonly wakeOnLanEnabled: boolean;
}

/** CreateVM_Task's config decoded: vdsim's CreateVm without the host, and what only the API shows. */
export interface CreateVmRequest {
  readonly name: string;
  readonly nics: readonly NicRequest[];
  readonly memoryMB?: number;
  readonly numCPUs?: number;
  readonly guestId?: string;
}

const text = (e: XmlElement | undefined): string | undefined => (e === undefined ? undefined : e.text.trim());

function positiveInt(e: XmlElement | undefined, path: string): number | undefined {
  const t = text(e);
  if (t === undefined) return undefined;
  const n = Number(t);
  if (t === "" || !Number.isInteger(n) || n <= 0) throw invalidArgument(path, `${path} must be a positive integer, not "${t}"`);
  return n;
}

function flag(e: XmlElement | undefined, path: string, fallback: boolean): boolean {
  const t = text(e);
  if (t === undefined) return fallback;
  if (t === "true" || t === "1") return true;
  if (t === "false" || t === "0") return false;
  throw invalidArgument(path, `${path} is not a boolean: "${t}"`);
}

/**
 * Reads a VirtualMachineConfigSpec: its name, memory, and every vNIC of deviceChange with the
 * network its backing names (a dvPort connection by switch uuid and port group key, or a standard
 * network by name or reference). What vdsim cannot hold (disks, controllers, a manual MAC) is
 * InvalidArgument naming the property, so nothing is silently dropped.
 */
export function decodeCreateVmSpec(ctx: InventoryContext, config: XmlElement): CreateVmRequest {
  const name = text(child(config, "name"));
  if (name === undefined || name === "") throw invalidArgument("config.name", "CreateVM_Task needs config.name");
  const nics = childrenNamed(config, "deviceChange").map((spec, i) => decodeNic(ctx, spec, `config.deviceChange[${i}]`));
  if (nics.length === 0) throw invalidArgument("config.deviceChange", `Virtual machine "${name}" needs at least one network adapter in config.deviceChange`);
  const memoryMB = positiveInt(child(config, "memoryMB"), "config.memoryMB");
  const numCPUs = positiveInt(child(config, "numCPUs"), "config.numCPUs");
  const guestId = text(child(config, "guestId"));
  return { name, nics, ...(memoryMB === undefined ? {} : { memoryMB }), ...(numCPUs === undefined ? {} : { numCPUs }), ...(guestId ? { guestId } : {}) };
}

function decodeNic(ctx: InventoryContext, spec: XmlElement, path: string): NicRequest {
  const operation = text(child(spec, "operation"));
  if (operation !== "add") throw invalidArgument(`${path}.operation`, `${path}.operation must be "add" for a new virtual machine, not "${operation ?? ""}"`);
  if (child(spec, "fileOperation")) throw invalidArgument(`${path}.fileOperation`, `vdsim's virtual machines have no disks: ${path}.fileOperation is not supported`);
  const device = child(spec, "device");
  if (!device) throw invalidArgument(`${path}.device`, `${path} has no device`);
  const devicePath = `${path}.device`;
  const type = xsiType(device);
  if (!ETHERNET_CARD_TYPES.includes(type as EthernetCardType)) {
    throw invalidArgument(devicePath, `vdsim's virtual machines have only network adapters (${ETHERNET_CARD_TYPES.join(", ")}); ${devicePath} is a ${type ?? "device of no type"}`);
  }
  const addressType = text(child(device, "addressType"));
  if (addressType !== undefined && addressType.toLowerCase() === "manual") {
    throw invalidArgument(`${devicePath}.addressType`, `vdsim assigns every vNIC's MAC address (00:50:56, as vCenter's "assigned"); ${devicePath}.addressType "manual" is not supported`);
  }
  const backing = child(device, "backing");
  if (!backing) throw invalidArgument(`${devicePath}.backing`, `${devicePath} has no backing (a distributed port or a network)`);
  const connectable = child(device, "connectable");
  const shown = {
    startConnected: flag(connectable && child(connectable, "startConnected"), `${devicePath}.connectable.startConnected`, true),
    allowGuestControl: flag(connectable && child(connectable, "allowGuestControl"), `${devicePath}.connectable.allowGuestControl`, true),
    wakeOnLanEnabled: flag(child(device, "wakeOnLanEnabled"), `${devicePath}.wakeOnLanEnabled`, true),
  };
  return { type: type as EthernetCardType, path: devicePath, ...backingNetwork(ctx, backing, `${devicePath}.backing`), ...shown };
}

function backingNetwork(ctx: InventoryContext, backing: XmlElement, path: string): { network: string; vds?: string } {
  const type = xsiType(backing);
  const { state } = ctx;
  if (type === "VirtualEthernetCardDistributedVirtualPortBackingInfo") {
    const port = child(backing, "port");
    if (!port) throw invalidArgument(`${path}.port`, `${path} has no port (DistributedVirtualSwitchPortConnection)`);
    const uuid = text(child(port, "switchUuid")) ?? "";
    const vds = Object.values(state.switches).find((s) => ctx.switchUuid(s) === uuid);
    if (!vds) throw invalidArgument(`${path}.port.switchUuid`, `No distributed switch has uuid "${uuid}" (${path}.port.switchUuid)`);
    const key = text(child(port, "portgroupKey"));
    if (key === undefined) throw invalidArgument(`${path}.port.portgroupKey`, `${path}.port needs a portgroupKey: vdsim connects a vNIC to a free port of its port group`);
    const pg = Object.values(state.portGroups).find((p) => p.key === key && p.vds === vds.name);
    if (!pg) throw invalidArgument(`${path}.port.portgroupKey`, `Distributed switch "${vds.name}" has no port group with key "${key}" (${path}.port.portgroupKey)`);
    if (text(child(port, "portKey")) !== undefined) throw invalidArgument(`${path}.port.portKey`, `vdsim picks the dvPort of a new vNIC: ${path}.port.portKey is not supported`);
    return { network: pg.name, vds: vds.name };
  }
  if (type === "VirtualEthernetCardNetworkBackingInfo") {
    const networkRef = child(backing, "network");
    const byRef = networkRef && standardNetworkNamed(ctx, readMoRef(networkRef).value);
    if (networkRef && byRef === undefined) throw invalidArgument(`${path}.network`, `No standard network is "${networkRef.text.trim()}" (${path}.network)`);
    const name = byRef ?? text(child(backing, "deviceName"));
    if (name === undefined || name === "") throw invalidArgument(`${path}.deviceName`, `${path} needs deviceName: the standard port group's name`);
    if (!Object.values(state.hosts).some((h) => name in h.standardPortGroups)) {
      throw invalidArgument(`${path}.deviceName`, `No host has a standard port group named "${name}" (${path}.deviceName)`);
    }
    // vdsim names a vNIC's network; a distributed port group of the same name would take it
    if (state.portGroups[name]) throw invalidArgument(`${path}.deviceName`, `"${name}" names both a standard and a distributed port group; connect to the distributed one by its port (${path}.deviceName)`);
    return { network: name };
  }
  throw invalidArgument(path, `${path} must be a VirtualEthernetCardDistributedVirtualPortBackingInfo or a VirtualEthernetCardNetworkBackingInfo, not ${type ?? "untyped"}`);
}

function standardNetworkNamed(ctx: InventoryContext, value: string): string | undefined {
  const names = new Set(Object.values(ctx.state.hosts).flatMap((h) => Object.keys(h.standardPortGroups)));
  return [...names].find((n) => ctx.networkRef(n).value === value);
}

/** Whether a host can take every vNIC: a member of each one's switch, or holding its standard port group. */
export function hostFits(state: ClusterState, host: Host, nics: readonly NicRequest[]): boolean {
  return nics.every((n) => (n.vds !== undefined ? state.switches[n.vds]?.members[host.name] !== undefined : n.network in host.standardPortGroups));
}

/** The first vNIC the host cannot take, to name in InvalidArgument. */
export function firstMisfit(state: ClusterState, host: Host, nics: readonly NicRequest[]): NicRequest | undefined {
  return nics.find((n) => !hostFits(state, host, [n]));
}

export function createVmCommand(req: CreateVmRequest, host: string): ManagementCommand {
  return { type: "CreateVm", vm: req.name, host, networks: req.nics.map((n) => n.network), ...(req.memoryMB === undefined ? {} : { memoryMB: req.memoryMB }) };
}
