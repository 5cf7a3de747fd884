import type { Host, Vm } from "@vdsim/model";
import type { InventoryContext } from "../inventory/context.js";
import { REFS } from "../inventory/refs.js";
import { managedObjectNotFound } from "../soap/faults.js";
import type { MoRef } from "../soap/values.js";

/** The VM a VirtualMachine reference names; ManagedObjectNotFound for one the log does not hold (any more). */
export function vmOf(ctx: InventoryContext, ref: MoRef): Vm {
  const vm = ref.type === "VirtualMachine" ? Object.values(ctx.state.vms).find((v) => ctx.vmRef(v.name).value === ref.value) : undefined;
  if (!vm) throw managedObjectNotFound(ref);
  return vm;
}

/** The host a HostSystem reference names; ManagedObjectNotFound otherwise. */
export function hostOf(ctx: InventoryContext, ref: MoRef): Host {
  const host = ref.type === "HostSystem" ? Object.values(ctx.state.hosts).find((h) => ctx.hostRef(h.name)?.value === ref.value) : undefined;
  if (!host) throw managedObjectNotFound(ref);
  return host;
}

/** vdsim has one resource pool (the cluster's); any other reference is ManagedObjectNotFound. */
export function requirePool(ref: MoRef): void {
  if (ref.type !== "ResourcePool" || ref.value !== REFS.resourcePool.value) throw managedObjectNotFound(ref);
}

/** Hosts by name (esx-01, esx-02, ...): the order placement picks from, whatever order they registered in. */
export function hostsInOrder(ctx: InventoryContext): Host[] {
  return Object.values(ctx.state.hosts).sort((a, b) => a.name.localeCompare(b.name));
}
