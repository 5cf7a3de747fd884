import { DEFAULT_MAC_AGING_MS, type DataPlaneConfig, type DataPlaneOptions } from "./config.js";
import { UnknownPortError, UnknownSwitchError, UnknownUplinkError } from "./errors.js";
import { rarpAnnouncement } from "./frame-builders.js";
import type { Frame, Mac } from "./frame.js";
import { Forwarder, type Delivery } from "./forwarding.js";
import type { MacTableEntry } from "./mac-table.js";
import { portStatsOf, switchStatsOf, type DropRecord, type PortStats, type SwitchStats } from "./stats.js";
import { chooseUplink, type UplinkSlot } from "./teaming.js";
import { HostTopology } from "./topology.js";
import type { VirtualPort } from "./virtual-switch.js";
import type { VirtualSwitch } from "./virtual-switch.js";

/**
 * The data plane of one ESXi host: its standard and proxy switches, their ports and uplinks.
 * Synchronous and pure: every call that depends on time takes `now` (ms); frames come in by
 * `transmit` (from a port's endpoint) and `receiveFromUplink` / `receiveFromPhysical` (from the
 * physical network), and what they become is returned as deliveries.
 */
export class HostDataPlane {
  private readonly topology: HostTopology;
  private readonly forwarder = new Forwarder();

  constructor(options: DataPlaneOptions = {}) {
    this.topology = new HostTopology(options.macAgingMs ?? DEFAULT_MAC_AGING_MS);
  }

  /** Reconciles switches and ports to `config` (see HostTopology.configure). Throws a DataPlaneError and changes nothing on a bad config. */
  configure(config: DataPlaneConfig): void {
    this.topology.configure(config);
  }

  /** The endpoint on `portId` sends `frame`. */
  transmit(portId: string, frame: Frame, now: number): Delivery[] {
    const port = this.topology.ports.get(portId);
    if (port === undefined) throw new UnknownPortError(portId);
    const out: Delivery[] = [];
    this.forwarder.fromPort(port, frame, now, out);
    return out;
  }

  /** A frame arrives from the physical network on `vmnic`; it is switched to local ports of that vmnic's switch only. */
  receiveFromUplink(vmnic: string, frame: Frame, now: number): Delivery[] {
    const mapped = this.topology.uplinks.get(vmnic);
    if (mapped === undefined) throw new UnknownUplinkError(vmnic);
    const out: Delivery[] = [];
    if (mapped.slot.up) this.forwarder.fromUplink(mapped.sw, mapped.slot, frame, now, out);
    return out;
  }

  /** A frame flooded on the physical network enters every switch that has a usable uplink, once per switch. */
  receiveFromPhysical(frame: Frame, now: number): Delivery[] {
    const out: Delivery[] = [];
    for (const sw of this.topology.switches.values()) {
      const slot = sw.firstUsableUplink();
      if (slot !== null) this.forwarder.fromUplink(sw, slot, frame, now, out);
    }
    return out;
  }

  /** The guest (or vmknic) behind `portId` now uses `mac`; the security policy judges it on the next frame. */
  setEffectiveMac(portId: string, mac: Mac): void {
    const port = this.port(portId);
    port.setEffectiveMac(mac);
    port.sw.reindex();
  }

  /**
   * Simulates a vmnic's link going down or coming back. Returns the RARPs "notify switches" sends
   * for ports (whose policy asks for it) that now leave by another uplink.
   */
  setUplinkLinkState(vmnic: string, up: boolean): Delivery[] {
    const mapped = this.topology.uplinks.get(vmnic);
    if (mapped === undefined) {
      this.topology.setLinkState(vmnic, up);
      return [];
    }
    const ports = mapped.sw.ports;
    const before = ports.map((p) => uplinkForAnnouncement(p));
    this.topology.setLinkState(vmnic, up);
    const out: Delivery[] = [];
    ports.forEach((port, i) => {
      const after = uplinkForAnnouncement(port);
      if (after !== null && after !== before[i] && port.teaming.notifySwitches) out.push(announce(port, after));
    });
    return out;
  }

  /**
   * Carries a port's counters over from another host (a vMotion moves a dvPort's runtime state):
   * the imported figures are added to what this port counted so far.
   */
  importPortStats(portId: string, stats: Pick<PortStats, "packetsIn" | "bytesIn" | "packetsOut" | "bytesOut" | "dropped">): void {
    const port = this.port(portId);
    port.packetsIn += stats.packetsIn;
    port.bytesIn += stats.bytesIn;
    port.packetsOut += stats.packetsOut;
    port.bytesOut += stats.bytesOut;
    port.droppedVlan += stats.dropped.vlan;
    port.droppedSecurity += stats.dropped.security;
    port.droppedShaping += stats.dropped.shaping;
    port.droppedBlocked += stats.dropped.blocked;
    port.droppedNoPort += stats.dropped.noPort;
    port.droppedMtu += stats.dropped.mtu;
  }

  /** The RARP for the port's MAC out of its uplink, as a destination host sends after a vMotion; none when the policy says not to notify switches. */
  notifySwitches(portId: string): Delivery[] {
    const port = this.port(portId);
    if (!port.teaming.notifySwitches) return [];
    const slot = uplinkForAnnouncement(port);
    return slot === null ? [] : [announce(port, slot)];
  }

  /** The vmnic a port's own frames leave by under its teaming policy (ESXi's Team Uplink); null for a blocked port or none usable. */
  teamUplink(portId: string): string | null {
    return uplinkForAnnouncement(this.port(portId))?.vmnic ?? null;
  }

  /** The last frame dropped, and why. */
  get lastDrop(): DropRecord | undefined {
    return this.forwarder.lastDrop;
  }

  portStats(portId: string): PortStats {
    return portStatsOf(this.port(portId));
  }

  switchStats(name: string): SwitchStats {
    return switchStatsOf(this.switch(name));
  }

  /** The switch's learned MACs alive at `now`. */
  macTable(switchName: string, now: number): MacTableEntry[] {
    return this.switch(switchName).macTable.entries(now);
  }

  portIds(): string[] {
    return [...this.topology.ports.keys()];
  }

  switchNames(): string[] {
    return [...this.topology.switches.keys()];
  }

  private port(id: string): VirtualPort {
    const port = this.topology.ports.get(id);
    if (port === undefined) throw new UnknownPortError(id);
    return port;
  }

  private switch(name: string): VirtualSwitch {
    const sw = this.topology.switches.get(name);
    if (sw === undefined) throw new UnknownSwitchError(name);
    return sw;
  }
}

/** The VLAN a port's RARP is tagged with on the wire: its VST VLAN, untagged for a guest-tagging port. */
const announcedVlan = (port: VirtualPort): number => Math.max(0, port.vlan.access);

function uplinkForAnnouncement(port: VirtualPort): UplinkSlot | null {
  if (port.blocked) return null;
  return chooseUplink(port.teaming, port.idHash, rarpAnnouncement(port.effectiveMac));
}

function announce(port: VirtualPort, slot: UplinkSlot): Delivery {
  const frame = rarpAnnouncement(port.effectiveMac, announcedVlan(port));
  slot.packetsOut++;
  slot.bytesOut += frame.length;
  return { kind: "uplink", vmnic: slot.vmnic!, frame };
}
