import { isHostEvent, toDomainEvent, type EventEnvelope, type HostEvent } from "@vdsim/model";
import { str } from "../soap/values.js";
import type { EntityName, EventDraft } from "./event-args.js";

/** vCenter posts no event of its own for a host-local network change: vdsim records one GeneralHostInfoEvent saying what changed. */
function message(e: HostEvent): string {
  const d = e.data;
  switch (e.type) {
    case "StandardSwitchAdded":
      return `Virtual switch ${e.data.vswitch} was added on ${d.host} (${e.data.numPorts} ports, MTU ${e.data.mtu})`;
    case "StandardSwitchRemoved":
      return `Virtual switch ${e.data.vswitch} was removed from ${d.host}`;
    case "StandardSwitchReconfigured":
      return `Virtual switch ${e.data.vswitch} on ${d.host} was reconfigured (${e.data.numPorts} ports, MTU ${e.data.mtu}, CDP ${e.data.cdpStatus})`;
    case "StandardSwitchUplinkAdded":
      return `Physical adapter ${e.data.uplink} was linked to virtual switch ${e.data.vswitch} on ${d.host}`;
    case "StandardSwitchUplinkRemoved":
      return `Physical adapter ${e.data.uplink} was unlinked from virtual switch ${e.data.vswitch} on ${d.host}`;
    case "StandardSwitchPolicyChanged":
      return `The policy of virtual switch ${e.data.vswitch} on ${d.host} was changed`;
    case "StandardPortGroupAdded":
      return `Port group ${e.data.portgroup} (VLAN ${e.data.vlan}) was added to virtual switch ${e.data.vswitch} on ${d.host}`;
    case "StandardPortGroupRemoved":
      return `Port group ${e.data.portgroup} was removed from virtual switch ${e.data.vswitch} on ${d.host}`;
    case "StandardPortGroupChanged":
      return `Port group ${e.data.portgroup} on virtual switch ${e.data.vswitch} on ${d.host} was reconfigured (VLAN ${e.data.vlan})`;
    case "VmkNicAdded":
      return `Virtual NIC ${e.data.vmknic} was added on ${d.host}${e.data.ipv4 ? ` (${e.data.ipv4.address}/${e.data.ipv4.netmask})` : ""}`;
    case "VmkNicRemoved":
      return `Virtual NIC ${e.data.vmknic} was removed from ${d.host}`;
    case "VmkNicChanged": {
      const services = Object.entries(e.data.services).filter(([, on]) => on).map(([s]) => s);
      return `Virtual NIC ${e.data.vmknic} on ${d.host} was reconfigured (MTU ${e.data.mtu}${e.data.ipv4 ? `, ${e.data.ipv4.address}/${e.data.ipv4.netmask}` : ""}, services: ${services.join(", ") || "none"})`;
    }
    case "ProxySwitchUplinkChanged":
      return `Uplink ${e.data.uplink} of vSphere Distributed Switch ${e.data.vds} on ${d.host} is ${e.data.pnic === null ? "no longer backed by a physical adapter" : `backed by ${e.data.pnic}`}`;
    case "Ipv4RouteAdded":
      return `Route to ${e.data.network}/${e.data.netmask} via ${e.data.gateway} was added on ${d.host}`;
    case "Ipv4RouteRemoved":
      return `Route to ${e.data.network}/${e.data.netmask} was removed from ${d.host}`;
  }
}

/** A host-scoped event of the log as a GeneralHostInfoEvent on its host (its port group's Network, its VDS, where it names one). */
export function hostEventDraft(env: EventEnvelope, host: (name: string) => EntityName, dvs: (name: string) => EntityName): EventDraft | undefined {
  const e = toDomainEvent(env);
  if (!isHostEvent(e)) return undefined;
  const text = message(e);
  const net: EntityName | undefined = "portgroup" in e.data ? { kind: "network", name: e.data.portgroup } : undefined;
  const vds = e.type === "ProxySwitchUplinkChanged" ? dvs(e.data.vds) : undefined;
  return {
    type: "GeneralHostInfoEvent",
    host: host(e.data.host),
    ...(net ? { net } : {}),
    ...(vds ? { dvs: vds } : {}),
    props: { message: str(text) },
    names: { message: text },
  };
}
