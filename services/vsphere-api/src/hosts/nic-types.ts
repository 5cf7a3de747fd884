import { hostRealizedConfig, type Host, type VmkNicServices } from "@vdsim/model";
import type { InventoryContext } from "../inventory/context.js";
import { invalidArgument } from "../soap/faults.js";
import { array, bool, data, str, strings, type DataValue } from "../soap/values.js";
import { KEYS } from "./host-refs.js";
import { standardPorts, vmknicsOf, vnicValue, type StandardPort } from "./network-info.js";

/** The host's standard ports (the keys a vmknic's `port` links to). */
export const portsOf = (ctx: InventoryContext, h: Host): StandardPort[] => standardPorts(hostRealizedConfig(ctx.state, h.name));

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
export function netConfig(ctx: InventoryContext, h: Host, nicType: NicType, ports: readonly StandardPort[] = portsOf(ctx, h)): DataValue {
  const nics = vmknicsOf(h);
  return data("VirtualNicManagerNetConfig", {
    nicType: str(nicType),
    multiSelectAllowed: bool(true),
    candidateVnic: array("HostVirtualNic", nics.map((n) => vnicValue(ctx, n, ports, KEYS.selectedVnic(nicType, n.name)))),
    selectedVnic: strings(nics.filter((n) => n.services[NIC_TYPES[nicType]]).map((n) => KEYS.selectedVnic(nicType, n.name))),
  });
}

/** HostVirtualNicManager.info (and a host's config.virtualNicManagerInfo). */
export function virtualNicManagerInfo(ctx: InventoryContext, h: Host, ports: readonly StandardPort[] = portsOf(ctx, h)): DataValue {
  return data("HostVirtualNicManagerInfo", { netConfig: array("VirtualNicManagerNetConfig", (Object.keys(NIC_TYPES) as NicType[]).map((t) => netConfig(ctx, h, t, ports))) });
}

/** config.vmotion, the older view of the same selection (HostVMotionSystem's): the first vMotion vmknic and its address. */
export function vmotionInfo(ctx: InventoryContext, h: Host, ports: readonly StandardPort[] = portsOf(ctx, h)): DataValue {
  const nics = vmknicsOf(h);
  const selected = nics.find((n) => n.services.vmotion);
  return data("HostVMotionInfo", {
    netConfig: data("HostVMotionNetConfig", {
      candidateVnic: array("HostVirtualNic", nics.map((n) => vnicValue(ctx, n, ports))),
      selectedVnic: selected ? str(KEYS.vnic(selected.name)) : undefined,
    }),
    ipConfig: selected?.ipv4 ? data("HostIpConfig", { dhcp: bool(false), ipAddress: str(selected.ipv4.address), subnetMask: str(selected.ipv4.netmask) }) : undefined,
  });
}
