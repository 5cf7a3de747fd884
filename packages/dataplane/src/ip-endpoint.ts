import { DEFAULT_MTU } from "./config.js";
import { MessageTooLongError } from "./errors.js";
import { DEFAULT_PING_DATA_BYTES, arpReply, arpRequest, fragment, icmpEcho, icmpEchoPacketBytes } from "./frame-builders.js";
import { BROADCAST, ETHERTYPE, packetBytes, withVlan, type Frame, type Mac } from "./frame.js";

export type EndpointEvent =
  | { readonly type: "echo-reply"; readonly fromIp: string; readonly id: number; readonly seq: number; readonly rttMs: number }
  | { readonly type: "echo-request"; readonly fromIp: string; readonly id: number; readonly seq: number }
  | {
      readonly type: "traffic";
      readonly flow: string;
      readonly seq: number;
      readonly srcIp: string;
      readonly sentAt: number;
      readonly latencyMs: number;
    }
  | { readonly type: "arp-resolved"; readonly ip: string; readonly mac: Mac };

export interface EndpointOutput {
  readonly send: Frame[];
  readonly events: EndpointEvent[];
}

export interface IpEndpointOptions {
  readonly mac: Mac;
  readonly ip: string;
  readonly netmask: string;
  /** the tag the stack puts on its frames and expects on frames for it (a guest that tags, on a VGT port); default 0 */
  readonly vlan?: number;
  /** the interface's MTU: larger packets are fragmented, or refused with don't fragment; default 1500 */
  readonly mtu?: number;
}

interface QueuedEcho {
  readonly id: number;
  readonly seq: number;
  readonly sentAt: number;
  readonly dataBytes: number;
  readonly dontFragment: boolean;
}

/** A neighbor the stack resolved: its MAC, and when it was last learned or confirmed (ms). */
export interface ArpEntry {
  readonly ip: string;
  readonly mac: Mac;
  readonly learnedAt: number;
}

/** Echo requests held per unresolved IP while ARP is outstanding; older ones are dropped. */
const MAX_QUEUED = 16;

/**
 * The IP stack of a VM's vNIC or of a vmknic, as a pure state machine: one L2 segment, no
 * routing (every target is ARPed directly), no timers (ARP entries do not age).
 */
export class IpEndpoint {
  readonly ip: string;
  readonly netmask: string;
  readonly vlan: number;
  readonly mtu: number;
  private currentMac: Mac;
  private readonly arpCache = new Map<string, Mac>();
  private readonly learnedAt = new Map<string, number>();
  private readonly queued = new Map<string, QueuedEcho[]>();
  /** frames for another MAC that reached this endpoint (a promiscuous port's copies, floods); not answered */
  framesNotForMe = 0;

  constructor(options: IpEndpointOptions) {
    this.currentMac = options.mac;
    this.ip = options.ip;
    this.netmask = options.netmask;
    this.vlan = options.vlan ?? 0;
    this.mtu = options.mtu ?? DEFAULT_MTU;
  }

  get mac(): Mac {
    return this.currentMac;
  }

  /** The guest changes its MAC (pair with HostDataPlane.setEffectiveMac). */
  changeMac(mac: Mac): void {
    this.currentMac = mac;
  }

  resolve(ip: string): Mac | undefined {
    return this.arpCache.get(ip);
  }

  arpCacheEntries(): Array<readonly [string, Mac]> {
    return [...this.arpCache];
  }

  /** The ARP table with when each entry was learned, in the order the neighbors were first resolved. */
  arpEntries(): ArpEntry[] {
    return [...this.arpCache].map(([ip, mac]) => ({ ip, mac, learnedAt: this.learnedAt.get(ip) ?? 0 }));
  }

  forget(ip: string): void {
    this.arpCache.delete(ip);
    this.learnedAt.delete(ip);
  }

  inSubnet(ip: string): boolean {
    const mask = ipv4ToNumber(this.netmask);
    return ((ipv4ToNumber(ip) & mask) >>> 0) === ((ipv4ToNumber(this.ip) & mask) >>> 0);
  }

  arpRequestFor(ip: string): Frame {
    return this.tag(arpRequest(this.currentMac, this.ip, ip));
  }

  /**
   * The frames a ping sends: the echo request (fragmented to the MTU unless `dontFragment`), or
   * an ARP request first (the echo waits for the reply). A don't-fragment echo larger than the
   * MTU is refused before anything is sent: throws MessageTooLongError.
   */
  ping(targetIp: string, id: number, seq: number, now: number, dataBytes = DEFAULT_PING_DATA_BYTES, dontFragment = false): Frame[] {
    const packet = icmpEchoPacketBytes(dataBytes);
    if (dontFragment && packet > this.mtu) throw new MessageTooLongError(packet, this.mtu);
    const echo: QueuedEcho = { id, seq, sentAt: now, dataBytes, dontFragment };
    const mac = this.arpCache.get(targetIp);
    if (mac !== undefined) return this.echoRequest(mac, targetIp, echo);
    const queue = this.queued.get(targetIp) ?? [];
    queue.push(echo);
    if (queue.length > MAX_QUEUED) queue.shift();
    this.queued.set(targetIp, queue);
    return [this.arpRequestFor(targetIp)];
  }

  /** A frame the port delivered: returns what the stack sends in answer and what happened. */
  handle(frame: Frame, now: number): EndpointOutput {
    const out: EndpointOutput = { send: [], events: [] };
    if ((frame.dst !== this.currentMac && frame.dst !== BROADCAST) || frame.vlan !== this.vlan) {
      this.framesNotForMe++;
      return out;
    }
    const p = frame.payload;
    if (p === undefined) return out;
    if (p.kind === "arp" && frame.ethertype === ETHERTYPE.ARP) {
      if (p.op === "request" && p.targetIp === this.ip) {
        this.learn(p.senderIp, p.senderMac, out, now);
        out.send.push(this.tag(arpReply(this.currentMac, this.ip, p.senderMac, p.senderIp)));
      } else if (p.op === "reply" && p.targetIp === this.ip) {
        this.learn(p.senderIp, p.senderMac, out, now);
      } else if (this.arpCache.has(p.senderIp)) {
        this.arpCache.set(p.senderIp, p.senderMac);
        this.learnedAt.set(p.senderIp, now);
      }
      return out;
    }
    if (p.kind === "icmp" && p.dstIp === this.ip) {
      if (p.type === "echo-request") {
        this.learn(p.srcIp, frame.src, out, now);
        out.events.push({ type: "echo-request", fromIp: p.srcIp, id: p.id, seq: p.seq });
        // the reply is as long as the request and keeps its don't-fragment bit
        const { id, seq, sentAt, dataBytes, dontFragment } = p;
        const reply = icmpEcho("echo-reply", { srcMac: this.currentMac, dstMac: frame.src, srcIp: this.ip, dstIp: p.srcIp, id, seq, sentAt, dataBytes, dontFragment });
        out.send.push(...this.packets(reply, dontFragment));
      } else {
        out.events.push({ type: "echo-reply", fromIp: p.srcIp, id: p.id, seq: p.seq, rttMs: now - p.sentAt });
      }
      return out;
    }
    if (p.kind === "traffic" && p.dstIp === this.ip) {
      out.events.push({ type: "traffic", flow: p.flow, seq: p.seq, srcIp: p.srcIp, sentAt: p.sentAt, latencyMs: now - p.sentAt });
    }
    return out;
  }

  private learn(ip: string, mac: Mac, out: EndpointOutput, now: number): void {
    const known = this.arpCache.get(ip);
    this.arpCache.set(ip, mac);
    this.learnedAt.set(ip, now);
    if (known !== mac) out.events.push({ type: "arp-resolved", ip, mac });
    const waiting = this.queued.get(ip);
    if (waiting === undefined) return;
    this.queued.delete(ip);
    for (const echo of waiting) out.send.push(...this.echoRequest(mac, ip, echo));
  }

  private echoRequest(dstMac: Mac, dstIp: string, echo: QueuedEcho): Frame[] {
    const { id, seq, sentAt, dataBytes, dontFragment } = echo;
    return this.packets(icmpEcho("echo-request", { srcMac: this.currentMac, dstMac, srcIp: this.ip, dstIp, id, seq, sentAt, dataBytes, dontFragment }), dontFragment);
  }

  /** What the stack puts on the wire for one IPv4 packet: its fragments, or nothing for a don't-fragment packet over the MTU. */
  private packets(packet: Frame, dontFragment: boolean): Frame[] {
    if (dontFragment && packetBytes(packet) > this.mtu) return [];
    return fragment(packet, this.mtu).map((f) => this.tag(f));
  }

  private tag(frame: Frame): Frame {
    return withVlan(frame, this.vlan);
  }
}

function ipv4ToNumber(ip: string): number {
  const parts = ip.split(".").map(Number);
  return (((parts[0] ?? 0) << 24) | ((parts[1] ?? 0) << 16) | ((parts[2] ?? 0) << 8) | (parts[3] ?? 0)) >>> 0;
}
