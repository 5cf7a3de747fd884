import type { NatsConnection, Subscription } from "@nats-io/transport-node";
import type { Frame } from "@vdsim/dataplane";
import { Subjects } from "@vdsim/protocol";
import { decodeWireBatch, encodeWireBatch, type WireEntry } from "./wire-codec.js";


interface Location {
  readonly host: string;
  readonly vmnic: string;
  at: number;
}

export interface WireDelivery {
  readonly fromHost: string;
  /** the vmnic the frame is for; undefined for a flood, which every switch with an uplink receives */
  readonly vmnic: string | undefined;
  readonly frame: Frame;
}

const AGING_MS = 300_000;
/** Frames for one subject go out together when the current burst of work ends, at most this many per message. */
const MAX_BATCH = 256;

/**
 * The physical network between hosts, over NATS. Like a learning switch, it learns behind
 * which host and vmnic each (VLAN, MAC) sits from the frames it carries (a RARP moves a MAC);
 * unicasts to a learned MAC go to that host alone, everything else is flooded to every host.
 * Each host agent keeps its own view of the learned table.
 */
export class PhysicalWire {
  readonly #locations = new Map<string, Location>();
  readonly #subs: Subscription[] = [];
  readonly #batches = new Map<string, WireEntry[]>();
  #flushScheduled = false;
  framesSent = 0;
  framesReceived = 0;

  constructor(
    private readonly nc: NatsConnection,
    private readonly host: string,
    private readonly deliver: (d: WireDelivery) => void,
    private readonly now: () => number = Date.now,
  ) {
    const onMessage = (err: Error | null, data: Uint8Array): void => {
      if (err) return;
      const batch = decodeWireBatch(data);
      if (batch.host === this.host) return;
      for (const w of batch.entries) {
        this.framesReceived++;
        this.#learn(w.frame, batch.host, w.out);
        this.deliver({ fromHost: batch.host, vmnic: w.in, frame: w.frame });
      }
    };
    this.#subs.push(nc.subscribe(Subjects.wire(host), { callback: (err, msg) => onMessage(err, msg.data) }));
    this.#subs.push(nc.subscribe(Subjects.wireFlood, { callback: (err, msg) => onMessage(err, msg.data) }));
  }

  /**
   * Sends a frame that left this host by `vmnic`. Returns the local delivery when the frame
   * (or a flood) must also come back in through another of this host's own vmnics.
   */
  send(frame: Frame, vmnic: string): WireDelivery | undefined {
    this.#learn(frame, this.host, vmnic);
    const to = frame.dst.startsWith("ff") || (parseInt(frame.dst.slice(0, 2), 16) & 1) === 1 ? undefined : this.#lookup(frame);
    this.framesSent++;
    if (to === undefined) {
      this.#enqueue(Subjects.wireFlood, { out: vmnic, in: undefined, frame });
      return { fromHost: this.host, vmnic: undefined, frame };
    }
    if (to.host === this.host) return to.vmnic === vmnic ? undefined : { fromHost: this.host, vmnic: to.vmnic, frame };
    this.#enqueue(Subjects.wire(to.host), { out: vmnic, in: to.vmnic, frame });
    return undefined;
  }

  #enqueue(subject: string, w: WireEntry): void {
    let batch = this.#batches.get(subject);
    if (!batch) this.#batches.set(subject, (batch = []));
    batch.push(w);
    if (batch.length >= MAX_BATCH) {
      this.#batches.delete(subject);
      this.nc.publish(subject, encodeWireBatch(this.host, batch));
    }
    if (!this.#flushScheduled) {
      this.#flushScheduled = true;
      setImmediate(() => this.#flush());
    }
  }

  #flush(): void {
    this.#flushScheduled = false;
    if (this.nc.isClosed()) return;
    for (const [subject, batch] of this.#batches) this.nc.publish(subject, encodeWireBatch(this.host, batch));
    this.#batches.clear();
  }

  /** The learned table: "vlan|mac" -> host/vmnic. */
  table(): Array<{ vlan: number; mac: string; host: string; vmnic: string }> {
    return [...this.#locations].map(([key, l]) => {
      const [vlan, mac] = key.split("|") as [string, string];
      return { vlan: Number(vlan), mac, host: l.host, vmnic: l.vmnic };
    });
  }

  #learn(frame: Frame, host: string, vmnic: string): void {
    const key = `${frame.vlan}|${frame.src}`;
    const known = this.#locations.get(key);
    if (known && known.host === host && known.vmnic === vmnic) known.at = this.now();
    else this.#locations.set(key, { host, vmnic, at: this.now() });
  }

  #lookup(frame: Frame): Location | undefined {
    const key = `${frame.vlan}|${frame.dst}`;
    const l = this.#locations.get(key);
    if (l && this.now() - l.at > AGING_MS) {
      this.#locations.delete(key);
      return undefined;
    }
    return l;
  }

  close(): void {
    this.#flush();
    for (const s of this.#subs) s.unsubscribe();
  }
}
