import { Decoder, Encoder } from "@msgpack/msgpack";
import type { Frame, FramePayload } from "@vdsim/dataplane";

/** One frame on the physical network: out of which vmnic it left, and for which vmnic when known. */
export interface WireEntry {
  readonly out: string;
  readonly in: string | undefined;
  readonly frame: Frame;
}

export interface WireBatch {
  readonly host: string;
  readonly entries: readonly WireEntry[];
}

// Frames travel as tuples, not objects: a batch is [host, [out, in, src, dst, vlan, ethertype, length, payload]...]
// and a payload is [kind, ...fields]. Object keys would dominate both the bytes and the (de)serializing time.
type PayloadTuple = readonly unknown[] | null;
type EntryTuple = readonly [string, string | null, string, string, number, number, number, PayloadTuple];

const encoder = new Encoder({ initialBufferSize: 64 * 1024 });
const decoder = new Decoder();

const ARP_OPS = ["request", "reply", "reverse-request"] as const;
const ICMP_TYPES = ["echo-request", "echo-reply"] as const;

function payloadTuple(p: FramePayload | undefined): PayloadTuple {
  if (p === undefined) return null;
  switch (p.kind) {
    case "traffic":
      return [0, p.flow, p.seq, p.sentAt, p.srcIp, p.dstIp];
    case "icmp":
      return [1, ICMP_TYPES.indexOf(p.type), p.srcIp, p.dstIp, p.id, p.seq, p.sentAt, p.dataBytes, p.dontFragment ? 1 : 0];
    case "arp":
      return [2, ARP_OPS.indexOf(p.op), p.senderMac, p.senderIp, p.targetMac, p.targetIp];
  }
}

function payloadOf(t: PayloadTuple): FramePayload | undefined {
  if (t === null) return undefined;
  switch (t[0]) {
    case 0:
      return { kind: "traffic", flow: t[1] as string, seq: t[2] as number, sentAt: t[3] as number, srcIp: t[4] as string, dstIp: t[5] as string };
    case 1:
      return {
        kind: "icmp",
        type: ICMP_TYPES[t[1] as number] ?? "echo-request",
        srcIp: t[2] as string,
        dstIp: t[3] as string,
        id: t[4] as number,
        seq: t[5] as number,
        sentAt: t[6] as number,
        dataBytes: t[7] as number,
        dontFragment: t[8] === 1,
      };
    default:
      return { kind: "arp", op: ARP_OPS[t[1] as number] ?? "request", senderMac: t[2] as string, senderIp: t[3] as string, targetMac: t[4] as string, targetIp: t[5] as string };
  }
}

export function encodeWireBatch(host: string, entries: readonly WireEntry[]): Uint8Array {
  const tuples: EntryTuple[] = entries.map(({ out, in: inn, frame: f }) => [out, inn ?? null, f.src, f.dst, f.vlan, f.ethertype, f.length, payloadTuple(f.payload)]);
  return encoder.encode([host, tuples]);
}

export function decodeWireBatch(bytes: Uint8Array): WireBatch {
  const [host, tuples] = decoder.decode(bytes) as [string, EntryTuple[]];
  return {
    host,
    entries: tuples.map(([out, inn, src, dst, vlan, ethertype, length, p]) => {
      const payload = payloadOf(p);
      const frame: Frame = payload === undefined ? { src, dst, vlan, ethertype, length } : { src, dst, vlan, ethertype, length, payload };
      return { out, in: inn ?? undefined, frame };
    }),
  };
}
