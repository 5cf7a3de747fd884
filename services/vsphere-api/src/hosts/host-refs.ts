import type { Host } from "@vdsim/model";
import type { InventoryContext } from "../inventory/context.js";
import { moRef, type MoRef } from "../soap/values.js";

/** A host's HostNetworkSystem: "networkSystem-host-10", named after the host's reference as vCenter names it. */
export const networkSystemRef = (host: MoRef): MoRef => moRef("HostNetworkSystem", `networkSystem-${host.value}`);
export const virtualNicManagerRef = (host: MoRef): MoRef => moRef("HostVirtualNicManager", `virtualNicManager-${host.value}`);
/** the host's local datastore1: numbered like the host, so it keeps its reference for the life of the log */
export const datastoreRef = (host: Host): MoRef => moRef("Datastore", `datastore-${host.index + 10}`);
export const DATASTORE_NAME = "datastore1";

/** The keys ESXi gives the objects of HostNetworkInfo (links between them are these keys). */
export const KEYS = {
  vswitch: (name: string): string => `key-vim.host.VirtualSwitch-${name}`,
  portgroup: (name: string): string => `key-vim.host.PortGroup-${name}`,
  vnic: (device: string): string => `key-vim.host.VirtualNic-${device}`,
  pnic: (device: string): string => `key-vim.host.PhysicalNic-${device}`,
  proxySwitch: (uuid: string): string => `DvsPortset-${uuid}`,
  /** a nic type's view of a vmknic: "vmotion.key-vim.host.VirtualNic-vmk1" */
  selectedVnic: (nicType: string, device: string): string => `${nicType}.key-vim.host.VirtualNic-${device}`,
} as const;

/** The host whose manager (HostNetworkSystem, HostVirtualNicManager) a reference names, or undefined. */
export function hostOfManager(ctx: InventoryContext, ref: MoRef): Host | undefined {
  const m = /^(?:networkSystem|virtualNicManager)-(.+)$/.exec(ref.value);
  if (!m) return undefined;
  return Object.values(ctx.state.hosts).find((h) => ctx.hostRef(h.name)?.value === m[1]);
}

/** A vmknic named by its device ("vmk1") or by a key a client read ("key-vim.host.VirtualNic-vmk1", "vmotion.key-vim..."). */
export function deviceName(given: string): string {
  const m = /key-vim\.host\.VirtualNic-(.+)$/.exec(given);
  return m?.[1] ?? given;
}
