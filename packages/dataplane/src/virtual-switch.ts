import { DEFAULT_MTU, type SwitchKind, type SwitchSpec } from "./config.js";
import type { Mac } from "./frame.js";
import { MacTable } from "./mac-table.js";
import { UplinkSlot } from "./teaming.js";
import type { VirtualPort } from "./virtual-port.js";

/** Ethernet header, 802.1Q tag and FCS around an MTU-sized packet. */
const FRAME_OVERHEAD = 22;

/** A standard switch or a proxy switch, as the forwarding path sees it. */
export class VirtualSwitch {
  kind: SwitchKind;
  maxPorts: number;
  mtu: number;
  maxFrameBytes: number;
  /** uplink name -> slot, in the spec's order */
  readonly uplinks = new Map<string, UplinkSlot>();
  /** connected ports, in the order configure() listed them */
  ports: VirtualPort[] = [];
  /** ports whose security policy accepts promiscuous mode */
  promiscuous: VirtualPort[] = [];
  /** effective MAC -> port, to tell "no such port here" from "not learned yet" */
  readonly portsByMac = new Map<Mac, VirtualPort>();
  readonly macTable: MacTable;

  droppedNoUplink = 0;
  droppedNoPort = 0;
  /** frames from the physical network over the MTU, for no local port */
  droppedMtu = 0;

  constructor(
    readonly name: string,
    spec: SwitchSpec,
    macAgingMs: number,
  ) {
    this.kind = spec.kind;
    this.maxPorts = spec.ports;
    this.mtu = spec.mtu ?? DEFAULT_MTU;
    this.maxFrameBytes = this.mtu + FRAME_OVERHEAD;
    this.macTable = new MacTable(macAgingMs);
    this.updateUplinks(spec.uplinks);
  }

  update(spec: SwitchSpec): void {
    this.kind = spec.kind;
    this.maxPorts = spec.ports;
    this.mtu = spec.mtu ?? DEFAULT_MTU;
    this.maxFrameBytes = this.mtu + FRAME_OVERHEAD;
    this.updateUplinks(spec.uplinks);
  }

  /** Keeps the slot (and its counters) of an uplink that stays; remaps, adds and removes the others. */
  private updateUplinks(uplinks: Readonly<Record<string, string | null>>): void {
    const previous = new Map(this.uplinks);
    this.uplinks.clear();
    for (const [name, vmnic] of Object.entries(uplinks)) {
      const slot = previous.get(name) ?? new UplinkSlot(name, vmnic);
      slot.vmnic = vmnic;
      this.uplinks.set(name, slot);
    }
  }

  /** Rebuilds the indexes derived from the ports: promiscuous ports and ports by MAC. */
  reindex(): void {
    this.promiscuous = this.ports.filter((p) => p.promiscuous);
    this.portsByMac.clear();
    for (const port of this.ports) this.portsByMac.set(port.effectiveMac, port);
  }

  /** The first uplink that is mapped and whose link is up, the way frames from the physical network enter. */
  firstUsableUplink(): UplinkSlot | null {
    for (const slot of this.uplinks.values()) if (slot.usable) return slot;
    return null;
  }
}
