import type { MigrationEvent } from "./migration/events.js";
import { hostEventAggregate, type HostEvent } from "./host/events.js";
import type { PortGroupPolicy } from "./policy.js";
import type { UplinkPortGroup, VNic } from "./state.js";

/** Every event type with its current schema version. Add a version, never rewrite one. */
export const EVENT_SCHEMA = {
  HostAdded: 1,
  DistributedSwitchCreated: 2,
  DistributedSwitchReconfigured: 1,
  DistributedSwitchRemoved: 1,
  HostAddedToDistributedSwitch: 2,
  HostRemovedFromDistributedSwitch: 1,
  DistributedPortGroupAdded: 1,
  DistributedPortGroupPolicyChanged: 2,
  DistributedPortGroupRemoved: 1,
  VmCreated: 1,
  VmRemoved: 1,
  MigrationRequested: 1,
  MigrationDestinationReserved: 1,
  MigrationProgressed: 1,
  VmMigrated: 1,
  MigrationEnded: 1,
  // host-scoped (host/events.ts)
  StandardSwitchAdded: 1,
  StandardSwitchRemoved: 1,
  StandardSwitchReconfigured: 2,
  StandardSwitchUplinkAdded: 1,
  StandardSwitchUplinkRemoved: 1,
  StandardSwitchPolicyChanged: 1,
  StandardPortGroupAdded: 1,
  StandardPortGroupRemoved: 1,
  StandardPortGroupChanged: 1,
  VmkNicAdded: 2,
  VmkNicRemoved: 1,
  VmkNicChanged: 2,
  ProxySwitchUplinkChanged: 1,
  Ipv4RouteAdded: 1,
  Ipv4RouteRemoved: 1,
} as const satisfies Record<DomainEvent["type"], number>;
export type EventType = keyof typeof EVENT_SCHEMA;

export interface HostAdded {
  readonly type: "HostAdded";
  readonly data: { readonly host: string; readonly pnics: readonly string[] };
}
export interface DistributedSwitchCreated {
  readonly type: "DistributedSwitchCreated";
  /** v2: the switch's uplink port group, "<vds>-DVUplinks-N" (v1 had none; it reads as "<vds>-DVUplinks", key N/A) */
  readonly data: {
    readonly vds: string;
    readonly uplinks: readonly string[];
    readonly mtu: number;
    readonly maxPorts: number;
    readonly uplinkPortGroup: UplinkPortGroup;
  };
}
export interface DistributedSwitchReconfigured {
  readonly type: "DistributedSwitchReconfigured";
  readonly data: { readonly vds: string; readonly mtu: number };
}
export interface DistributedSwitchRemoved {
  readonly type: "DistributedSwitchRemoved";
  readonly data: { readonly vds: string };
}
export interface HostAddedToDistributedSwitch {
  readonly type: "HostAddedToDistributedSwitch";
  /** v2: `uplinkPorts`, the key of the host's dvPort for each uplink (v1 had none: its ports are keyed by uplink name) */
  readonly data: {
    readonly vds: string;
    readonly host: string;
    readonly uplinks: Readonly<Record<string, string>>;
    readonly uplinkPorts: Readonly<Record<string, string>>;
  };
}
export interface HostRemovedFromDistributedSwitch {
  readonly type: "HostRemovedFromDistributedSwitch";
  readonly data: { readonly vds: string; readonly host: string };
}
export interface DistributedPortGroupAdded {
  readonly type: "DistributedPortGroupAdded";
  readonly data: {
    readonly vds: string;
    readonly portgroup: string;
    readonly key: string;
    readonly portKeys: readonly string[];
    readonly policy: PortGroupPolicy;
  };
}
export interface DistributedPortGroupPolicyChanged {
  readonly type: "DistributedPortGroupPolicyChanged";
  /** v2: only the policy sections that changed, with their new values (v1 carried the whole policy) */
  readonly data: {
    readonly vds: string;
    readonly portgroup: string;
    readonly changes: Partial<PortGroupPolicy>;
  };
}
export interface DistributedPortGroupRemoved {
  readonly type: "DistributedPortGroupRemoved";
  readonly data: { readonly vds: string; readonly portgroup: string };
}
export interface VmCreated {
  readonly type: "VmCreated";
  readonly data: {
    readonly vm: string;
    readonly host: string;
    readonly nics: readonly VNic[];
    /** optional since v1: absent means the defaults */
    readonly memoryMB?: number;
    readonly dirtyRateMBps?: number;
  };
}
export interface VmRemoved {
  readonly type: "VmRemoved";
  readonly data: { readonly vm: string };
}

/** Events of the management side (vdsim.evt.global.*). */
export type ManagementEvent =
  | HostAdded
  | DistributedSwitchCreated
  | DistributedSwitchReconfigured
  | DistributedSwitchRemoved
  | HostAddedToDistributedSwitch
  | HostRemovedFromDistributedSwitch
  | DistributedPortGroupAdded
  | DistributedPortGroupPolicyChanged
  | DistributedPortGroupRemoved
  | VmCreated
  | VmRemoved
  | MigrationEvent;

export type DomainEvent = ManagementEvent | HostEvent;

/** Who caused an event and when: what the log stores beside its type and data. */
export interface EnvelopeMeta {
  /** schema version of `data` */
  readonly v: number;
  /** ISO-8601, from the command's metadata */
  readonly time: string;
  readonly id: string;
  /** the command or migration that caused this event */
  readonly correlationId: string;
  readonly causationId?: string;
}

/**
 * What the log stores: an event with its metadata. A union over the event types, so that
 * narrowing on `type` narrows `data`: `if (env.type === "VmCreated") env.data.host`.
 */
export type EventEnvelope<E extends DomainEvent = DomainEvent> = E extends DomainEvent ? EnvelopeMeta & Pick<E, "type" | "data"> : never;

/** Metadata every command carries in: time and ids never come from inside the domain. */
export interface CommandMetadata {
  readonly commandId: string;
  readonly time: string;
  readonly causationId?: string;
}

export function envelope(event: DomainEvent, meta: CommandMetadata, index = 0): EventEnvelope {
  return {
    type: event.type,
    v: EVENT_SCHEMA[event.type],
    time: meta.time,
    id: index === 0 ? meta.commandId : `${meta.commandId}.${index}`,
    correlationId: meta.commandId,
    ...(meta.causationId === undefined ? {} : { causationId: meta.causationId }),
    data: event.data,
  } as EventEnvelope;
}

export function toDomainEvent(env: EventEnvelope): DomainEvent {
  return { type: env.type, data: env.data } as DomainEvent;
}

/** Subject of an event in the log: vdsim.evt.global.<aggregate>.<id>, or vdsim.evt.host.<host>.<aggregate>.<id>. */
export function eventSubject(event: DomainEvent): string {
  if (isHostEvent(event)) {
    const { aggregate, id } = hostEventAggregate(event);
    return `${EVENT_SUBJECT_PREFIX}.host.${subjectToken(event.data.host)}.${aggregate}.${subjectToken(id)}`;
  }
  switch (event.type) {
    case "HostAdded":
      return subject("host", event.data.host);
    case "MigrationRequested":
    case "MigrationDestinationReserved":
    case "MigrationProgressed":
    case "VmMigrated":
    case "MigrationEnded":
      return subject("migration", event.data.migration);
    case "VmCreated":
    case "VmRemoved":
      return subject("vm", event.data.vm);
    default:
      return subject("vds", event.data.vds);
  }
}

// A record, not a set, so that adding a host event type without listing it here fails to compile.
const HOST_SCOPED: Readonly<Record<HostEvent["type"], true>> = {
  StandardSwitchAdded: true,
  StandardSwitchRemoved: true,
  StandardSwitchReconfigured: true,
  StandardSwitchUplinkAdded: true,
  StandardSwitchUplinkRemoved: true,
  StandardSwitchPolicyChanged: true,
  StandardPortGroupAdded: true,
  StandardPortGroupRemoved: true,
  StandardPortGroupChanged: true,
  VmkNicAdded: true,
  VmkNicRemoved: true,
  VmkNicChanged: true,
  ProxySwitchUplinkChanged: true,
  Ipv4RouteAdded: true,
  Ipv4RouteRemoved: true,
};

/** Whether an event is host-scoped: written by one host's agent about that host's own configuration. */
export function isHostEvent(event: DomainEvent): event is HostEvent {
  return Object.hasOwn(HOST_SCOPED, event.type);
}

export const EVENT_SUBJECT_PREFIX = "vdsim.evt";

function subject(aggregate: string, id: string): string {
  return `${EVENT_SUBJECT_PREFIX}.global.${aggregate}.${subjectToken(id)}`;
}

const SUBJECT_SAFE = /^[A-Za-z0-9_-]*$/;

/** Object names may hold spaces and dots, which NATS subjects cannot: escape them. */
export function subjectToken(id: string): string {
  if (SUBJECT_SAFE.test(id)) return id;
  return id.replace(/[^A-Za-z0-9_-]/g, (c) => `%${c.charCodeAt(0).toString(16).padStart(2, "0")}`);
}
