import { BROADCAST, ETHERTYPE, type Frame, type Mac } from "./frame.js";

/** Ethernet header and FCS around a layer-3 packet. */
const ETHERNET_OVERHEAD = 18;
export const MIN_FRAME_BYTES = 64;
const ARP_BYTES = 28;
const IPV4_HEADER = 20;
const ICMP_HEADER = 8;
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
}

export function icmpEcho(type: "echo-request" | "echo-reply", echo: IcmpEcho): Frame {
  const data = echo.dataBytes ?? DEFAULT_PING_DATA_BYTES;
  return {
    src: echo.srcMac,
    dst: echo.dstMac,
    vlan: 0,
    ethertype: ETHERTYPE.IPv4,
    length: ethernetLength(IPV4_HEADER + ICMP_HEADER + data),
    payload: { kind: "icmp", type, srcIp: echo.srcIp, dstIp: echo.dstIp, id: echo.id, seq: echo.seq, sentAt: echo.sentAt },
  };
}

/** The echo data size of an echo request of `frameLength` bytes, so the reply is as long as the request. */
export function icmpEchoDataBytes(frameLength: number): number {
  return Math.max(0, frameLength - ETHERNET_OVERHEAD - IPV4_HEADER - ICMP_HEADER);
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
