import type { InventoryContext } from "../inventory/context.js";
import { array, data, type MoRef, type VimValue } from "../soap/values.js";
import type { VsphereEvent, VsphereEventFold } from "./event-fold.js";
import { EVENT_TYPES, isEventOf } from "./event-types.js";
import { eventFilterValue, timeMatches, userMatches, type EventFilter } from "./filter-spec.js";
import { HistoryCursor, entityMatches } from "./history.js";

/** Whether a folded event passes an EventFilterSpec (every part the filter sets must hold). */
export function eventMatches(fold: VsphereEventFold, ctx: InventoryContext, f: EventFilter, e: VsphereEvent): boolean {
  if (f.eventChainId !== undefined && e.chainId !== f.eventChainId) return false;
  if (f.types.length > 0 && !f.types.some((t) => isEventOf(e.type, t))) return false;
  if (f.category.length > 0 && !f.category.includes(EVENT_TYPES[e.type]?.category ?? "info")) return false;
  if (!timeMatches(f, e.createdTime)) return false;
  if (!userMatches(f.userName, e.userName)) return false;
  return f.entity === undefined || entityMatches(f.entity, fold.render(ctx, e));
}

/** An event as the wire carries it; without its message when the filter says disableFullMessage. */
export function eventValue(fold: VsphereEventFold, ctx: InventoryContext, e: VsphereEvent, f?: EventFilter): VimValue {
  const v = fold.render(ctx, e).value;
  return f?.disableFullMessage ? data(v.type, { ...v.props, fullFormattedMessage: undefined }) : v;
}

/** QueryEvents: the events matching the filter, newest first, at most maxCount (vCenter's default 1000). */
export function queryEvents(fold: VsphereEventFold, ctx: InventoryContext, f: EventFilter): VimValue {
  const matching = fold.all().filter((e) => eventMatches(fold, ctx, f, e));
  const newest = matching.slice(-(f.maxCount ?? 1000)).reverse();
  return array("Event", newest.map((e) => eventValue(fold, ctx, e, f)));
}

/** An EventHistoryCollector: a session's cursor over the events matching its filter, live as the log grows. */
export class EventCollector extends HistoryCursor<VsphereEvent> {
  protected readonly itemType = "Event";

  constructor(
    ref: MoRef,
    private readonly fold: VsphereEventFold,
    private readonly ctx: InventoryContext,
    readonly filter: EventFilter,
  ) {
    super(ref);
    if (filter.maxCount !== undefined) this.setPageSize(Math.min(filter.maxCount, 1000));
  }

  protected items(): readonly VsphereEvent[] {
    return this.fold.all().filter((e) => eventMatches(this.fold, this.ctx, this.filter, e));
  }

  protected value(e: VsphereEvent): VimValue {
    return eventValue(this.fold, this.ctx, e, this.filter);
  }

  protected filterValue(): VimValue {
    return eventFilterValue(this.filter);
  }

}
