import type { FlowStats, PortDrops, PortStats } from "@vdsim/dataplane";
import type { PortGroupPolicy } from "@vdsim/model";

/** A port as a host's data plane holds it: what the consistency checker compares with the log. */
export interface DataPlanePort {
  readonly portId: string;
  readonly switch: string;
  readonly portGroup: string;
  readonly kind: "vnic" | "vmknic";
  readonly mac: string;
  readonly policy: PortGroupPolicy;
  /** the VM (or vmknic) whose stack is attached; absent on a port reserved for an incoming vMotion */
  readonly owner?: string;
  /** the vNIC index of a VM's port */
  readonly nic?: number;
}

/** A port's counters from the switch's side: "in" = sent by its endpoint, "out" = delivered to it. */
export interface PortCounters {
  readonly host: string;
  readonly portId: string;
  /** the VM (or vmknic) on the port */
  readonly owner: string;
  readonly switch: string;
  readonly portGroup: string;
  readonly effectiveMac: string;
  readonly packetsIn: number;
  readonly bytesIn: number;
  readonly packetsOut: number;
  readonly bytesOut: number;
  readonly dropped: PortDrops;
}

/** A traffic flow as one host sees it: a sender on the VM it leaves from, a receiver on the VM it reaches. */
export interface TrafficFlowStats {
  readonly flow: string;
  readonly host: string;
  readonly role: "sender" | "receiver";
  readonly vm: string;
  readonly peerIp: string;
  readonly sent: number;
  readonly received: number;
  readonly lastSeq: number;
  /** longest time between two frames received, ms */
  readonly longestGapMs: number;
  /** receiver: when the first and the last frame arrived (epoch ms), null before any */
  readonly firstAt: number | null;
  readonly lastAt: number | null;
  readonly running: boolean;
}

/** A VM's runtime network state as a vMotion carries it from the source to the destination. */
export interface VmRuntimeState {
  readonly ports: ReadonlyArray<{ readonly nic: number; readonly stats: PortStats }>;
  readonly senders: ReadonlyArray<{ readonly flow: string; readonly dstIp: string; readonly pps: number; readonly length: number; readonly seq: number; readonly running: boolean }>;
  readonly receivers: ReadonlyArray<{ readonly stats: FlowStats; readonly peerIp: string }>;
}
