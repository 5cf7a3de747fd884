import { z } from "zod";
import { LOAD_BALANCING } from "@vdsim/model";

// The topology file: what `vdsim apply` converges a cluster to and `vdsim export` writes.
// Objects are maps keyed by their vSphere name, so a name appears once and errors point at it.

const name = z.string().min(1, "must not be empty");
const nameList = z.array(name);
const ipv4 = z.string().regex(/^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/, "must be an IPv4 address such as 192.168.50.1");

/** 0 untagged, 1-4094 one VLAN, or a trunk such as "100-200,300" (distributed port groups only). */
const distributedVlan = z.union([z.int().min(0).max(4094), z.string().regex(/^\s*\d+(\s*-\s*\d+)?(\s*,\s*\d+(\s*-\s*\d+)?)*\s*$/, "must be a VLAN ID 0-4094 or a trunk such as 100-200,300")]);

export const SecuritySpec = z.strictObject({
  allowPromiscuous: z.boolean().optional(),
  allowMacChanges: z.boolean().optional(),
  allowForgedTransmits: z.boolean().optional(),
});

export const ShapingSpec = z.strictObject({
  enabled: z.boolean().optional(),
  /** kbit/s */
  averageKbps: z.int().positive().optional(),
  peakKbps: z.int().positive().optional(),
  burstKB: z.int().positive().optional(),
});

export const TeamingSpec = z.strictObject({
  loadBalancing: z.enum(LOAD_BALANCING).optional(),
  activeUplinks: nameList.optional(),
  standbyUplinks: nameList.optional(),
  notifySwitches: z.boolean().optional(),
  failback: z.boolean().optional(),
});

/** A distributed port group: its size and the policy sections that differ from vSphere's defaults. */
export const DistributedPortGroupSpec = z.strictObject({
  vlan: distributedVlan.optional(),
  ports: z.int().min(1).max(8192).optional(),
  security: SecuritySpec.optional(),
  /** ingress and egress alike, as `vdsim vds portgroup set` sets them */
  shaping: ShapingSpec.optional(),
  teaming: TeamingSpec.optional(),
  blocked: z.boolean().optional(),
});

export const DistributedSwitchSpec = z.strictObject({
  uplinks: z.int().min(1).max(32).optional(),
  mtu: z.int().min(1280).max(9000).optional(),
  maxPorts: z.int().min(1).max(60_000).optional(),
  /** member hosts, each with the vmnics backing uplink1, uplink2, ... in order */
  hosts: z.record(name, nameList.nullable()).optional(),
  portGroups: z.record(name, DistributedPortGroupSpec.nullable()).optional(),
});

/** The sections a standard port group overrides (each given section becomes an override; teaming uplinks are vmnics). */
export const StandardPortGroupSpec = z.strictObject({
  /** 0 untagged, 1-4094, 4095 every VLAN */
  vlan: z.int().min(0).max(4095).optional(),
  security: SecuritySpec.optional(),
  shaping: ShapingSpec.optional(),
  teaming: TeamingSpec.optional(),
});

export const StandardSwitchSpec = z.strictObject({
  ports: z.int().min(8).max(4088).optional(),
  mtu: z.int().min(1280).max(9000).optional(),
  /** vmnics linked to the switch, in order */
  uplinks: nameList.optional(),
  /** the switch's policy, which its port groups inherit: the fields given are set, the rest stay */
  security: SecuritySpec.optional(),
  shaping: ShapingSpec.optional(),
  teaming: TeamingSpec.optional(),
  portGroups: z.record(name, StandardPortGroupSpec.nullable()).optional(),
});

export const VmkNicSpec = z.strictObject({
  /** the standard port group it plugs into */
  portGroup: name,
  ip: ipv4.optional(),
  netmask: ipv4.optional(),
  mtu: z.int().min(1280).max(9000).optional(),
  enabled: z.boolean().optional(),
  vmotion: z.boolean().optional(),
  management: z.boolean().optional(),
});

/** A host's own configuration (the host agent decides it): created or updated by apply, never removed. */
export const HostSpec = z.strictObject({
  standardSwitches: z.record(name, StandardSwitchSpec.nullable()).optional(),
  vmknics: z.record(z.string().regex(/^vmk\d+$/, "must be named vmkN"), VmkNicSpec).optional(),
});

export const VmSpec = z.strictObject({
  host: name,
  /** port group names: distributed, or standard on the VM's host; one vNIC each */
  networks: nameList.min(1, "a VM needs at least one network"),
  memoryMB: z.int().positive().optional(),
  dirtyRateMBps: z.int().nonnegative().optional(),
});

/**
 * A whole topology. `hosts` must name hosts the cluster runs. A map that is given is the whole
 * truth for what it holds (distributed switches, their port groups and members, VMs): apply
 * removes what it does not list. A map left out leaves that kind of object alone.
 */
export const TopologySpec = z.strictObject({
  hosts: z.record(name, HostSpec.nullable()).optional(),
  distributedSwitches: z.record(name, DistributedSwitchSpec.nullable()).optional(),
  vms: z.record(name, VmSpec).optional(),
});

export type Topology = z.infer<typeof TopologySpec>;
export type HostTopology = z.infer<typeof HostSpec>;
export type DistributedSwitchTopology = z.infer<typeof DistributedSwitchSpec>;
export type DistributedPortGroupTopology = z.infer<typeof DistributedPortGroupSpec>;
export type StandardSwitchTopology = z.infer<typeof StandardSwitchSpec>;
export type StandardPortGroupTopology = z.infer<typeof StandardPortGroupSpec>;
export type VmkNicTopology = z.infer<typeof VmkNicSpec>;
export type VmTopology = z.infer<typeof VmSpec>;
