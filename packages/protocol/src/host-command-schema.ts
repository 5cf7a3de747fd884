import { z } from "zod";
import { CDP_STATUSES, type HostCommand } from "@vdsim/model";
import type { Exact } from "./exact.js";
import { standardPolicyPatchSchema } from "./management-command-schema.js";

// The shape of every command a host agent decides about its own configuration (what esxcli and
// vicfg-* parse to). Names, ranges and addresses are the host decider's to check.

const vmkNicSelectorSchema = z.union([
  z.object({ name: z.string() }),
  z.object({ portgroup: z.string() }),
  z.object({ vds: z.string(), portKey: z.string() }),
]);

const vmkNicTargetSchema = z.union([z.object({ portgroup: z.string() }), z.object({ vds: z.string(), portKey: z.string() })]);

const ipv4ConfigSchema = z.object({ address: z.string(), netmask: z.string() });

const vmkNicServicesPatchSchema = z.object({
  management: z.boolean().optional(),
  vmotion: z.boolean().optional(),
  faultToleranceLogging: z.boolean().optional(),
  vSphereReplication: z.boolean().optional(),
  vSphereReplicationNFC: z.boolean().optional(),
  vSphereProvisioning: z.boolean().optional(),
  vsan: z.boolean().optional(),
});

export const hostCommandSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("AddStandardSwitch"), vswitch: z.string(), numPorts: z.number().optional(), mtu: z.number().optional() }),
  z.object({ type: z.literal("RemoveStandardSwitch"), vswitch: z.string() }),
  z.object({
    type: z.literal("SetStandardSwitch"),
    vswitch: z.string(),
    numPorts: z.number().optional(),
    mtu: z.number().optional(),
    cdpStatus: z.enum(CDP_STATUSES).optional(),
  }),
  z.object({ type: z.literal("AddStandardSwitchUplink"), vswitch: z.string(), uplink: z.string() }),
  z.object({ type: z.literal("RemoveStandardSwitchUplink"), vswitch: z.string(), uplink: z.string() }),
  z.object({ type: z.literal("SetStandardSwitchPolicy"), vswitch: z.string(), patch: standardPolicyPatchSchema }),
  z.object({ type: z.literal("AddStandardPortGroup"), vswitch: z.string(), portgroup: z.string(), vlan: z.number().optional() }),
  z.object({ type: z.literal("RemoveStandardPortGroup"), portgroup: z.string(), vswitch: z.string().optional() }),
  z.object({ type: z.literal("SetStandardPortGroupVlan"), portgroup: z.string(), vlan: z.number(), vswitch: z.string().optional() }),
  z.object({ type: z.literal("SetStandardPortGroupPolicy"), portgroup: z.string(), patch: standardPolicyPatchSchema }),
  z.object({ type: z.literal("AddStandardPortGroupUplink"), portgroup: z.string(), uplink: z.string(), vswitch: z.string().optional() }),
  z.object({ type: z.literal("RemoveStandardPortGroupUplink"), portgroup: z.string(), uplink: z.string(), vswitch: z.string().optional() }),
  z.object({
    type: z.literal("AddVmkNic"),
    vmknic: z.string().optional(),
    target: vmkNicTargetSchema,
    ipv4: ipv4ConfigSchema.optional(),
    mtu: z.number().optional(),
  }),
  z.object({ type: z.literal("RemoveVmkNic"), vmknic: vmkNicSelectorSchema }),
  z.object({ type: z.literal("SetVmkNic"), vmknic: vmkNicSelectorSchema, enabled: z.boolean().optional(), mtu: z.number().optional() }),
  z.object({ type: z.literal("SetVmkNicIpv4"), vmknic: vmkNicSelectorSchema, ipv4: ipv4ConfigSchema.nullable() }),
  vmkNicServicesPatchSchema.extend({ type: z.literal("SetVmkNicServices"), vmknic: vmkNicSelectorSchema }),
  z.object({ type: z.literal("AddIpv4Route"), network: z.string(), netmask: z.string(), gateway: z.string() }),
  z.object({ type: z.literal("RemoveIpv4Route"), network: z.string(), netmask: z.string(), gateway: z.string().optional() }),
  z.object({ type: z.literal("AddProxySwitchUplink"), vds: z.string(), uplink: z.string(), pnic: z.string() }),
  z.object({ type: z.literal("RemoveProxySwitchUplink"), vds: z.string(), uplink: z.string(), pnic: z.string() }),
]);

true satisfies Exact<HostCommand, typeof hostCommandSchema>;
