import type { SessionObject } from "../api/session-objects.js";
import { REFS } from "../inventory/refs.js";
import { invalidArgument } from "../soap/faults.js";
import { anyType, array, type MoRef, type VimValue } from "../soap/values.js";
import type { EntityFilter } from "./filter-spec.js";

/** vCenter's default size of a collector's latest page, and the most it allows. */
export const DEFAULT_PAGE_SIZE = 10;
export const MAX_PAGE_SIZE = 1000;
/** HistoryCollectors a session may hold at once (vCenter's maxCollector). */
export const MAX_COLLECTORS = 32;

/** What an entity filter looks at in an event or a task: the entities it names and which kinds. */
export interface EntityFacts {
  readonly refs: readonly MoRef[];
  readonly hasHost: boolean;
  readonly hasVm: boolean;
  readonly hasNetwork: boolean;
}

const same = (a: MoRef, b: MoRef): boolean => a.type === b.type && a.value === b.value;

/** Whether an entity's subtree (below it, not itself) holds an entity the item names: the inventory's containers. */
function childMatches(entity: MoRef, f: EntityFacts): boolean {
  if (same(entity, REFS.rootFolder) || same(entity, REFS.datacenter)) return f.refs.length > 0;
  if (same(entity, REFS.hostFolder) || same(entity, REFS.cluster)) return f.hasHost || f.hasVm;
  if (same(entity, REFS.vmFolder) || same(entity, REFS.resourcePool)) return f.hasVm;
  if (same(entity, REFS.networkFolder)) return f.hasNetwork;
  return false;
}

export function entityMatches(filter: EntityFilter | undefined, f: EntityFacts): boolean {
  if (!filter) return true;
  const self = f.refs.some((r) => same(r, filter.entity)) || same(filter.entity, REFS.rootFolder);
  switch (filter.recursion) {
    case "self":
      return self;
    case "children":
      return childMatches(filter.entity, f);
    case "all":
      return self || childMatches(filter.entity, f);
  }
}

export function checkMaxCount(n: number, property = "maxCount"): number {
  if (!Number.isInteger(n) || n <= 0 || n > MAX_PAGE_SIZE) throw invalidArgument(property, `${property} must be between 1 and ${MAX_PAGE_SIZE}, not ${n}`);
  return n;
}

/** One item a collector lists: its place in the order items were made. */
export interface Ordered {
  readonly ordinal: number;
}

/**
 * A HistoryCollector's "scrollable view" over the items matching its filter, oldest first. The
 * cursor sits between items (counted by their ordinals, so items dropped from the front do not
 * move it): a new collector is rewound (before the oldest); ReadNext reads forward, oldest
 * first; ReadPrevious reads backward, newest first; Reset puts the cursor just before the latest
 * page. latestPage is the last pageSize items, newest first.
 */
export abstract class HistoryCursor<T extends Ordered> implements SessionObject {
  #pos = 0;
  #pageSize = DEFAULT_PAGE_SIZE;

  constructor(readonly ref: MoRef) {}

  /** The items matching the filter now, oldest first. */
  protected abstract items(): readonly T[];
  protected abstract value(item: T): VimValue;
  /** the wire type of the items: Event, TaskInfo */
  protected abstract readonly itemType: string;
  protected abstract filterValue(): VimValue;

  /** What the property collector reads: the filter it was made with, its latest page. */
  props(): Readonly<Record<string, VimValue | undefined>> {
    return { filter: anyType(this.filterValue()), latestPage: array(this.itemType, this.latestPage()) };
  }

  setPageSize(n: number): void {
    this.#pageSize = checkMaxCount(n);
  }

  latestPage(): VimValue[] {
    return this.items().slice(-this.#pageSize).reverse().map((i) => this.value(i));
  }

  readNext(max: number): VimValue[] {
    checkMaxCount(max);
    const page = this.items().filter((i) => i.ordinal >= this.#pos).slice(0, max);
    const last = page.at(-1);
    if (last) this.#pos = last.ordinal + 1;
    return page.map((i) => this.value(i));
  }

  readPrevious(max: number): VimValue[] {
    checkMaxCount(max);
    const page = this.items().filter((i) => i.ordinal < this.#pos).slice(-max);
    const first = page[0];
    if (first) this.#pos = first.ordinal;
    return page.reverse().map((i) => this.value(i));
  }

  rewind(): void {
    this.#pos = 0;
  }

  reset(): void {
    const latest = this.items().slice(-this.#pageSize);
    this.#pos = latest[0]?.ordinal ?? 0;
  }

  get pageSize(): number {
    return this.#pageSize;
  }
}
