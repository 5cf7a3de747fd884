import type { StoredEvent } from "@vdsim/eventstore";
import type { ChangeSignal } from "../changes.js";
import type { InventoryContext } from "../inventory/context.js";
import { VsphereEventFold } from "./event-fold.js";

/** How often host liveness is looked at when nothing else moves (the service bumps the change signal on each move anyway). */
const LOOK_EVERY_MS = 1_000;

/**
 * The service's vSphere events: the fold the log follower feeds, and a watch on host liveness
 * that adds HostConnectionLostEvent and the like as hosts stop and start beating.
 */
export class EventFeed {
  readonly fold: VsphereEventFold;
  readonly #stop = new AbortController();

  constructor(userName: string) {
    this.fold = new VsphereEventFold(userName);
  }

  apply(e: StoredEvent): void {
    this.fold.apply(e);
  }

  /** Watches host liveness until stopped; every event it adds bumps the change signal (a watched latestPage moves). */
  watchLiveness(ctx: InventoryContext, changes: ChangeSignal): void {
    const signal = this.#stop.signal;
    void (async () => {
      while (!signal.aborted) {
        const before = this.fold.size;
        this.fold.observeLiveness((h) => ctx.connectionState(h) === "connected");
        if (this.fold.size !== before) changes.bump();
        await changes.after(changes.version, LOOK_EVERY_MS, signal);
      }
    })();
  }

  stop(): void {
    this.#stop.abort();
  }
}
