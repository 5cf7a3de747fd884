import { z } from "zod";
import type { DomainEvent, EventType } from "./events.js";
import { LOAD_BALANCING } from "./policy.js";

// The shape of every event's data at its current schema version: what a follower checks an
// event against before it folds it. Typed against the event interfaces, so the two cannot drift.

type DataOf<T extends EventType> = Extract<DomainEvent, { type: T }>["data"];

const name = z.string();
const names = z.array(name);
const count = z.number().int().nonnegative();

const vlan = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("none") }),
  z.object({ kind: z.literal("vlan"), id: count }),
  z.object({ kind: z.literal("trunk"), ranges: z.array(z.tuple([count, count])) }),
]);
const security = z.object({ allowPromiscuous: z.boolean(), allowMacChanges: z.boolean(), allowForgedTransmits: z.boolean() });
const shaping = z.object({ enabled: z.boolean(), averageKbps: z.number(), peakKbps: z.number(), burstKB: z.number() });
const teaming = z.object({
  loadBalancing: z.enum(LOAD_BALANCING),
  activeUplinks: names,
  standbyUplinks: names,
  notifySwitches: z.boolean(),
  failback: z.boolean(),
});
const policy = z.object({ vlan, security, ingressShaping: shaping, egressShaping: shaping, teaming, blocked: z.boolean() });
const vnic = z.object({
  index: count,
  mac: name,
  portgroup: name,
  vds: name.optional(),
  portKey: name.optional(),
  vswitch: name.optional(),
});
const standardPolicy = z.object({ security, shaping, teaming });
const ipv4 = z.object({ address: name, netmask: name }).nullable();
const services = z.object({
  management: z.boolean(),
  vmotion: z.boolean(),
  faultToleranceLogging: z.boolean(),
  vSphereReplication: z.boolean(),
  vSphereReplicationNFC: z.boolean(),
  vSphereProvisioning: z.boolean(),
  vsan: z.boolean(),
});
const driftValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const result = z.enum(["completed", "rolledBack", "failed"]);
const migrationId = { migration: name };

// What the folds read of a migration's outcome; the rest of the machine's report rides along as written.
const outcome = z.looseObject({
  migrationId: name,
  vm: name,
  source: name,
  destination: name,
  result,
  startedAt: z.number(),
  endedAt: z.number(),
  totalMs: z.number(),
  timeline: z.array(z.looseObject({ phase: name, at: z.number() })),
  drift: z.array(z.unknown()),
  rollbackReason: z.looseObject({ kind: name }).nullable(),
});

const SCHEMAS = {
  HostAdded: z.object({ host: name, pnics: names }),
  DistributedSwitchCreated: z.object({
    vds: name,
    uplinks: names,
    mtu: count,
    maxPorts: count,
    uplinkPortGroup: z.object({ portgroup: name, key: name }),
  }),
  DistributedSwitchReconfigured: z.object({ vds: name, mtu: count }),
  DistributedSwitchRemoved: z.object({ vds: name }),
  HostAddedToDistributedSwitch: z.object({ vds: name, host: name, uplinks: z.record(name, name), uplinkPorts: z.record(name, name) }),
  HostRemovedFromDistributedSwitch: z.object({ vds: name, host: name }),
  DistributedPortGroupAdded: z.object({ vds: name, portgroup: name, key: name, portKeys: names, policy }),
  DistributedPortGroupPolicyChanged: z.object({ vds: name, portgroup: name, changes: policy.partial() }),
  DistributedPortGroupRemoved: z.object({ vds: name, portgroup: name }),
  VmCreated: z.object({ vm: name, host: name, nics: z.array(vnic), memoryMB: z.number().optional(), dirtyRateMBps: z.number().optional() }),
  VmRemoved: z.object({ vm: name }),
  MigrationRequested: z.object({ ...migrationId, vm: name, source: name, destination: name, memoryMB: z.number(), dirtyRateMBps: z.number() }),
  MigrationDestinationReserved: z.object({
    ...migrationId,
    destination: name,
    ports: z.array(z.object({ nic: count, portgroup: name, vds: name.optional(), portKey: name.optional(), vswitch: name.optional() })),
  }),
  MigrationProgressed: z.object({ ...migrationId, phase: name, progress: z.number(), snapshot: z.unknown() }),
  VmMigrated: z.object({
    ...migrationId,
    vm: name,
    source: name,
    destination: name,
    nics: z.array(vnic),
    drift: z.array(z.object({ nic: count, portgroup: name, setting: name, source: driftValue, destination: driftValue })),
  }),
  MigrationEnded: z.object({ ...migrationId, result, outcome: outcome as unknown as z.ZodType<DataOf<"MigrationEnded">["outcome"]> }),
  StandardSwitchAdded: z.object({ host: name, vswitch: name, numPorts: count, mtu: count, policy: standardPolicy }),
  StandardSwitchRemoved: z.object({ host: name, vswitch: name }),
  StandardSwitchReconfigured: z.object({
    host: name,
    vswitch: name,
    numPorts: count,
    mtu: count,
    cdpStatus: z.enum(["down", "listen", "advertise", "both"]),
  }),
  StandardSwitchUplinkAdded: z.object({ host: name, vswitch: name, uplink: name }),
  StandardSwitchUplinkRemoved: z.object({ host: name, vswitch: name, uplink: name }),
  StandardSwitchPolicyChanged: z.object({ host: name, vswitch: name, policy: standardPolicy }),
  StandardPortGroupAdded: z.object({ host: name, vswitch: name, portgroup: name, vlan: count }),
  StandardPortGroupRemoved: z.object({ host: name, vswitch: name, portgroup: name }),
  StandardPortGroupChanged: z.object({
    host: name,
    vswitch: name,
    portgroup: name,
    vlan: count,
    overrides: z.object({ security: security.nullable(), shaping: shaping.nullable(), teaming: teaming.nullable() }),
  }),
  VmkNicAdded: z.object({
    host: name,
    vmknic: name,
    mac: name,
    mtu: count,
    enabled: z.boolean(),
    ipv4,
    services,
    connection: z.discriminatedUnion("kind", [
      z.object({ kind: z.literal("standard"), vswitch: name, portgroup: name }),
      z.object({ kind: z.literal("distributed"), vds: name, portKey: name }),
    ]),
  }),
  VmkNicRemoved: z.object({ host: name, vmknic: name }),
  VmkNicChanged: z.object({ host: name, vmknic: name, mtu: count, enabled: z.boolean(), ipv4, services }),
  ProxySwitchUplinkChanged: z.object({ host: name, vds: name, uplink: name, pnic: name.nullable() }),
  Ipv4RouteAdded: z.object({ host: name, network: name, netmask: name, gateway: name }),
  Ipv4RouteRemoved: z.object({ host: name, network: name, netmask: name }),
} satisfies { readonly [T in EventType]: z.ZodType<DataOf<T>> };

/** The envelope around the data, as every writer stamps it. */
const ENVELOPE = z.object({
  type: name,
  v: z.number().int().positive(),
  time: name,
  id: name,
  correlationId: name,
  causationId: name.optional(),
  // its shape is the type's schema's to check (eventDataProblem): here only that it is an object
  data: z.custom<Record<string, unknown>>((v) => typeof v === "object" && v !== null && !Array.isArray(v), "expected an object"),
});

// each type's whole envelope at its current version: one parse for what nearly every reader reads
const CURRENT = Object.fromEntries(Object.entries(SCHEMAS).map(([type, data]) => [type, z.compile(ENVELOPE.extend({ data }))])) as unknown as {
  readonly [T in EventType]: z.ZodType;
};

/** Why an envelope of a known type at its current version is not one, or undefined when it is (data and all). */
export function currentEnvelopeProblem(type: EventType, raw: unknown): string | undefined {
  const parsed = CURRENT[type].safeParse(raw);
  return parsed.success ? undefined : describeIssues(parsed.error);
}

/** Why a value is not an event envelope, or undefined when it is one (its data not yet checked). */
export function envelopeProblem(raw: unknown): string | undefined {
  const parsed = ENVELOPE.safeParse(raw);
  return parsed.success ? undefined : describeIssues(parsed.error);
}

/** Why `data` is not what an event of `type` carries at the current schema version, or undefined when it is. */
export function eventDataProblem(type: EventType, data: unknown): string | undefined {
  const parsed = SCHEMAS[type].safeParse(data);
  return parsed.success ? undefined : describeIssues(parsed.error, "data");
}

/** "data.vds: expected string, received number; data.mtu: ..." (at most three). */
function describeIssues(error: z.ZodError, root?: string): string {
  const shown = error.issues.slice(0, 3).map((issue) => {
    const path = [...(root ? [root] : []), ...issue.path.map(String)].join(".");
    const message = issue.message.replace(/^Invalid input: /, "");
    return path ? `${path}: ${message}` : message;
  });
  const more = error.issues.length > 3 ? ` (and ${error.issues.length - 3} more)` : "";
  return shown.join("; ") + more;
}
