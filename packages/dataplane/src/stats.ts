import type { PortKind, SwitchKind } from "./config.js";
import type { Mac } from "./frame.js";
import type { VirtualPort } from "./virtual-switch.js";
import type { VirtualSwitch } from "./virtual-switch.js";

/** Why a frame was dropped. `noPort` and `noUplink`: see the README's counter semantics. */
export type DropReason = "vlan" | "security" | "shaping" | "blocked" | "noPort" | "noUplink" | "mtu";

export interface PortDrops {
  readonly vlan: number;
  readonly security: number;
  readonly shaping: number;
  readonly blocked: number;
  readonly noPort: number;
  /** frames larger than the MTU of the port (a vmknic's) or of its switch */
  readonly mtu: number;
}

/** A port's counters, from the switch's side: "in" = sent by the port's endpoint, "out" = delivered to it. */
export interface PortStats {
  readonly portId: string;
  readonly switch: string;
  readonly portGroup: string;
  readonly kind: PortKind;
  readonly initialMac: Mac;
  readonly effectiveMac: Mac;
  readonly packetsIn: number;
  readonly bytesIn: number;
  readonly packetsOut: number;
  readonly bytesOut: number;
  readonly dropped: PortDrops;
}

export interface UplinkStats {
  readonly name: string;
  readonly vmnic: string | null;
  readonly linkUp: boolean;
  /** frames sent to the physical network */
  readonly packetsOut: number;
  readonly bytesOut: number;
  /** frames received from the physical network */
  readonly packetsIn: number;
  readonly bytesIn: number;
}

export interface SwitchStats {
  readonly name: string;
  readonly kind: SwitchKind;
  readonly ports: number;
  readonly portsInUse: number;
  readonly mtu: number;
  readonly uplinks: readonly UplinkStats[];
  /** frames that had to leave by an uplink and found no usable one */
  readonly droppedNoUplink: number;
  /** frames from the physical network for a unicast MAC no local port has */
  readonly droppedNoPort: number;
  /** frames from the physical network larger than the switch's MTU, for a MAC no local port has */
  readonly droppedMtu: number;
}

/** The last frame the data plane dropped, for "why did it not arrive". */
export interface DropRecord {
  readonly reason: DropReason;
  readonly switch: string;
  /** the port that refused it, or that sent it (noPort, noUplink); null when it came from an uplink */
  readonly portId: string | null;
  /** the uplink it came in by, for drops of frames from the physical network */
  readonly vmnic: string | null;
  readonly src: Mac;
  readonly dst: Mac;
  readonly vlan: number;
}

export function portStatsOf(port: VirtualPort): PortStats {
  return {
    portId: port.id,
    switch: port.sw.name,
    portGroup: port.portGroup,
    kind: port.kind,
    initialMac: port.initialMac,
    effectiveMac: port.effectiveMac,
    packetsIn: port.packetsIn,
    bytesIn: port.bytesIn,
    packetsOut: port.packetsOut,
    bytesOut: port.bytesOut,
    dropped: {
      vlan: port.droppedVlan,
      security: port.droppedSecurity,
      shaping: port.droppedShaping,
      blocked: port.droppedBlocked,
      noPort: port.droppedNoPort,
      mtu: port.droppedMtu,
    },
  };
}

export function switchStatsOf(sw: VirtualSwitch): SwitchStats {
  return {
    name: sw.name,
    kind: sw.kind,
    ports: sw.maxPorts,
    portsInUse: sw.ports.length,
    mtu: sw.mtu,
    uplinks: [...sw.uplinks.values()].map((u) => ({
      name: u.name,
      vmnic: u.vmnic,
      linkUp: u.up,
      packetsOut: u.packetsOut,
      bytesOut: u.bytesOut,
      packetsIn: u.packetsIn,
      bytesIn: u.bytesIn,
    })),
    droppedNoUplink: sw.droppedNoUplink,
    droppedNoPort: sw.droppedNoPort,
    droppedMtu: sw.droppedMtu,
  };
}
