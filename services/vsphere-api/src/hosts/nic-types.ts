import { hostRealizedConfig, type Host, type VmkNicServices } from "@vdsim/model";
import type { InventoryContext } from "../inventory/context.js";
import { invalidArgument } from "../soap/faults.js";
import { array, bool, data, str, strings, type DataValue } from "../soap/values.js";
import { KEYS } from "./host-refs.js";
import { standardPorts, vmknicsOf, vnicValue } from "./network-info.js";

/** The HostVirtualNicManager nic types vdsim models, each the VMkernel NIC service it tags (esxcli network ip interface tag). */
export const NIC_TYPES = {
  vmotion: "vmotion",
  management: "management",
  faultToleranceLogging: "faultToleranceLogging",
  vSphereReplication: "vSphereReplication",
  vSphereReplicationNFC: "vSphereReplicationNFC",
  vSphereProvisioning: "vSphereProvisioning",
  vsan: "vsan",
} as const satisfies Record<string, keyof VmkNicServices>;

export type NicType = keyof typeof NIC_TYPES;

export function nicTypeOf(given: string): NicType {
  if (given in NIC_TYPES) return given as NicType;
  throw invalidArgument("nicType", `"${given}" is not a nic type vdsim models (${Object.keys(NIC_TYPES).join(", ")})`);
}

/** What QueryNetConfig answers: every vmknic a candidate, the ones tagged with the service selected. */
export function netConfig(ctx: InventoryContext, h: Host, nicType: NicType): DataValue {
  const ports = standardPorts(hostRealizedConfig(ctx.state, h.name));
  const nics = vmknicsOf(h);
  return data("VirtualNicManagerNetConfig", {
    nicType: str(nicType),
    multiSelectAllowed: bool(true),
    candidateVnic: array("HostVirtualNic", nics.map((n) => vnicValue(ctx, n, ports, KEYS.selectedVnic(nicType, n.name)))),
    selectedVnic: strings(nics.filter((n) => n.services[NIC_TYPES[nicType]]).map((n) => KEYS.selectedVnic(nicType, n.name))),
  });
}

/** HostVirtualNicManager.info (and a host's config.virtualNicManagerInfo). */
export function virtualNicManagerInfo(ctx: InventoryContext, h: Host): DataValue {
  return data("HostVirtualNicManagerInfo", { netConfig: array("VirtualNicManagerNetConfig", (Object.keys(NIC_TYPES) as NicType[]).map((t) => netConfig(ctx, h, t))) });
}
