import type { PortGroupPolicy } from "@vdsim/model";
import { DEFAULT_MTU, type PortKind, type PortSpec, type SwitchKind, type SwitchSpec } from "./config.js";
import type { Mac } from "./frame.js";
import { MacTable } from "./mac-table.js";
import { UplinkSlot, hashString, planTeaming, type TeamingPlan } from "./teaming.js";
import { TrafficShaper } from "./traffic-shaper.js";
import { compileVlan, type VlanMode } from "./vlan.js";

/** Ethernet header, 802.1Q tag and FCS around an MTU-sized packet. */
const FRAME_OVERHEAD = 22;

/** A standard switch or a proxy switch, as the forwarding path sees it; its ports (below) point back at it. */
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
  readonly macTable: MacTable<VirtualPort>;

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
    this.macTable = new MacTable<VirtualPort>(macAgingMs);
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

/**
 * A port of a switch (a dvPort on a proxy switch) with its policy compiled into the flags the
 * forwarding path reads, and its counters as plain numbers. Counters are from the switch's side:
 * "in" is what the port's endpoint sent into the switch, "out" what the switch delivered to it.
 */
export class VirtualPort {
  sw: VirtualSwitch;
  portGroup: string;
  kind: PortKind;
  policy: PortGroupPolicy;
  initialMac: Mac;
  effectiveMac: Mac;

  vlan: VlanMode;
  blocked: boolean;
  promiscuous: boolean;
  rejectForged: boolean;
  /** MAC address changes are rejected and the endpoint's MAC is no longer its initial MAC */
  macChangeRefused: boolean;
  readonly ingressShaper: TrafficShaper;
  readonly egressShaper: TrafficShaper;
  teaming: TeamingPlan;
  readonly idHash: number;
  /** the largest packet the port takes: its vmknic's MTU, unlimited for a vNIC */
  mtu: number;

  packetsIn = 0;
  bytesIn = 0;
  packetsOut = 0;
  bytesOut = 0;
  droppedVlan = 0;
  droppedSecurity = 0;
  droppedShaping = 0;
  droppedBlocked = 0;
  droppedNoPort = 0;
  droppedMtu = 0;

  constructor(
    readonly id: string,
    spec: PortSpec,
    sw: VirtualSwitch,
  ) {
    this.sw = sw;
    this.portGroup = spec.portGroup;
    this.kind = spec.kind;
    this.policy = spec.policy;
    this.initialMac = spec.mac;
    this.effectiveMac = spec.mac;
    this.vlan = compileVlan(spec.policy.vlan);
    this.blocked = spec.policy.blocked;
    this.promiscuous = spec.policy.security.allowPromiscuous;
    this.rejectForged = !spec.policy.security.allowForgedTransmits;
    this.macChangeRefused = false;
    this.ingressShaper = new TrafficShaper(spec.policy.ingressShaping, sw.maxFrameBytes);
    this.egressShaper = new TrafficShaper(spec.policy.egressShaping, sw.maxFrameBytes);
    this.teaming = planTeaming(spec.policy.teaming, sw.uplinks);
    this.idHash = hashString(id);
    this.mtu = spec.mtu ?? Number.POSITIVE_INFINITY;
  }

  /** Applies a new spec, keeping counters, shaping buckets and (unless the initial MAC changed) the effective MAC. */
  update(spec: PortSpec, sw: VirtualSwitch): void {
    this.sw = sw;
    this.portGroup = spec.portGroup;
    this.kind = spec.kind;
    this.policy = spec.policy;
    if (spec.mac !== this.initialMac) {
      this.initialMac = spec.mac;
      this.effectiveMac = spec.mac;
    }
    this.vlan = compileVlan(spec.policy.vlan);
    this.blocked = spec.policy.blocked;
    this.promiscuous = spec.policy.security.allowPromiscuous;
    this.rejectForged = !spec.policy.security.allowForgedTransmits;
    this.mtu = spec.mtu ?? Number.POSITIVE_INFINITY;
    this.ingressShaper.configure(spec.policy.ingressShaping, sw.maxFrameBytes);
    this.egressShaper.configure(spec.policy.egressShaping, sw.maxFrameBytes);
    this.refreshMacChange();
    this.resolveTeaming();
  }

  /** The guest (or vmknic) now uses `mac`. */
  setEffectiveMac(mac: Mac): void {
    this.effectiveMac = mac;
    this.refreshMacChange();
  }

  /** Re-resolves the teaming policy against the switch's uplinks, after they changed. */
  resolveTeaming(): void {
    this.teaming = planTeaming(this.policy.teaming, this.sw.uplinks);
  }

  private refreshMacChange(): void {
    this.macChangeRefused = !this.policy.security.allowMacChanges && this.effectiveMac !== this.initialMac;
  }
}
