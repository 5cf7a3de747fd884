/** A MAC address, lowercase "xx:xx:xx:xx:xx:xx". */
export type Mac = string;

export const BROADCAST: Mac = "ff:ff:ff:ff:ff:ff";

export const ETHERTYPE = {
  IPv4: 0x0800,
  ARP: 0x0806,
  RARP: 0x8035,
} as const;

/** ARP, and RARP (op "reverse-request") as sent by "notify switches". */
export interface ArpPayload {
  readonly kind: "arp";
  readonly op: "request" | "reply" | "reverse-request";
  readonly senderMac: Mac;
  readonly senderIp: string;
  readonly targetMac: Mac;
  readonly targetIp: string;
}

export interface IcmpPayload {
  readonly kind: "icmp";
  readonly type: "echo-request" | "echo-reply";
  readonly srcIp: string;
  readonly dstIp: string;
  readonly id: number;
  readonly seq: number;
  /** ms, the sender's `now` when it sent the echo request */
  readonly sentAt: number;
  /** the echo's data size (what `vmkping -s` sets), whatever the frame carrying this header holds */
  readonly dataBytes: number;
  /** the IPv4 don't-fragment bit (`vmkping -d`) */
  readonly dontFragment: boolean;
}

/** A traffic generator's datagram (IPv4, UDP-like). */
export interface TrafficPayload {
  readonly kind: "traffic";
  readonly flow: string;
  readonly seq: number;
  readonly sentAt: number;
  readonly srcIp: string;
  readonly dstIp: string;
}

export type FramePayload = ArpPayload | IcmpPayload | TrafficPayload;

/** An Ethernet frame, without bytes. */
export interface Frame {
  readonly src: Mac;
  readonly dst: Mac;
  /** 802.1Q VLAN ID; 0 = untagged */
  readonly vlan: number;
  readonly ethertype: number;
  /** bytes on the wire */
  readonly length: number;
  readonly payload?: FramePayload;
}

/** Ethernet header and FCS around a layer-3 packet: what `length` counts beyond the packet. */
export const ETHERNET_OVERHEAD = 18;

/** The layer-3 packet's size, what an MTU limits (a frame padded to the Ethernet minimum counts its padding). */
export function packetBytes(frame: Frame): number {
  return frame.length - ETHERNET_OVERHEAD;
}

/** Broadcast or multicast: the I/G bit, the low bit of the first octet. */
export function isGroupMac(mac: Mac): boolean {
  const c = mac.charCodeAt(1);
  const nibble = c <= 57 ? c - 48 : c - 87;
  return (nibble & 1) === 1;
}

/** The frame with another VLAN tag; the same object when the tag already matches. */
export function withVlan(frame: Frame, vlan: number): Frame {
  if (frame.vlan === vlan) return frame;
  const { src, dst, ethertype, length, payload } = frame;
  return payload === undefined ? { src, dst, vlan, ethertype, length } : { src, dst, vlan, ethertype, length, payload };
}

