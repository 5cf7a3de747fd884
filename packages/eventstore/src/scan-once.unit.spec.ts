import type { Consumer, ConsumerMessages, JsMsg } from "@nats-io/jetstream";
import { describe, expect, it } from "vitest";
import { scanOnce, type ScanOnceOptions } from "./scan-once.js";
import type { StoredEvent } from "./types.js";

// A consumer that stops delivering without saying so (nats.js's ordered consumer retrying its
// reset for ever: no missed-heartbeat status, never closed) must not hold a scan for ever.

type Callback = (m: JsMsg) => void;

const msg = (seq: number, pending: number): JsMsg => ({ seq, subject: "vdsim.evt.global.host.esx-01", data: new Uint8Array(), info: { pending } }) as unknown as JsMsg;

/** Messages that never close and report no status; `close()` can be made to hang as well. */
function silentMessages(closeHangs: boolean): ConsumerMessages & { closedCalls: number } {
  const never = new Promise<never>(() => undefined);
  const m = {
    closedCalls: 0,
    closed: () => never,
    close: () => {
      m.closedCalls++;
      return closeHangs ? never : Promise.resolve();
    },
    status: () => ({ [Symbol.asyncIterator]: () => ({ next: () => never }) }),
  };
  return m as unknown as ConsumerMessages & { closedCalls: number };
}

function consumerOf(deliver: (callback: Callback) => void, messages: ConsumerMessages, consumeHangs = false): Consumer {
  return {
    consume: (opts: { callback: Callback }) => {
      if (consumeHangs) return new Promise(() => undefined);
      setImmediate(() => deliver(opts.callback));
      return Promise.resolve(messages);
    },
  } as unknown as Consumer;
}

const options: ScanOnceOptions = {
  batch: 100,
  pull: { expires: 5_000, idle_heartbeat: 1_000 },
  idleMs: 200,
  toStored: (m) => ({ seq: m.seq, subject: m.subject, envelope: undefined as never }) as StoredEvent,
};

describe("scanOnce", () => {
  it("is done once the last sequence is delivered, and closes its consumer", async () => {
    const messages = silentMessages(false);
    const seen: number[] = [];
    const r = await scanOnce(consumerOf((cb) => [1, 2, 3].forEach((s) => cb(msg(s, 3 - s))), messages), 3, options, (e) => seen.push(e.seq));
    expect(r).toBe("done");
    expect(seen).toEqual([1, 2, 3]);
    expect(messages.closedCalls).toBe(1);
  });

  it("gives a consumer up as lost when it goes silent before the end, even if its close hangs", async () => {
    const messages = silentMessages(true);
    const seen: number[] = [];
    const t0 = Date.now();
    const r = await scanOnce(consumerOf((cb) => [1, 2].forEach((s) => cb(msg(s, 8))), messages), 10, options, (e) => seen.push(e.seq));
    expect(r).toBe("lost");
    expect(seen).toEqual([1, 2]);
    expect(Date.now() - t0).toBeLessThan(10_000);
  });

  it("gives a consumer up as lost when starting it hangs", async () => {
    const r = await scanOnce(consumerOf(() => undefined, silentMessages(false), true), 10, options, () => undefined);
    expect(r).toBe("lost");
  });
});
