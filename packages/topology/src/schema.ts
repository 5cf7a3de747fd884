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
  allowPromiscuous: z.boolean().optional().describe("promiscuous mode: accept (true) or reject"),
  allowMacChanges: z.boolean().optional().describe("MAC address changes: accept (true) or reject"),
  allowForgedTransmits: z.boolean().optional().describe("forged transmits: accept (true) or reject"),
}).describe("security policy");

export const ShapingSpec = z.strictObject({
  enabled: z.boolean().optional().describe("default: on when a bandwidth or burst size is given"),
  averageKbps: z.int().positive().optional().describe("average bandwidth, kbit/s"),
  peakKbps: z.int().positive().optional().describe("peak bandwidth, kbit/s (at least the average)"),
  burstKB: z.int().positive().optional().describe("burst size, KB"),
}).describe("traffic shaping");

export const TeamingSpec = z.strictObject({
  loadBalancing: z.enum(LOAD_BALANCING).optional(),
  activeUplinks: nameList.optional().describe("uplink1.. on a distributed switch, vmnics on a standard one"),
  standbyUplinks: nameList.optional(),
  notifySwitches: z.boolean().optional().describe("send a RARP after a failover or a vMotion"),
  failback: z.boolean().optional(),
}).describe("NIC teaming and failover");

/** A distributed port group: its size and the policy sections that differ from vSphere's defaults. */
export const DistributedPortGroupSpec = z.strictObject({
  vlan: distributedVlan.optional().describe('0 untagged (default), 1-4094, or a trunk such as "100-200,300"'),
  ports: z.int().min(1).max(8192).optional().describe("dvPorts (default 8); fixed once the port group exists"),
  security: SecuritySpec.optional(),
  shaping: ShapingSpec.optional().describe("ingress and egress alike"),
  egressShaping: ShapingSpec.optional().describe("egress only (vSphere's outShapingPolicy), over `shaping`: where the two directions differ"),
  teaming: TeamingSpec.optional(),
  blocked: z.boolean().optional().describe("block every port of the group"),
}).describe("a distributed port group: vSphere's defaults, overridden by the fields given");

export const DistributedSwitchSpec = z.strictObject({
  uplinks: z.int().min(1).max(32).optional().describe("uplink ports uplink1..N (default 2); fixed once the switch exists"),
  mtu: z.int().min(1280).max(9000).optional().describe("default 1500"),
  maxPorts: z.int().min(1).max(60_000).optional().describe("default 8192; fixed once the switch exists"),
  hosts: z
    .record(name, z.array(name.nullable()).nullable())
    .optional()
    .describe("member hosts, each with the vmnics backing uplink1, uplink2, ... in order (an entry null: that uplink has none; the list null: every free vmnic but vmnic0); the whole membership"),
  portGroups: z.record(name, DistributedPortGroupSpec.nullable()).optional().describe("the switch's port groups, all of them"),
}).describe("a vSphere Distributed Switch");

/** The sections a standard port group overrides (each given section becomes an override; teaming uplinks are vmnics). */
export const StandardPortGroupSpec = z.strictObject({
  /** 0 untagged, 1-4094, 4095 every VLAN */
  vlan: z.int().min(0).max(4095).optional().describe("0 untagged (default), 1-4094, 4095 every VLAN"),
  security: SecuritySpec.optional().describe("overrides the switch's security"),
  shaping: ShapingSpec.optional().describe("overrides the switch's shaping"),
  teaming: TeamingSpec.optional().describe("overrides the switch's teaming"),
}).describe("a standard port group: each policy section given overrides the switch's");

export const StandardSwitchSpec = z.strictObject({
  ports: z.int().min(8).max(4088).optional().describe("configured ports (default 128)"),
  mtu: z.int().min(1280).max(9000).optional().describe("default 1500"),
  uplinks: nameList.optional().describe("vmnics linked to the switch, in order: all of them"),
  security: SecuritySpec.optional().describe("the switch's policy, inherited by its port groups: the fields given are set, the rest stay"),
  shaping: ShapingSpec.optional(),
  teaming: TeamingSpec.optional(),
  portGroups: z.record(name, StandardPortGroupSpec.nullable()).optional().describe("port groups to create or change (others stay)"),
}).describe("a vSphere Standard Switch of one host");

export const VmkNicSpec = z.strictObject({
  portGroup: name.describe("the port group it plugs into: standard, or of `distributedSwitch`"),
  distributedSwitch: name.optional().describe("plug into a free dvPort of this distributed switch's port group instead"),
  ip: ipv4.optional(),
  netmask: ipv4.optional().describe("default 255.255.255.0"),
  mtu: z.int().min(1280).max(9000).optional(),
  enabled: z.boolean().optional(),
  vmotion: z.boolean().optional().describe("vMotion enabled on this interface (vicfg-vmknic --enable-vmotion)"),
  management: z.boolean().optional().describe("management traffic enabled on this interface"),
}).describe("a VMkernel NIC");

/** A host's own configuration (the host agent decides it): created or updated by apply, never removed. */
export const HostSpec = z.strictObject({
  standardSwitches: z.record(name, StandardSwitchSpec.nullable()).optional().describe("standard switches to create or change (others stay)"),
  vmknics: z.record(z.string().regex(/^vmk\d+$/, "must be named vmkN"), VmkNicSpec).optional().describe("VMkernel NICs to create or change (others stay)"),
}).describe("a host the cluster runs, and its own configuration (created or changed, never removed)");

export const VmSpec = z.strictObject({
  host: name.describe("the host it runs on"),
  networks: nameList.min(1, "a VM needs at least one network").describe("one vNIC per port group: distributed, or standard on the VM's host"),
  memoryMB: z.int().positive().optional().describe("memory size, for vMotion's pre-copy"),
  dirtyRateMBps: z.int().nonnegative().optional().describe("memory dirty rate, MB/s, for vMotion's pre-copy"),
}).describe("a virtual machine; one whose host or networks differ is created again");

/**
 * A whole topology. `hosts` must name hosts the cluster runs. A map that is given is the whole
 * truth for what it holds (distributed switches, their port groups and members, VMs): apply
 * removes what it does not list. A map left out leaves that kind of object alone.
 */
export const TopologySpec = z.strictObject({
  hosts: z.record(name, HostSpec.nullable()).optional().describe("hosts the cluster must run (esx-01, ...)"),
  distributedSwitches: z.record(name, DistributedSwitchSpec.nullable()).optional().describe("every distributed switch: apply removes the ones not listed"),
  vms: z.record(name, VmSpec).optional().describe("every VM: apply removes the ones not listed"),
});

export type Topology = z.infer<typeof TopologySpec>;
export type HostTopology = z.infer<typeof HostSpec>;
export type DistributedSwitchTopology = z.infer<typeof DistributedSwitchSpec>;
export type DistributedPortGroupTopology = z.infer<typeof DistributedPortGroupSpec>;
export type StandardSwitchTopology = z.infer<typeof StandardSwitchSpec>;
export type StandardPortGroupTopology = z.infer<typeof StandardPortGroupSpec>;
export type VmkNicTopology = z.infer<typeof VmkNicSpec>;
export type VmTopology = z.infer<typeof VmSpec>;
