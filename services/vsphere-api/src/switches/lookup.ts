import type { DistributedPortGroup, DistributedSwitch } from "@vdsim/model";
import type { InventoryContext } from "../inventory/context.js";
import { VimFault, managedObjectNotFound } from "../soap/faults.js";
import type { MoRef } from "../soap/values.js";

/** The objects a switch method is called on or names, found in the folded state by their references. */
export function switchOf(ctx: InventoryContext, ref: MoRef): DistributedSwitch {
  const vds = Object.values(ctx.state.switches).find((s) => ctx.switchRef(s).value === ref.value);
  if (!vds) throw managedObjectNotFound(ref);
  return vds;
}

export function switchByUuid(ctx: InventoryContext, uuid: string): DistributedSwitch | undefined {
  return Object.values(ctx.state.switches).find((s) => ctx.switchUuid(s) === uuid);
}

export function portGroupOf(ctx: InventoryContext, ref: MoRef): DistributedPortGroup {
  const pg = Object.values(ctx.state.portGroups).find((p) => p.key === ref.value);
  if (!pg) {
    const uplinkOf = Object.values(ctx.state.switches).find((s) => s.uplinkPortGroup.key === ref.value);
    if (uplinkOf) throw new VimFault("NotSupported", `"${uplinkOf.uplinkPortGroup.portgroup}" is the uplink port group of "${uplinkOf.name}": it changes with its switch`);
    throw managedObjectNotFound(ref);
  }
  return pg;
}

/** A host named by reference in a spec: NotFound naming the reference when the cluster has no such host. */
export function hostNamed(ctx: InventoryContext, ref: MoRef, path: string): string {
  const host = Object.values(ctx.state.hosts).find((h) => ctx.hostRef(h.name)?.value === ref.value);
  if (!host || ref.type !== "HostSystem") throw new VimFault("NotFound", `${path}: the host ${ref.type}:${ref.value} is not in the inventory`);
  return host.name;
}
