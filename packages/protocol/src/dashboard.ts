import type { DomainEvent, PortGroupSummary, SwitchSummary } from "@vdsim/model";
import type { QuarantinedMessage } from "./api.js";

// What the dashboard service says to the browser: a snapshot on connect, then batched
// updates over server-sent events (GET /api/stream), and the JSON action API (POST /api/...).

export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** A VM's vNIC (or a host's VMkernel NIC) on a port group of a host's switch. */
export interface TopologyEndpoint {
  readonly kind: "vm" | "vmknic";
  /** VM name, or vmknic name (vmk0) */
  readonly name: string;
  readonly nic: number;
  readonly mac: string;
  /** vmknics: their IPv4 address, if any */
  readonly ip: string | null;
}

export interface TopologyPortGroup {
  readonly name: string;
  /** as `vdsim vds portgroup list` shows it: "10", "100-200,300", "none" */
  readonly vlan: string;
  readonly blocked: boolean;
  readonly endpoints: readonly TopologyEndpoint[];
}

export interface TopologySwitch {
  /** "standard" (vSwitchN) or "proxy" (the host's proxy switch of a VDS) */
  readonly kind: "standard" | "proxy";
  readonly name: string;
  /** vmnics backing it ("uplink1=vmnic1" for a proxy switch) */
  readonly uplinks: readonly string[];
  readonly portGroups: readonly TopologyPortGroup[];
}

export interface TopologyHost {
  readonly name: string;
  readonly pnics: readonly string[];
  readonly switches: readonly TopologySwitch[];
  /** names of the VMs it runs */
  readonly vms: readonly string[];
}

/** The desired configuration, folded from the event log, laid out host by host. */
export interface DashboardTopology {
  /** the event log sequence it is folded through */
  readonly seq: number;
  readonly hosts: readonly TopologyHost[];
  readonly switches: readonly SwitchSummary[];
  readonly portGroups: readonly PortGroupSummary[];
}

/** A host agent as its heartbeats show it. */
export interface DashboardHost {
  readonly name: string;
  /** "unknown": the dashboard has not yet heard from it since it started */
  readonly status: "connected" | "notResponding" | "unknown";
  /** epoch ms the dashboard last received its heartbeat */
  readonly lastHeartbeat: number | null;
  readonly appliedSeq: number | null;
  readonly pid: number | null;
}

/** One event of the log, tagged for the filters; narrowing on `type` narrows `data` (as JSON carries it). */
export type DashboardEvent = DomainEvent extends infer E ? (E extends DomainEvent ? DashboardEventTags & Pick<E, "type" | "data"> : never) : never;

/** What the dashboard adds to an event: its place in the log, a summary and the tags its filters use. */
export interface DashboardEventTags {
  readonly seq: number;
  readonly time: string;
  readonly subject: string;
  readonly summary: string;
  readonly correlationId: string;
  readonly hosts: readonly string[];
  readonly vds: string | null;
  readonly vm: string | null;
  /** migration id for Migration* and VmMigrated events */
  readonly migration: string | null;
}

export interface HostApplyTime {
  readonly host: string;
  /** ms from the event's time to the heartbeat that first reported it applied; null while pending */
  readonly ms: number | null;
}

/** How a change reached the hosts it concerns. */
export interface Propagation {
  readonly seq: number;
  readonly type: string;
  readonly time: string;
  readonly summary: string;
  readonly hosts: readonly HostApplyTime[];
  /** slowest host once every host applied it; null before */
  readonly totalMs: number | null;
}

export interface DashboardFeatures {
  /** migrations can be started (the vMotion backend exists) */
  readonly vmotion: boolean;
}

export interface DashboardSnapshot {
  readonly topology: DashboardTopology;
  readonly hosts: readonly DashboardHost[];
  /** the most recent events, oldest first */
  readonly events: readonly DashboardEvent[];
  /** the most recent tracked changes, oldest first */
  readonly propagations: readonly Propagation[];
  readonly features: DashboardFeatures;
  readonly quarantined: QuarantineView;
}

/** The messages of the log the dashboard's follower skipped (every follower skips the same). */
export interface QuarantineView {
  readonly count: number;
  /** the latest (at most 100), oldest first */
  readonly latest: readonly QuarantinedMessage[];
}

/**
 * What changed in the topology since the previous message: each host listed replaces the page's
 * copy whole; switches and port groups come only when they changed. A page at 1,000 hosts gets
 * the few hosts a change concerns, not the whole topology.
 */
export interface TopologyChanges {
  readonly seq: number;
  readonly hosts: readonly TopologyHost[];
  /** hosts no longer in the topology */
  readonly removed: readonly string[];
  readonly switches?: readonly SwitchSummary[];
  readonly portGroups?: readonly PortGroupSummary[];
}

/** The hosts whose status, applied sequence or process changed since the previous message. */
export interface HostChanges {
  readonly hosts: readonly DashboardHost[];
  readonly removed: readonly string[];
}

/** One server-sent event on /api/stream: its `data` is one of these, as JSON; a page starts from a snapshot and applies the changes. */
export type DashboardMessage =
  | { readonly kind: "snapshot"; readonly snapshot: DashboardSnapshot }
  | { readonly kind: "topologyChanges"; readonly changes: TopologyChanges }
  | { readonly kind: "hostChanges"; readonly changes: HostChanges }
  | { readonly kind: "events"; readonly events: readonly DashboardEvent[] }
  | { readonly kind: "propagations"; readonly propagations: readonly Propagation[] }
  | { readonly kind: "quarantined"; readonly quarantined: QuarantineView };

/** POST /api/portgroups */
export interface CreatePortGroupRequest {
  readonly vds: string;
  readonly portgroup: string;
  /** as --vlan takes it: "10", "100-200,300"; empty or absent: none */
  readonly vlan?: string;
  readonly ports?: number;
}

/** POST /api/portgroups/policy: the settings `vdsim vds portgroup set` takes; absent ones stay. */
export interface SetPortGroupPolicyRequest {
  readonly vds: string;
  readonly portgroup: string;
  readonly vlan?: string;
  readonly allowPromiscuous?: boolean;
  readonly allowMacChanges?: boolean;
  readonly allowForgedTransmits?: boolean;
  readonly blocked?: boolean;
  readonly notifySwitches?: boolean;
}

/** POST /api/vms/migrate */
export interface MigrateVmRequest {
  readonly vm: string;
  readonly destination: string;
}

/** Every action's reply: what the CLI would print on success, or its error message. */
export type ActionReply =
  | { readonly ok: true; readonly seq: number | null; readonly message: string }
  | { readonly ok: false; readonly error: { readonly code: string; readonly message: string } };
