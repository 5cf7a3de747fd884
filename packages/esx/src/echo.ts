import { MessageTooLongError, type Frame, type IpEndpoint } from "@vdsim/dataplane";
import { sleep, type Clock } from "./clock.js";

/** What became of one echo request. */
export type EchoOutcome =
  | { readonly kind: "reply"; readonly rttMs: number }
  /** sent, and nothing came back in time */
  | { readonly kind: "timeout" }
  /** not sent: don't fragment and larger than the interface's MTU (EMSGSIZE) */
  | { readonly kind: "message-too-long" }
  /** sent nowhere: the target's MAC did not resolve, no ARP answer (EHOSTDOWN) */
  | { readonly kind: "host-down" };

export interface EchoOptions {
  readonly count: number;
  readonly intervalMs: number;
  readonly timeoutMs: number;
  /** ICMP data bytes, default 56 */
  readonly dataBytes?: number;
  readonly dontFragment?: boolean;
}

/** The sending side of ICMP echo for a host's stacks: sequences requests and waits for their replies. */
export class EchoSender {
  readonly #waiters = new Map<string, (rttMs: number) => void>();
  #id = 0;

  constructor(
    private readonly transmit: (portId: string, frames: readonly Frame[]) => void,
    private readonly clock: Clock,
  ) {}

  /** An echo reply arrived at the stack on `portId`. */
  replied(portId: string, id: number, seq: number, rttMs: number): void {
    this.#waiters.get(`${portId}|${id}|${seq}`)?.(rttMs);
  }

  async ping(portId: string, stack: IpEndpoint, targetIp: string, options: EchoOptions): Promise<EchoOutcome[]> {
    const id = (this.#id = (this.#id + 1) & 0xffff);
    const outcomes: EchoOutcome[] = [];
    for (let seq = 1; seq <= options.count; seq++) {
      outcomes.push(await this.#one(portId, stack, targetIp, id, seq, options));
      if (seq < options.count) await sleep(this.clock, options.intervalMs);
    }
    return outcomes;
  }

  async #one(portId: string, stack: IpEndpoint, targetIp: string, id: number, seq: number, options: EchoOptions): Promise<EchoOutcome> {
    let frames: Frame[];
    try {
      frames = stack.ping(targetIp, id, seq, this.clock.now(), options.dataBytes, options.dontFragment);
    } catch (err) {
      if (err instanceof MessageTooLongError) return { kind: "message-too-long" };
      throw err;
    }
    const key = `${portId}|${id}|${seq}`;
    const reply = new Promise<number | null>((resolve) => {
      const timer = this.clock.setTimeout(() => resolve(null), options.timeoutMs);
      this.#waiters.set(key, (rtt) => {
        timer.cancel();
        resolve(rtt);
      });
    });
    this.transmit(portId, frames);
    const rttMs = await reply;
    this.#waiters.delete(key);
    if (rttMs !== null) return { kind: "reply", rttMs };
    return stack.resolve(targetIp) === undefined ? { kind: "host-down" } : { kind: "timeout" };
  }
}
