import type { LoadBalancing, TeamingPolicy } from "@vdsim/model";
import type { Frame } from "./frame.js";

/** One uplink of a switch: its name (uplink1 or, on a standard switch, the vmnic name) and the vmnic behind it. */
export class UplinkSlot {
  vmnic: string | null;
  up = true;
  packetsOut = 0;
  bytesOut = 0;
  packetsIn = 0;
  bytesIn = 0;

  constructor(
    readonly name: string,
    vmnic: string | null,
  ) {
    this.vmnic = vmnic;
  }

  get usable(): boolean {
    return this.vmnic !== null && this.up;
  }
}

/** A port's teaming policy resolved against its switch's uplinks; names the switch lacks are left out. */
export interface TeamingPlan {
  readonly loadBalancing: LoadBalancing;
  readonly active: readonly UplinkSlot[];
  readonly standby: readonly UplinkSlot[];
  readonly notifySwitches: boolean;
}

export function planTeaming(policy: TeamingPolicy, uplinks: ReadonlyMap<string, UplinkSlot>): TeamingPlan {
  const resolve = (names: readonly string[]): UplinkSlot[] =>
    names.map((n) => uplinks.get(n)).filter((s): s is UplinkSlot => s !== undefined);
  return {
    loadBalancing: policy.loadBalancing,
    active: resolve(policy.activeUplinks),
    standby: resolve(policy.standbyUplinks),
    notifySwitches: policy.notifySwitches,
  };
}

/**
 * The uplink a frame from a port leaves by: among the usable active uplinks (mapped to a vmnic
 * whose link is up) by the load-balancing policy, else the first usable standby, else null.
 * loadbalance_ip hashes the payload's source and destination IP and falls back to the source
 * MAC for frames without one.
 */
export function chooseUplink(plan: TeamingPlan, portHash: number, frame: Frame): UplinkSlot | null {
  const active = plan.active;
  let usable = 0;
  for (let i = 0; i < active.length; i++) if (active[i]!.usable) usable++;
  if (usable > 0) {
    let pick = usable === 1 ? 0 : hashFor(plan.loadBalancing, portHash, frame) % usable;
    for (let i = 0; i < active.length; i++) {
      const slot = active[i]!;
      if (slot.usable && pick-- === 0) return slot;
    }
  }
  const standby = plan.standby;
  for (let i = 0; i < standby.length; i++) if (standby[i]!.usable) return standby[i]!;
  return null;
}

function hashFor(loadBalancing: LoadBalancing, portHash: number, frame: Frame): number {
  switch (loadBalancing) {
    case "loadbalance_srcid":
      return portHash;
    case "loadbalance_srcmac":
      return hashString(frame.src);
    case "loadbalance_ip": {
      const p = frame.payload;
      if (p === undefined) return hashString(frame.src);
      return p.kind === "arp" ? (hashString(p.senderIp) ^ hashString(p.targetIp)) >>> 0 : (hashString(p.srcIp) ^ hashString(p.dstIp)) >>> 0;
    }
    case "failover_explicit":
      return 0;
  }
}

/** FNV-1a, 32 bits, unsigned. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
