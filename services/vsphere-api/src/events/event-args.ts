import { bool, data, dateTime, int, mor, str, type DataValue, type MoRef, type VimValue } from "../soap/values.js";
import type { InventoryContext } from "../inventory/context.js";
import { CLUSTER_NAME, DATACENTER_NAME, REFS } from "../inventory/refs.js";
import { EVENT_TYPES, formatMessage } from "./event-types.js";

/** An entity an event names, as the log names it; its reference is found when the event is first read. */
export type EntityName =
  | { readonly kind: "host"; readonly name: string; readonly ref: MoRef }
  | { readonly kind: "vm"; readonly name: string }
  | { readonly kind: "dvs"; readonly name: string; readonly ref: MoRef }
  | { readonly kind: "portgroup"; readonly name: string; readonly ref: MoRef }
  /** a standard port group: the Network of that name */
  | { readonly kind: "network"; readonly name: string }
  | { readonly kind: "folder"; readonly name: string; readonly ref: MoRef };

/** What one vSphere event says, before its references are resolved. */
export interface EventDraft {
  readonly type: string;
  readonly host?: EntityName;
  readonly vm?: EntityName;
  readonly dvs?: EntityName;
  readonly net?: EntityName;
  /** type-specific event arguments (hostJoined, destHost, sourceHost, parent) */
  readonly extra?: Readonly<Record<string, EntityName>>;
  /** type-specific plain properties (message, configSpec, reason, template) */
  readonly props?: Readonly<Record<string, VimValue>>;
  /** what {message} and the like stand for in the type's template */
  readonly names?: Readonly<Record<string, string>>;
}

/** A vSphere event as the collectors read it: the value on the wire and the entities it names (for entity filters). */
export interface RenderedEvent {
  readonly value: DataValue;
  /** every entity in its arguments: datacenter, computeResource, host, vm, net, dvs */
  readonly refs: readonly MoRef[];
  readonly hasHost: boolean;
  readonly hasVm: boolean;
  readonly hasNetwork: boolean;
}

const ARG_TYPE: Readonly<Record<EntityName["kind"], { type: string; prop: string }>> = {
  host: { type: "HostEventArgument", prop: "host" },
  vm: { type: "VmEventArgument", prop: "vm" },
  dvs: { type: "DvsEventArgument", prop: "dvs" },
  portgroup: { type: "NetworkEventArgument", prop: "network" },
  network: { type: "NetworkEventArgument", prop: "network" },
  folder: { type: "FolderEventArgument", prop: "folder" },
};

function refOf(ctx: InventoryContext, e: EntityName): MoRef {
  switch (e.kind) {
    case "vm":
      return ctx.vmRef(e.name);
    case "network":
      return ctx.networkRef(e.name);
    default:
      return e.ref;
  }
}

function argument(ctx: InventoryContext, e: EntityName): { value: VimValue; ref: MoRef } {
  const { type, prop } = ARG_TYPE[e.kind];
  const ref = refOf(ctx, e);
  return { value: data(type, { name: str(e.name), [prop]: mor(ref) }), ref };
}

export interface EventHeader {
  readonly key: number;
  readonly chainId: number;
  readonly createdTime: Date;
  readonly userName: string;
}

/**
 * The event as pyVmomi reads it: the Event's own properties in the schema's order (key, chainId,
 * createdTime, userName, datacenter, computeResource, host, vm, net, dvs, fullFormattedMessage),
 * then the type's own.
 */
export function renderEvent(ctx: InventoryContext, h: EventHeader, d: EventDraft): RenderedEvent {
  const info = EVENT_TYPES[d.type];
  if (!info) throw new Error(`vdsim produces no vSphere event of type ${d.type}`);
  const names: Record<string, string> = { "datacenter.name": DATACENTER_NAME, "ds.name": "datastore1", "destDatastore.name": "datastore1", "sourceDatastore.name": "datastore1", ...d.names };
  const refs: MoRef[] = [REFS.datacenter];
  const arg = (e: EntityName | undefined, label: string): VimValue | undefined => {
    if (!e) return undefined;
    const a = argument(ctx, e);
    names[`${label}.name`] = e.name;
    refs.push(a.ref);
    return a.value;
  };
  const onCluster = d.host !== undefined || d.vm !== undefined;
  if (onCluster) refs.push(REFS.cluster);
  const props: Record<string, VimValue | undefined> = {
    key: int(h.key),
    chainId: int(h.chainId),
    createdTime: dateTime(h.createdTime),
    userName: str(h.userName),
    datacenter: data("DatacenterEventArgument", { name: str(DATACENTER_NAME), datacenter: mor(REFS.datacenter) }),
    computeResource: onCluster ? data("ComputeResourceEventArgument", { name: str(CLUSTER_NAME), computeResource: mor(REFS.cluster) }) : undefined,
    host: arg(d.host, "host"),
    vm: arg(d.vm, "vm"),
    net: arg(d.net, "net"),
    dvs: arg(d.dvs, "dvs"),
  };
  const own: Record<string, VimValue | undefined> = {};
  if (d.type.startsWith("Vm")) own["template"] = bool(false);
  for (const [label, e] of Object.entries(d.extra ?? {})) {
    const a = argument(ctx, e);
    names[`${label}.name`] = e.name;
    own[label] = a.value;
  }
  Object.assign(own, d.props);
  props["fullFormattedMessage"] = str(formatMessage(info.fullFormat, names));
  return {
    value: data(d.type, { ...props, ...own }),
    refs,
    hasHost: d.host !== undefined,
    hasVm: d.vm !== undefined,
    hasNetwork: d.net !== undefined || d.dvs !== undefined,
  };
}
