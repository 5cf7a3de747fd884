import type { NemesisKind } from "@vdsim/checker";
import type { PortGroupPolicyPatch } from "@vdsim/model";

// What a chaos run is made of, decided up front from its seed (schedule.ts makes it).

/** What the workload does at one moment; the args are concrete, so the same seed gives the same list. */
export type PlannedOp =
  | { readonly kind: "vm-create"; readonly vm: string; readonly host: string; readonly network: string }
  | { readonly kind: "vm-remove"; readonly vm: string }
  | { readonly kind: "migrate"; readonly vm: string; readonly to: string }
  | { readonly kind: "evacuate"; readonly host: string }
  | { readonly kind: "portgroup-set"; readonly vds: string; readonly portgroup: string; readonly patch: PortGroupPolicyPatch }
  | { readonly kind: "host-local"; readonly host: string; readonly tool: "vicfg-vswitch" | "esxcli"; readonly argv: readonly string[] }
  | { readonly kind: "traffic-start"; readonly flow: string; readonly from: string; readonly to: string; readonly pps: number }
  | { readonly kind: "traffic-stop"; readonly flow: string };

export type TimedOp = PlannedOp & { readonly atMs: number };

/** One fault: injected at `atMs` after the start, healed `durationMs` later. */
export interface PlannedFault {
  readonly kind: NemesisKind;
  /** a host name, "management", or a NATS node name */
  readonly target: string;
  readonly atMs: number;
  readonly durationMs: number;
}

/** The cluster the workload starts from, before the clock starts. */
export interface Setup {
  readonly vds: string;
  readonly portGroups: ReadonlyArray<{ readonly name: string; readonly vlan: number }>;
  /** VMs that stay for the whole run (never removed): the traffic flows run between them */
  readonly vms: ReadonlyArray<{ readonly vm: string; readonly host: string; readonly network: string }>;
  readonly flows: ReadonlyArray<{ readonly flow: string; readonly from: string; readonly to: string; readonly pps: number }>;
  /**
   * two VMs (among `vms`) on different hosts that the workload never migrates: short "probe"
   * flows run between them across each fault window and in the quiet time between faults, so the
   * checker can judge traffic through one fault at a time and traffic with no fault at all
   */
  readonly probes: readonly [string, string];
}

export interface Schedule {
  readonly seed: string;
  readonly durationMs: number;
  readonly setup: Setup;
  readonly ops: readonly TimedOp[];
  readonly faults: readonly PlannedFault[];
}

export interface ScheduleInput {
  readonly seed: string;
  readonly durationMs: number;
  readonly nemeses: readonly NemesisKind[];
  /** workload operations per second */
  readonly rate: number;
  readonly hosts: readonly string[];
  /** names of the NATS nodes nats-kill may choose from */
  readonly natsNodes?: readonly string[];
  /** put before every VM, flow and host-local port group name (a run attached to a cluster that ran others); default none */
  readonly prefix?: string;
}
