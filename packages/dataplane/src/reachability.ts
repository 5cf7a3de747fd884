import type { VlanSpec } from "@vdsim/model";
import { compileVlan, ingressVlan } from "./vlan.js";

/** One end of a `pingall` pair: where its port is and what its policy says. */
export interface ReachabilityEnd {
  readonly host: string;
  readonly switch: string;
  readonly vlan: VlanSpec;
  readonly blocked: boolean;
  /** the switch has an uplink mapped to a vmnic whose link is up */
  readonly uplinkUp: boolean;
  /** the tag the endpoint's stack uses (a guest that tags itself); default 0, untagged */
  readonly guestVlan?: number;
}

export type Unreachable = "blocked" | "vlan-mismatch" | "no-uplink";

export type Reachability = { readonly reachable: true; readonly vlan: number } | { readonly reachable: false; readonly reason: Unreachable };

/**
 * Whether two endpoints should reach each other, by the rules the data plane applies: neither
 * port blocked; both ends' frames land in the same VLAN inside their switches; and, unless they
 * share a switch on one host, both switches have an uplink up (a host does not bridge between
 * its switches internally; the physical network carries every VLAN).
 */
export function expectedReachability(a: ReachabilityEnd, b: ReachabilityEnd): Reachability {
  if (a.blocked || b.blocked) return { reachable: false, reason: "blocked" };
  const vlanA = ingressVlan(compileVlan(a.vlan), a.guestVlan ?? 0);
  const vlanB = ingressVlan(compileVlan(b.vlan), b.guestVlan ?? 0);
  if (vlanA < 0 || vlanA !== vlanB) return { reachable: false, reason: "vlan-mismatch" };
  const sameSwitch = a.host === b.host && a.switch === b.switch;
  if (!sameSwitch && !(a.uplinkUp && b.uplinkUp)) return { reachable: false, reason: "no-uplink" };
  return { reachable: true, vlan: vlanA };
}
