import { array, data, str, type VimValue } from "../soap/values.js";

/** How vCenter files an event (EventDescription.EventCategory). */
export type EventCategory = "info" | "warning" | "error" | "user";

interface EventTypeInfo {
  /** the vim25 base type (a filter's `type` names a base to match its subtypes) */
  readonly parent: string;
  readonly category: EventCategory;
  readonly description: string;
  /** vCenter's message templates: the full one, and the ones shown below a datacenter, a compute resource, a host, a VM */
  readonly fullFormat: string;
  readonly onDatacenter: string;
  readonly onComputeResource: string;
  readonly onHost: string;
  readonly onVm: string;
}

/** The abstract bases between Event and the types vdsim produces (pyVmomi's ServerObjects). */
const BASES: Readonly<Record<string, string>> = {
  DvsEvent: "Event",
  DVPortgroupEvent: "Event",
  VmEvent: "Event",
  HostEvent: "Event",
  GeneralEvent: "Event",
};

const DC = "{datacenter.name}";
const sameFormats = (full: string, onDatacenter: string): Pick<EventTypeInfo, "fullFormat" | "onDatacenter" | "onComputeResource" | "onHost" | "onVm"> => ({
  fullFormat: full,
  onDatacenter,
  onComputeResource: onDatacenter,
  onHost: onDatacenter,
  onVm: onDatacenter,
});

/**
 * Every event type vdsim produces, with vCenter's wording of its message (the en catalog's
 * templates: {vm.name}, {host.name}, ... name the event's arguments).
 */
export const EVENT_TYPES: Readonly<Record<string, EventTypeInfo>> = {
  HostAddedEvent: {
    parent: "HostEvent",
    category: "info",
    description: "Host Added",
    fullFormat: `Added host {host.name} to datacenter ${DC}`,
    onDatacenter: "Added host {host.name}",
    onComputeResource: "Added host {host.name}",
    onHost: "Added host",
    onVm: "",
  },
  HostConnectionLostEvent: {
    parent: "HostEvent",
    category: "error",
    description: "Host connection lost",
    fullFormat: `Host {host.name} in ${DC} is not responding`,
    onDatacenter: "Host {host.name} is not responding",
    onComputeResource: "Host {host.name} is not responding",
    onHost: "Host is not responding",
    onVm: "",
  },
  HostReconnectionFailedEvent: {
    parent: "HostEvent",
    category: "error",
    description: "Cannot reconnect to host",
    fullFormat: `Cannot reconnect to {host.name} in ${DC}`,
    onDatacenter: "Cannot reconnect to {host.name}",
    onComputeResource: "Cannot reconnect to {host.name}",
    onHost: "Cannot reconnect to host",
    onVm: "",
  },
  HostConnectedEvent: {
    parent: "HostEvent",
    category: "info",
    description: "Host connected",
    fullFormat: `Connected to {host.name} in ${DC}`,
    onDatacenter: "Connected to {host.name}",
    onComputeResource: "Connected to {host.name}",
    onHost: "Connected",
    onVm: "",
  },
  DvsCreatedEvent: {
    parent: "DvsEvent",
    category: "info",
    description: "vSphere Distributed Switch created",
    ...sameFormats(`A vSphere Distributed Switch {dvs.name} was created in ${DC}.`, "A vSphere Distributed Switch {dvs.name} was created."),
  },
  DvsReconfiguredEvent: {
    parent: "DvsEvent",
    category: "info",
    description: "vSphere Distributed Switch reconfigured",
    ...sameFormats(`The vSphere Distributed Switch {dvs.name} in ${DC} was reconfigured.`, "The vSphere Distributed Switch {dvs.name} was reconfigured."),
  },
  DvsDestroyedEvent: {
    parent: "DvsEvent",
    category: "info",
    description: "vSphere Distributed Switch deleted",
    ...sameFormats(`vSphere Distributed Switch {dvs.name} in ${DC} was deleted.`, "vSphere Distributed Switch {dvs.name} was deleted."),
  },
  DvsHostJoinedEvent: {
    parent: "DvsEvent",
    category: "info",
    description: "Host joined the vSphere Distributed Switch",
    ...sameFormats(
      `The host {hostJoined.name} joined the vSphere Distributed Switch {dvs.name} in ${DC}.`,
      "The host {hostJoined.name} joined the vSphere Distributed Switch {dvs.name}.",
    ),
  },
  DvsHostLeftEvent: {
    parent: "DvsEvent",
    category: "info",
    description: "Host left vSphere Distributed Switch",
    ...sameFormats(`The host {hostLeft.name} left the vSphere Distributed Switch {dvs.name} in ${DC}.`, "The host {hostLeft.name} left the vSphere Distributed Switch {dvs.name}."),
  },
  DVPortgroupCreatedEvent: {
    parent: "DVPortgroupEvent",
    category: "info",
    description: "dvPort group created",
    ...sameFormats(`dvPort group {net.name} in ${DC} was added to switch {dvs.name}.`, "dvPort group {net.name} was added to switch {dvs.name}."),
  },
  DVPortgroupReconfiguredEvent: {
    parent: "DVPortgroupEvent",
    category: "info",
    description: "dvPort group reconfigured",
    ...sameFormats(`dvPort group {net.name} in ${DC} was reconfigured.`, "dvPort group {net.name} was reconfigured."),
  },
  DVPortgroupDestroyedEvent: {
    parent: "DVPortgroupEvent",
    category: "info",
    description: "dvPort group deleted",
    ...sameFormats(`dvPort group {net.name} in ${DC} was deleted.`, "dvPort group {net.name} was deleted."),
  },
  VmCreatedEvent: {
    parent: "VmEvent",
    category: "info",
    description: "VM created",
    fullFormat: `Created virtual machine {vm.name} on {host.name} in ${DC}`,
    onDatacenter: "Created virtual machine {vm.name} on {host.name}",
    onComputeResource: "Created virtual machine {vm.name} on {host.name}",
    onHost: "Created virtual machine {vm.name}",
    onVm: "Virtual machine created",
  },
  VmRemovedEvent: {
    parent: "VmEvent",
    category: "info",
    description: "VM removed",
    fullFormat: `Removed {vm.name} on {host.name} from ${DC}`,
    onDatacenter: "Removed {vm.name} on {host.name}",
    onComputeResource: "Removed {vm.name} on {host.name}",
    onHost: "Removed {vm.name}",
    onVm: "Removed",
  },
  VmBeingHotMigratedEvent: {
    parent: "VmEvent",
    category: "info",
    description: "VM is hot migrating",
    fullFormat: `Migrating {vm.name} from {host.name}, {ds.name} to {destHost.name}, {destDatastore.name} in ${DC}`,
    onDatacenter: "Migrating {vm.name} from {host.name}, {ds.name} to {destHost.name}, {destDatastore.name}",
    onComputeResource: "Migrating {vm.name} from {host.name}, {ds.name} to {destHost.name}, {destDatastore.name}",
    onHost: "Migrating {vm.name} to {destHost.name}, {destDatastore.name}",
    onVm: "Migrating off host {host.name}, {ds.name} to {destHost.name}, {destDatastore.name}",
  },
  VmMigratedEvent: {
    parent: "VmEvent",
    category: "info",
    description: "VM migrated",
    fullFormat: "Migration of virtual machine {vm.name} from {sourceHost.name}, {sourceDatastore.name} to {host.name}, {ds.name} completed",
    onDatacenter: "Migration of virtual machine {vm.name} from {sourceHost.name}, {sourceDatastore.name} to {host.name}, {ds.name} completed",
    onComputeResource: "Migration of virtual machine {vm.name} from {sourceHost.name}, {sourceDatastore.name} to {host.name}, {ds.name} completed",
    onHost: "Migration of virtual machine {vm.name} from {sourceHost.name}, {sourceDatastore.name} completed",
    onVm: "Migration from {sourceHost.name}, {sourceDatastore.name} to {host.name}, {ds.name} completed",
  },
  VmFailedMigrateEvent: {
    parent: "VmEvent",
    category: "error",
    description: "Cannot migrate VM",
    fullFormat: `Cannot migrate {vm.name} from {host.name}, {ds.name} to {destHost.name}, {destDatastore.name} in ${DC}`,
    onDatacenter: "Cannot migrate {vm.name} from {host.name}, {ds.name} to {destHost.name}, {destDatastore.name}",
    onComputeResource: "Cannot migrate {vm.name} from {host.name}, {ds.name} to {destHost.name}, {destDatastore.name}",
    onHost: "Cannot migrate {vm.name} to {destHost.name}, {destDatastore.name}",
    onVm: "Cannot migrate from {host.name}, {ds.name} to {destHost.name}, {destDatastore.name}",
  },
  GeneralHostInfoEvent: {
    parent: "GeneralEvent",
    category: "info",
    description: "Host information",
    ...sameFormats("General event: {message}", "General event: {message}"),
  },
};

/** The type and its bases up to Event, nearest first; undefined for a type vdsim does not produce. */
export function eventTypeChain(type: string): string[] | undefined {
  const info = EVENT_TYPES[type];
  if (!info) return undefined;
  const chain = [type];
  for (let t: string | undefined = info.parent; t !== undefined; t = BASES[t]) chain.push(t);
  return chain;
}

/** Whether an event of `type` is a `base` ("VmEvent" matches VmMigratedEvent; "Event" matches every one). */
export function isEventOf(type: string, base: string): boolean {
  return eventTypeChain(type)?.includes(base) ?? false;
}

/** The names a client may pass in a filter's `type` (pyVmomi writes the wsdl name; a "vim.event." prefix is dropped). */
export function eventTypeName(name: string): string {
  return name.replace(/^vim\.event\./, "");
}

const CATEGORIES: readonly [EventCategory, string][] = [
  ["info", "Information"],
  ["warning", "Warning"],
  ["error", "Error"],
  ["user", "User"],
];

/** EventManager.description: the categories and an EventDescriptionEventDetail for every type vdsim produces. */
export function eventDescription(): VimValue {
  return data("EventDescription", {
    category: array(
      "ElementDescription",
      CATEGORIES.map(([key, label]) => data("ElementDescription", { label: str(label), summary: str(label), key: str(key) })),
    ),
    eventInfo: array(
      "EventDescriptionEventDetail",
      Object.entries(EVENT_TYPES).map(([key, t]) =>
        data("EventDescriptionEventDetail", {
          key: str(key),
          description: str(t.description),
          category: str(t.category),
          formatOnDatacenter: str(t.onDatacenter),
          formatOnComputeResource: str(t.onComputeResource),
          formatOnHost: str(t.onHost),
          formatOnVm: str(t.onVm),
          fullFormat: str(t.fullFormat),
        }),
      ),
    ),
  });
}

/** Fills a template's {arg.name} and {message} from the names the event carries. */
export function formatMessage(template: string, names: Readonly<Record<string, string>>): string {
  return template.replace(/\{([A-Za-z.]+)\}/g, (whole, key: string) => names[key] ?? whole);
}
