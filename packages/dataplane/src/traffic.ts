import { trafficFrame, MIN_FRAME_BYTES } from "./frame-builders.js";
import { withVlan, type Frame } from "./frame.js";
import type { EndpointEvent, IpEndpoint } from "./ip-endpoint.js";

export interface TrafficSenderOptions {
  readonly flow: string;
  readonly source: IpEndpoint;
  readonly dstIp: string;
  /** frames per second */
  readonly pps: number;
  /** when the first frame is due (ms) */
  readonly startAt: number;
  /** UDP data bytes per datagram; default: the smallest that fills a 64-byte frame */
  readonly dataBytes?: number;
  /** the last seq already sent (a flow that moved with its VM goes on from there); default 0 */
  readonly startSeq?: number;
}

const MIN_DATA_BYTES = MIN_FRAME_BYTES - 18 - 20 - 8;
/** While the destination is unresolved, one ARP request per this many ms. */
const ARP_RETRY_MS = 1000;

/**
 * A constant-rate flow from an endpoint: `due(now)` returns the datagrams due since the last
 * call, seq 1, 2, 3... Datagrams that fall due while the destination MAC is unknown are not
 * sent (and take no seq); an ARP request goes out instead, at most once a second.
 */
export class TrafficSender {
  readonly flow: string;
  private readonly intervalMs: number;
  private nextAt: number;
  private seq = 0;
  private lastArpAt = Number.NEGATIVE_INFINITY;
  /** datagrams not sent because the destination was unresolved */
  skipped = 0;

  constructor(private readonly options: TrafficSenderOptions) {
    if (!(options.pps > 0)) throw new RangeError(`Traffic flow "${options.flow}": pps must be positive, got ${options.pps}`);
    this.flow = options.flow;
    this.intervalMs = 1000 / options.pps;
    this.nextAt = options.startAt;
    this.seq = options.startSeq ?? 0;
  }

  /** How many datagrams were sent: the last seq. */
  get sent(): number {
    return this.seq;
  }

  due(now: number): Frame[] {
    const out: Frame[] = [];
    if (this.nextAt > now) return out;
    const { source, dstIp, flow } = this.options;
    const dstMac = source.resolve(dstIp);
    if (dstMac === undefined) {
      const missed = Math.floor((now - this.nextAt) / this.intervalMs) + 1;
      this.skipped += missed;
      this.nextAt += missed * this.intervalMs;
      if (now - this.lastArpAt >= ARP_RETRY_MS) {
        this.lastArpAt = now;
        out.push(source.arpRequestFor(dstIp));
      }
      return out;
    }
    const dataBytes = this.options.dataBytes ?? MIN_DATA_BYTES;
    while (this.nextAt <= now) {
      this.seq++;
      this.nextAt += this.intervalMs;
      const frame = trafficFrame({ srcMac: source.mac, dstMac, srcIp: source.ip, dstIp, flow, seq: this.seq, sentAt: now, dataBytes });
      out.push(withVlan(frame, source.vlan));
    }
    return out;
  }
}

export interface FlowStats {
  readonly flow: string;
  readonly received: number;
  /** seqs skipped between receipts, plus (when the sender's count is given) those after the last receipt */
  readonly lost: number;
  /** receipts whose seq was not above the last one (late or duplicated); they do not reduce `lost` */
  readonly outOfOrder: number;
  readonly lastSeq: number;
  /** the longest time between two consecutive receipts */
  readonly longestGapMs: number;
  readonly firstAt: number | null;
  readonly lastAt: number | null;
}

interface FlowState {
  received: number;
  lost: number;
  outOfOrder: number;
  lastSeq: number;
  longestGapMs: number;
  firstAt: number | null;
  lastAt: number | null;
}

/** Per-flow receive statistics of an endpoint. */
export class TrafficReceiver {
  private readonly flows = new Map<string, FlowState>();

  /** Records the endpoint's traffic events; other events are ignored. */
  onEvents(events: readonly EndpointEvent[], now: number): void {
    for (const e of events) if (e.type === "traffic") this.record(e.flow, e.seq, now);
  }

  record(flow: string, seq: number, now: number): void {
    let s = this.flows.get(flow);
    if (s === undefined) {
      s = { received: 0, lost: 0, outOfOrder: 0, lastSeq: 0, longestGapMs: 0, firstAt: null, lastAt: null };
      this.flows.set(flow, s);
    }
    s.received++;
    if (s.lastAt !== null) s.longestGapMs = Math.max(s.longestGapMs, now - s.lastAt);
    s.firstAt ??= now;
    s.lastAt = now;
    if (seq > s.lastSeq) {
      s.lost += seq - s.lastSeq - 1;
      s.lastSeq = seq;
    } else {
      s.outOfOrder++;
    }
  }

  /** A flow's statistics; with `sent` (the sender's count), datagrams after the last receipt count as lost too. */
  stats(flow: string, sent?: number): FlowStats {
    const s = this.flows.get(flow) ?? { received: 0, lost: 0, outOfOrder: 0, lastSeq: 0, longestGapMs: 0, firstAt: null, lastAt: null };
    const tail = sent === undefined ? 0 : Math.max(0, sent - s.lastSeq);
    return { flow, ...s, lost: s.lost + tail };
  }

  /** Takes over a flow's figures from another receiver (its VM moved here). */
  restore(stats: FlowStats): void {
    const { flow, received, lost, outOfOrder, lastSeq, longestGapMs, firstAt, lastAt } = stats;
    this.flows.set(flow, { received, lost, outOfOrder, lastSeq, longestGapMs, firstAt, lastAt });
  }

  /** Forgets a flow (its VM moved away). */
  forget(flow: string): void {
    this.flows.delete(flow);
  }

  flowIds(): string[] {
    return [...this.flows.keys()];
  }
}
