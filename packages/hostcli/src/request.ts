import type { ClusterState, DomainError, HostCommand } from "@vdsim/model";

export type HostCliTool = "esxcli" | "vicfg-vswitch" | "vicfg-vmknic" | "vmkping";

/** esxcli's `--formatter` values; without one, esxcli prints its default text. */
export const ESXCLI_FORMATTERS = ["csv", "keyvalue", "xml"] as const;
export type EsxcliFormatter = (typeof ESXCLI_FORMATTERS)[number];

/** A policy section as esxcli names it: `policy security|shaping|failover`. */
export type PolicySection = "security" | "shaping" | "failover";

/** What a host command line asks to be shown; answered from the host's state. */
export type HostQuery =
  /** esxcli network vswitch standard list [-v] */
  | { readonly type: "ListStandardSwitches"; readonly vswitch?: string }
  /** esxcli network vswitch standard portgroup list */
  | { readonly type: "ListStandardPortGroups" }
  /** esxcli network vswitch standard policy <section> get -v */
  | { readonly type: "GetStandardSwitchPolicy"; readonly section: PolicySection; readonly vswitch: string }
  /** esxcli network vswitch standard portgroup policy <section> get -p */
  | { readonly type: "GetStandardPortGroupPolicy"; readonly section: PolicySection; readonly portgroup: string }
  /** esxcli network ip interface list */
  | { readonly type: "ListVmkNics" }
  /** esxcli network ip interface ipv4 get [-i] */
  | { readonly type: "GetVmkNicIpv4"; readonly vmknic?: string }
  /** esxcli network vswitch dvs vmware list [-v] */
  | { readonly type: "ListDistributedSwitches"; readonly vds?: string }
  /** esxcli network nic list */
  | { readonly type: "ListPhysicalNics" }
  /** esxcli network vm list */
  | { readonly type: "ListVmNetworking" }
  /** esxcli network vm port list -w WORLDID */
  | { readonly type: "ListVmPorts"; readonly worldId: number }
  /** esxcli network nic get -n vmnicN */
  | { readonly type: "GetPhysicalNic"; readonly pnic: string }
  /** esxcli network ip interface tag get -i vmkN */
  | { readonly type: "GetVmkNicTags"; readonly vmknic: string }
  /** esxcli network ip route ipv4 list */
  | { readonly type: "ListIpv4Routes" }
  /** esxcli network ip neighbor list [-i vmkN] [-v 4|6|all]; the stack has no IPv6 neighbors */
  | { readonly type: "ListNeighbors"; readonly vmknic?: string; readonly ipv6Only?: boolean }
  /** esxcli network ip netstack list */
  | { readonly type: "ListNetstacks" }
  /** vicfg-vswitch -l */
  | { readonly type: "ListSwitchesTable" }
  /** vicfg-vmknic -l */
  | { readonly type: "ListVmkNicsTable" }
  /** vicfg-vswitch -c VSWITCH: prints 1 or 0 */
  | { readonly type: "CheckStandardSwitch"; readonly vswitch: string }
  /** vicfg-vswitch -C PORTGROUP: prints 1 or 0 */
  | { readonly type: "CheckStandardPortGroup"; readonly portgroup: string };

/** A parsed host command line: a query, a command for the host decider, or a vmkping. */
export type HostCliRequest =
  | { readonly kind: "query"; readonly tool: HostCliTool; readonly query: HostQuery; readonly formatter?: EsxcliFormatter }
  | { readonly kind: "command"; readonly tool: HostCliTool; readonly command: HostCommand }
  | {
      readonly kind: "vmkping";
      readonly tool: "vmkping";
      readonly interface?: string;
      readonly ip: string;
      readonly count: number;
      /** ICMP data bytes per echo request (`-s`) */
      readonly size: number;
      /** the don't-fragment bit (`-d`) */
      readonly dontFragment: boolean;
    }
  /** a help text the tool prints without doing anything (esxcli on a namespace) */
  | { readonly kind: "help"; readonly tool: HostCliTool; readonly text: string };

/** What `vmkping -s` sends when not told. */
export const DEFAULT_PING_DATA_BYTES = 56;

/** One echo reply of a vmkping. */
export interface PingReply {
  readonly ttl: number;
  readonly timeMs: number;
}

/** A neighbor in the ARP table of the VMkernel stack, as the host's data plane holds it. */
export interface VmkNeighbor {
  readonly ip: string;
  readonly mac: string;
  readonly vmknic: string;
  /** seconds until the entry would age out */
  readonly expirySeconds: number;
}

/** A VM's vNIC port as the data plane runs it: the guest's address, and the vmnic its frames leave by (null: none). */
export interface VnicPortObservation {
  readonly vm: string;
  readonly nic: number;
  readonly ip: string;
  readonly teamUplink: string | null;
}

/** What the host observed in its data plane, for the queries that show more than the configuration. */
export interface HostObservations {
  readonly neighbors: readonly VmkNeighbor[];
  readonly vnicPorts: readonly VnicPortObservation[];
}

/** An echo request the VMkernel stack did not send, with the error text of its `sendto()`. */
export interface PingSendFailure {
  readonly sendFailed: "Message too long" | "Host is down";
}

/** What answering a request produced, for `renderHostCli` to print. */
export type HostCliResult =
  /** a query: the state to answer it from, seen by the host, and what its data plane observed */
  | { readonly kind: "state"; readonly state: ClusterState; readonly host: string; readonly observed?: HostObservations }
  /** a command the host decided and recorded (or found already in effect) */
  | { readonly kind: "applied" }
  /** a command the host decider refused */
  | { readonly kind: "refused"; readonly error: DomainError }
  /** a vmkping through the data plane: one entry per echo request, in order; null: sent and no reply */
  | { readonly kind: "ping"; readonly replies: ReadonlyArray<PingReply | PingSendFailure | null> };

export interface HostCliOutput {
  readonly stdout: string;
  readonly exitCode: number;
}

/**
 * A command line the tool itself rejects before anything runs: unknown namespace or option,
 * missing or bad parameter. `text` is everything the tool prints, worded like the real tool.
 */
export class HostCliError extends Error {
  override readonly name = "HostCliError";
  constructor(
    readonly tool: HostCliTool,
    readonly text: string,
    readonly exitCode = 1,
  ) {
    super(text.split("\n")[0] ?? text);
  }

  /** What the tool prints: its text and a newline. */
  get stdout(): string {
    return `${this.text}\n`;
  }
}

export function isHostCliError(err: unknown): err is HostCliError {
  return err instanceof HostCliError;
}
