import { NOT_RESPONDING_AFTER_MS, monotonicMs } from "@vdsim/protocol";
import type { HostConnectionState } from "./inventory/context.js";

/**
 * HostSystem runtime.connectionState from the heartbeats: connected while a host's agent was heard
 * within NOT_RESPONDING_AFTER_MS. A host not heard from yet counts as connected for that long
 * after the service started (as vCenter keeps a host's last state across its own restart).
 */
export class HostLiveness {
  readonly #heard = new Map<string, number>();
  readonly #startedAt: number;

  /** `now` times the silences: monotonicMs, which setting the wall clock does not move, unless a test gives its own */
  constructor(private readonly now: () => number = monotonicMs) {
    this.#startedAt = now();
  }

  heard(host: string): void {
    this.#heard.set(host, this.now());
  }

  state(host: string): HostConnectionState {
    const at = this.#heard.get(host) ?? this.#startedAt;
    return this.now() - at < NOT_RESPONDING_AFTER_MS ? "connected" : "notResponding";
  }
}
