import { isGroupMac, packetBytes, withVlan, type Frame } from "./frame.js";
import type { DropReason, DropRecord } from "./stats.js";
import { chooseUplink, type UplinkSlot } from "./teaming.js";
import { VLAN_IDS, carriesVlan, egressTag, ingressVlan } from "./vlan.js";
import type { VirtualPort } from "./virtual-switch.js";
import type { VirtualSwitch } from "./virtual-switch.js";

/** What one frame became: frames the endpoint of a port receives, and frames that leave by a vmnic. */
export type Delivery =
  | { readonly kind: "port"; readonly portId: string; readonly frame: Frame }
  | { readonly kind: "uplink"; readonly vmnic: string; readonly frame: Frame };

/**
 * Switches one frame at a time. The fields below are per-frame scratch state (the call is
 * synchronous), so the path allocates only the deliveries and, when a tag changes, a retagged frame.
 */
export class Forwarder {
  lastDrop: DropRecord | undefined;
  private frame!: Frame;
  private vlan = 0;
  private recipients = 0;
  private uplinkMissing = false;
  private untagged: Frame | null = null;
  private tagged: Frame | null = null;

  /** A frame the endpoint on `port` sends. */
  fromPort(port: VirtualPort, frame: Frame, now: number, out: Delivery[]): void {
    if (port.blocked) return this.refuse(port, "blocked", frame);
    const vlan = ingressVlan(port.vlan, frame.vlan);
    if (vlan < 0) return this.refuse(port, "vlan", frame);
    if (port.macChangeRefused || (port.rejectForged && frame.src !== port.effectiveMac)) return this.refuse(port, "security", frame);
    // the smaller of the sender's and the switch's MTU; what passes here fits every uplink of the switch too
    if (packetBytes(frame) > Math.min(port.mtu, port.sw.mtu)) return this.refuse(port, "mtu", frame);
    if (!port.ingressShaper.admit(frame.length, now)) return this.refuse(port, "shaping", frame);
    port.packetsIn++;
    port.bytesIn += frame.length;

    const sw = port.sw;
    this.begin(frame, vlan);
    if (!isGroupMac(frame.src)) sw.macTable.learn(vlan, frame.src, port, now);
    let owner = isGroupMac(frame.dst) ? undefined : sw.macTable.lookup(vlan, frame.dst, now);
    if (owner === null) {
      // a port of this switch owns the MAC although it was learned behind the uplinks: its VM just arrived by vMotion
      const local = sw.portsByMac.get(frame.dst);
      if (local !== undefined && local !== port && !local.blocked && carriesVlan(local.vlan, vlan)) {
        sw.macTable.learn(vlan, frame.dst, local, now);
        owner = local;
      }
    }
    if (owner === undefined) {
      this.flood(sw, port, now, out);
      this.toUplink(sw, port, out);
    } else if (owner === null) {
      this.toUplink(sw, port, out);
      this.promiscuousCopies(sw, port, null, now, out);
    } else if (owner !== port) {
      this.deliver(owner, now, out);
      this.promiscuousCopies(sw, port, owner, now, out);
    }
    if (this.recipients === 0) {
      port.droppedNoPort++;
      if (!this.uplinkMissing) this.record("noPort", sw, port, null, frame, vlan);
    }
  }

  /** A frame from the physical network, entering `sw` by `slot` with its tag. Never leaves by another uplink. */
  fromUplink(sw: VirtualSwitch, slot: UplinkSlot, frame: Frame, now: number, out: Delivery[]): void {
    slot.packetsIn++;
    slot.bytesIn += frame.length;
    const vlan = frame.vlan;
    if (!Number.isInteger(vlan) || vlan < 0 || vlan >= VLAN_IDS) return this.refuseAtSwitch(sw, slot, frame);
    if (packetBytes(frame) > sw.mtu) return this.refuseOversize(sw, slot, frame);
    this.begin(frame, vlan);
    if (!isGroupMac(frame.src)) sw.macTable.learn(vlan, frame.src, null, now);
    if (isGroupMac(frame.dst)) return this.flood(sw, null, now, out);
    const owner = sw.macTable.lookup(vlan, frame.dst, now);
    if (owner) {
      this.deliver(owner, now, out);
      return this.promiscuousCopies(sw, null, owner, now, out);
    }
    const local = sw.portsByMac.get(frame.dst);
    if (local !== undefined && carriesVlan(local.vlan, vlan)) return this.flood(sw, null, now, out);
    this.refuseAtSwitch(sw, slot, frame);
  }

  private begin(frame: Frame, vlan: number): void {
    this.frame = frame;
    this.vlan = vlan;
    this.recipients = 0;
    this.uplinkMissing = false;
    this.untagged = frame.vlan === 0 ? frame : null;
    this.tagged = frame.vlan === vlan ? frame : null;
  }

  /** The current frame as it leaves with `tag` (0 or its internal VLAN), built at most once per frame. */
  private variant(tag: number): Frame {
    if (tag === 0) return (this.untagged ??= withVlan(this.frame, 0));
    return (this.tagged ??= withVlan(this.frame, tag));
  }

  private flood(sw: VirtualSwitch, except: VirtualPort | null, now: number, out: Delivery[]): void {
    const ports = sw.ports;
    const vlan = this.vlan;
    for (let i = 0; i < ports.length; i++) {
      const p = ports[i]!;
      if (p !== except && carriesVlan(p.vlan, vlan)) this.deliver(p, now, out);
    }
  }

  /** Promiscuous ports of the frame's VLAN get a copy of a unicast, except its sender and its destination. */
  private promiscuousCopies(sw: VirtualSwitch, from: VirtualPort | null, to: VirtualPort | null, now: number, out: Delivery[]): void {
    const ports = sw.promiscuous;
    for (let i = 0; i < ports.length; i++) {
      const p = ports[i]!;
      if (p !== from && p !== to && carriesVlan(p.vlan, this.vlan)) this.deliver(p, now, out);
    }
  }

  private deliver(to: VirtualPort, now: number, out: Delivery[]): void {
    this.recipients++;
    const frame = this.frame;
    if (to.blocked) return this.refuse(to, "blocked", frame);
    if (to.macChangeRefused && frame.dst === to.effectiveMac) return this.refuse(to, "security", frame);
    if (packetBytes(frame) > to.mtu) return this.refuse(to, "mtu", frame);
    if (!to.egressShaper.admit(frame.length, now)) return this.refuse(to, "shaping", frame);
    to.packetsOut++;
    to.bytesOut += frame.length;
    out.push({ kind: "port", portId: to.id, frame: this.variant(egressTag(to.vlan, this.vlan)) });
  }

  private toUplink(sw: VirtualSwitch, from: VirtualPort, out: Delivery[]): void {
    const slot = chooseUplink(from.teaming, from.idHash, this.frame);
    if (slot === null) {
      sw.droppedNoUplink++;
      this.uplinkMissing = true;
      this.record("noUplink", sw, from, null, this.frame, this.vlan);
      return;
    }
    this.recipients++;
    slot.packetsOut++;
    slot.bytesOut += this.frame.length;
    out.push({ kind: "uplink", vmnic: slot.vmnic!, frame: this.variant(this.vlan) });
  }

  private refuse(port: VirtualPort, reason: "blocked" | "vlan" | "security" | "shaping" | "mtu", frame: Frame): void {
    switch (reason) {
      case "blocked":
        port.droppedBlocked++;
        break;
      case "vlan":
        port.droppedVlan++;
        break;
      case "security":
        port.droppedSecurity++;
        break;
      case "shaping":
        port.droppedShaping++;
        break;
      case "mtu":
        port.droppedMtu++;
        break;
    }
    this.record(reason, port.sw, port, null, frame, frame.vlan);
  }

  private refuseAtSwitch(sw: VirtualSwitch, slot: UplinkSlot, frame: Frame): void {
    sw.droppedNoPort++;
    this.record("noPort", sw, null, slot.vmnic, frame, frame.vlan);
  }

  /** A frame from the physical network over the switch's MTU: counted on the local port it was for, else on the switch. */
  private refuseOversize(sw: VirtualSwitch, slot: UplinkSlot, frame: Frame): void {
    const to = sw.portsByMac.get(frame.dst);
    if (to === undefined) sw.droppedMtu++;
    else to.droppedMtu++;
    this.record("mtu", sw, to ?? null, slot.vmnic, frame, frame.vlan);
  }

  private record(reason: DropReason, sw: VirtualSwitch, port: VirtualPort | null, vmnic: string | null, frame: Frame, vlan: number): void {
    this.lastDrop = { reason, switch: sw.name, portId: port?.id ?? null, vmnic, src: frame.src, dst: frame.dst, vlan };
  }
}
