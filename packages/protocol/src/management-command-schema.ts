import { z } from "zod";
import { LOAD_BALANCING, type ManagementCommand, type MigrationOutcome } from "@vdsim/model";
import type { Exact } from "./exact.js";

// The shape of every command the management service decides. Whether the names exist, the numbers
// are in range and the change is allowed is the decider's to say; this only says what a body must hold.

export const vlanSpecSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("none") }),
  z.object({ kind: z.literal("vlan"), id: z.number() }),
  z.object({ kind: z.literal("trunk"), ranges: z.array(z.tuple([z.number(), z.number()])) }),
]);

/** The settings a standard switch or port group patch may carry: the distributed patch without VLAN and blocking. */
export const standardPolicyPatchSchema = z.object({
  allowPromiscuous: z.boolean().optional(),
  allowMacChanges: z.boolean().optional(),
  allowForgedTransmits: z.boolean().optional(),
  averageKbps: z.number().optional(),
  peakKbps: z.number().optional(),
  burstKB: z.number().optional(),
  shapingEnabled: z.boolean().optional(),
  loadBalancing: z.enum(LOAD_BALANCING).optional(),
  activeUplinks: z.array(z.string()).optional(),
  standbyUplinks: z.array(z.string()).optional(),
  notifySwitches: z.boolean().optional(),
  failback: z.boolean().optional(),
});

/** One direction's shaping (vSphere sets inShapingPolicy and outShapingPolicy apart). */
const shapingPatchSchema = z.object({
  enabled: z.boolean().optional(),
  averageKbps: z.number().optional(),
  peakKbps: z.number().optional(),
  burstKB: z.number().optional(),
});

export const portGroupPolicyPatchSchema = standardPolicyPatchSchema.extend({
  vlan: vlanSpecSchema.optional(),
  blocked: z.boolean().optional(),
  ingressShaping: shapingPatchSchema.optional(),
  egressShaping: shapingPatchSchema.optional(),
});

const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);

const portDriftItemSchema = z.object({
  nic: z.number(),
  portgroup: z.string(),
  setting: z.string(),
  source: scalar,
  destination: scalar,
});

/** A migration's outcome is the vMotion machine's own report: checked as an object, its insides are the machine's. */
const migrationOutcomeSchema = z.custom<MigrationOutcome>((v) => typeof v === "object" && v !== null && !Array.isArray(v), {
  message: "expected a migration outcome (an object)",
});

export const migrationCommandSchemas = [
  z.object({
    type: z.literal("RequestMigration"),
    migration: z.string(),
    vm: z.string(),
    destination: z.string(),
    memoryMB: z.number().optional(),
    dirtyRateMBps: z.number().optional(),
  }),
  z.object({ type: z.literal("ReserveMigrationDestination"), migration: z.string() }),
  z.object({ type: z.literal("RecordMigrationProgress"), migration: z.string(), phase: z.string(), progress: z.number(), snapshot: z.unknown() }),
  z.object({ type: z.literal("CommitMigration"), migration: z.string(), drift: z.array(portDriftItemSchema) }),
  z.object({
    type: z.literal("EndMigration"),
    migration: z.string(),
    result: z.enum(["completed", "rolledBack", "failed"]),
    outcome: migrationOutcomeSchema,
  }),
] as const;

export const managementCommandSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("RegisterHost"), host: z.string(), pnics: z.array(z.string()) }),
  z.object({
    type: z.literal("CreateDistributedSwitch"),
    vds: z.string(),
    uplinks: z.number().optional(),
    mtu: z.number().optional(),
    maxPorts: z.number().optional(),
  }),
  z.object({ type: z.literal("ReconfigureDistributedSwitch"), vds: z.string(), mtu: z.number() }),
  z.object({ type: z.literal("RemoveDistributedSwitch"), vds: z.string() }),
  z.object({ type: z.literal("AddHostToDistributedSwitch"), vds: z.string(), host: z.string(), pnics: z.array(z.string()).optional() }),
  z.object({ type: z.literal("RemoveHostFromDistributedSwitch"), vds: z.string(), host: z.string() }),
  z.object({
    type: z.literal("AddDistributedPortGroup"),
    vds: z.string(),
    portgroup: z.string(),
    vlan: vlanSpecSchema.optional(),
    ports: z.number().optional(),
  }),
  z.object({ type: z.literal("SetDistributedPortGroupPolicy"), vds: z.string(), portgroup: z.string(), patch: portGroupPolicyPatchSchema }),
  z.object({ type: z.literal("RemoveDistributedPortGroup"), vds: z.string(), portgroup: z.string() }),
  z.object({
    type: z.literal("CreateVm"),
    vm: z.string(),
    host: z.string(),
    networks: z.array(z.string()),
    memoryMB: z.number().optional(),
    dirtyRateMBps: z.number().optional(),
  }),
  z.object({ type: z.literal("RemoveVm"), vm: z.string() }),
  ...migrationCommandSchemas,
]);

true satisfies Exact<ManagementCommand, typeof managementCommandSchema>;
