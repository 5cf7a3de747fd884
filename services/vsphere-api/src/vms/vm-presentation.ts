import type { Vm } from "@vdsim/model";
import type { InventoryContext } from "../inventory/context.js";
import type { EthernetCardType } from "./create-spec.js";

/** What a CreateVM_Task spec set that vdsim's model does not hold: the adapter type and flags of each vNIC, CPUs, guest id. */
export interface VmPresentation {
  /** the MACs of the VM as created, so that a VM made again under the same name (by the CLI) is not dressed as the old one */
  readonly macs: readonly string[];
  readonly nics: ReadonlyArray<{ readonly type: EthernetCardType; readonly startConnected: boolean; readonly allowGuestControl: boolean; readonly wakeOnLanEnabled: boolean }>;
  readonly numCPUs?: number;
  readonly guestId?: string;
}

/**
 * The service's memory of how VMs were asked for, per inventory context (one per service). It is
 * not in the log: a VM made by the CLI, or read after a restart of the service, shows vCenter's
 * defaults (a VirtualVmxnet3 per vNIC, one CPU), which is what the model says it is.
 */
const memory = new WeakMap<InventoryContext, Map<string, VmPresentation>>();

export function rememberVm(ctx: InventoryContext, vm: string, p: VmPresentation): void {
  let byVm = memory.get(ctx);
  if (!byVm) memory.set(ctx, (byVm = new Map()));
  byVm.set(vm, p);
  ctx.touched();
}

export function forgetVm(ctx: InventoryContext, vm: string): void {
  if (memory.get(ctx)?.delete(vm)) ctx.touched();
}

/** How the VM was asked for, when this service created it as it now is. */
export function presentationOf(ctx: InventoryContext, vm: Vm): VmPresentation | undefined {
  const p = memory.get(ctx)?.get(vm.name);
  if (!p || p.macs.length !== vm.nics.length || p.macs.some((m, i) => vm.nics[i]?.mac !== m)) return undefined;
  return p;
}
