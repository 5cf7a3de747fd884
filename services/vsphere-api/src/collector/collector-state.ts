import { filterSpecValue, type PropertyFilterSpec } from "./specs.js";
import { FilterState } from "./watch.js";
import type { SessionObject, SessionObjects } from "../api/session-objects.js";
import { bool, mors, type MoRef, type VimValue } from "../soap/values.js";

/** A PropertyFilter: a session object whose spec a collector watches. */
export class PropertyFilterObject implements SessionObject {
  readonly state: FilterState;

  constructor(
    readonly ref: MoRef,
    spec: PropertyFilterSpec,
    readonly partialUpdates: boolean,
    private readonly collector: CollectorState,
  ) {
    this.state = new FilterState(spec);
  }

  props(): Readonly<Record<string, VimValue | undefined>> {
    return { spec: filterSpecValue(this.state.spec), partialUpdates: bool(this.partialUpdates) };
  }

  dispose(): void {
    this.collector.filters.delete(this.ref.value);
  }
}

/**
 * A PropertyCollector of one session (the service's own `propertyCollector`, as each session sees
 * it, or one made by CreatePropertyCollector): its filters, the version of the last update set it
 * gave, and the wait in progress (a new wait, CancelWaitForUpdates or the end of the session ends it).
 */
export class CollectorState implements SessionObject {
  readonly filters = new Map<string, PropertyFilterObject>();
  /** the version of the last UpdateSet returned; 0: none yet */
  version = 0;
  #wait: AbortController | undefined;

  constructor(
    readonly ref: MoRef,
    private readonly objects: SessionObjects,
  ) {}

  props(): Readonly<Record<string, VimValue | undefined>> {
    return { filter: mors([...this.filters.values()].map((f) => f.ref)) };
  }

  /** Starts a wait, ending the one in progress (its caller gets what it has, as vCenter's RequestCanceled). */
  beginWait(): AbortController {
    this.#wait?.abort();
    const ac = new AbortController();
    this.#wait = ac;
    return ac;
  }

  endWait(ac: AbortController): void {
    if (this.#wait === ac) this.#wait = undefined;
  }

  cancelWait(): void {
    this.#wait?.abort();
    this.#wait = undefined;
  }

  dispose(): void {
    this.cancelWait();
    for (const f of [...this.filters.values()]) this.objects.remove(f.ref);
  }
}

export const isCollector = (o: SessionObject): o is CollectorState => o instanceof CollectorState;
export const isFilter = (o: SessionObject): o is PropertyFilterObject => o instanceof PropertyFilterObject;
