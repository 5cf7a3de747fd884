import type { NatsConnection, Subscription } from "@nats-io/transport-node";
import type { Frame } from "@vdsim/dataplane";
import { PhysicalSwitch, type Wire, type WireDelivery } from "@vdsim/esx";
import { Subjects } from "@vdsim/protocol";
import { decodeWireBatch, encodeWireBatch, type WireEntry } from "./wire-codec.js";

/** Frames for one subject go out together when the current burst of work ends, at most this many per message. */
const MAX_BATCH = 256;

/**
 * The physical network between hosts, over NATS: unicasts to a MAC the physical switch learned
 * go to that host's subject alone, everything else to the flood subject. Each host agent keeps
 * its own view of the learned table.
 */
export class PhysicalWire implements Wire {
  readonly #switch: PhysicalSwitch;
  readonly #subs: Subscription[] = [];
  readonly #batches = new Map<string, WireEntry[]>();
  #flushScheduled = false;
  framesSent = 0;
  framesReceived = 0;

  constructor(
    private readonly nc: NatsConnection,
    private readonly host: string,
    private readonly deliver: (d: WireDelivery) => void,
    now: () => number = Date.now,
  ) {
    this.#switch = new PhysicalSwitch(host, now);
    const onMessage = (err: Error | null, data: Uint8Array): void => {
      if (err) return;
      const batch = decodeWireBatch(data);
      if (batch.host === this.host) return;
      for (const w of batch.entries) {
        this.framesReceived++;
        this.#switch.learn(w.frame, batch.host, w.out);
        this.deliver({ fromHost: batch.host, vmnic: w.in, frame: w.frame });
      }
    };
    this.#subs.push(nc.subscribe(Subjects.wire(host), { callback: (err, msg) => onMessage(err, msg.data) }));
    this.#subs.push(nc.subscribe(Subjects.wireFlood, { callback: (err, msg) => onMessage(err, msg.data) }));
  }

  send(frame: Frame, vmnic: string): WireDelivery | undefined {
    const route = this.#switch.route(frame, vmnic);
    this.framesSent++;
    switch (route.kind) {
      case "flood":
        this.#enqueue(Subjects.wireFlood, { out: vmnic, in: undefined, frame });
        return { fromHost: this.host, vmnic: undefined, frame };
      case "unicast":
        this.#enqueue(Subjects.wire(route.host), { out: vmnic, in: route.vmnic, frame });
        return undefined;
      case "local":
        return { fromHost: this.host, vmnic: route.vmnic, frame };
      case "none":
        return undefined;
    }
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
    return this.#switch.table();
  }

  close(): void {
    this.#flush();
    for (const s of this.#subs) s.unsubscribe();
  }
}
