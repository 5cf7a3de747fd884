import { BROADCAST, ETHERNET_OVERHEAD, ETHERTYPE, type Frame, type Mac } from "./frame.js";

export const MIN_FRAME_BYTES = 64;
const ARP_BYTES = 28;
export const IPV4_HEADER = 20;
export const ICMP_HEADER = 8;
const UDP_HEADER = 8;
/** What `ping` and `vmkping` send by default. */
export const DEFAULT_PING_DATA_BYTES = 56;

const UNKNOWN_MAC: Mac = "00:00:00:00:00:00";
const NO_IP = "0.0.0.0";

/** Bytes on the wire for a layer-3 packet of `l3Bytes`, padded to the Ethernet minimum. */
export function ethernetLength(l3Bytes: number): number {
  return Math.max(MIN_FRAME_BYTES, l3Bytes + ETHERNET_OVERHEAD);
}

export function arpRequest(senderMac: Mac, senderIp: string, targetIp: string): Frame {
  return {
    src: senderMac,
    dst: BROADCAST,
    vlan: 0,
    ethertype: ETHERTYPE.ARP,
    length: ethernetLength(ARP_BYTES),
    payload: { kind: "arp", op: "request", senderMac, senderIp, targetMac: UNKNOWN_MAC, targetIp },
  };
}

export function arpReply(senderMac: Mac, senderIp: string, targetMac: Mac, targetIp: string): Frame {
  return {
    src: senderMac,
    dst: targetMac,
    vlan: 0,
    ethertype: ETHERTYPE.ARP,
    length: ethernetLength(ARP_BYTES),
    payload: { kind: "arp", op: "reply", senderMac, senderIp, targetMac, targetIp },
  };
}

/** The RARP a host sends for a VM's MAC to "notify switches" after a failover or a vMotion. */
export function rarpAnnouncement(mac: Mac, vlan = 0): Frame {
  return {
    src: mac,
    dst: BROADCAST,
    vlan,
    ethertype: ETHERTYPE.RARP,
    length: ethernetLength(ARP_BYTES),
    payload: { kind: "arp", op: "reverse-request", senderMac: mac, senderIp: NO_IP, targetMac: mac, targetIp: NO_IP },
  };
}

export interface IcmpEcho {
  readonly srcMac: Mac;
  readonly dstMac: Mac;
  readonly srcIp: string;
  readonly dstIp: string;
  readonly id: number;
  readonly seq: number;
  readonly sentAt: number;
  readonly dataBytes?: number;
  readonly dontFragment?: boolean;
}

/** An echo request or reply as one unfragmented IPv4 packet. */
export function icmpEcho(type: "echo-request" | "echo-reply", echo: IcmpEcho): Frame {
  const dataBytes = echo.dataBytes ?? DEFAULT_PING_DATA_BYTES;
  const dontFragment = echo.dontFragment ?? false;
  return {
    src: echo.srcMac,
    dst: echo.dstMac,
    vlan: 0,
    ethertype: ETHERTYPE.IPv4,
    length: ethernetLength(icmpEchoPacketBytes(dataBytes)),
    payload: { kind: "icmp", type, srcIp: echo.srcIp, dstIp: echo.dstIp, id: echo.id, seq: echo.seq, sentAt: echo.sentAt, dataBytes, dontFragment },
  };
}

/** The IPv4 packet of an echo with `dataBytes` of data: what must fit the MTU unfragmented. */
export function icmpEchoPacketBytes(dataBytes: number): number {
  return IPV4_HEADER + ICMP_HEADER + dataBytes;
}

/**
 * The fragments an IPv4 stack with `mtu` sends `packet` as (the packet alone when it fits). As
 * IP does, each fragment but the last carries a multiple of 8 bytes; the first keeps the
 * payload (the ICMP or UDP header travels in it), the others are bare IPv4 frames of their
 * size. The receiver acts on the first, so a path that drops the largest fragment drops the
 * packet; reassembly is not simulated beyond that.
 */
export function fragment(packet: Frame, mtu: number): Frame[] {
  const l3 = packet.length - ETHERNET_OVERHEAD;
  if (l3 <= mtu) return [packet];
  const perFragment = Math.floor((mtu - IPV4_HEADER) / 8) * 8;
  const { src, dst, vlan, ethertype } = packet;
  const frames: Frame[] = [{ ...packet, length: ethernetLength(IPV4_HEADER + perFragment) }];
  for (let rest = l3 - IPV4_HEADER - perFragment; rest > 0; rest -= perFragment) {
    frames.push({ src, dst, vlan, ethertype, length: ethernetLength(IPV4_HEADER + Math.min(rest, perFragment)) });
  }
  return frames;
}

export interface TrafficDatagram {
  readonly srcMac: Mac;
  readonly dstMac: Mac;
  readonly srcIp: string;
  readonly dstIp: string;
  readonly flow: string;
  readonly seq: number;
  readonly sentAt: number;
  readonly dataBytes: number;
}

export function trafficFrame(d: TrafficDatagram): Frame {
  return {
    src: d.srcMac,
    dst: d.dstMac,
    vlan: 0,
    ethertype: ETHERTYPE.IPv4,
    length: ethernetLength(IPV4_HEADER + UDP_HEADER + d.dataBytes),
    payload: { kind: "traffic", flow: d.flow, seq: d.seq, sentAt: d.sentAt, srcIp: d.srcIp, dstIp: d.dstIp },
  };
}
