import type { ApiDeps, Call, MethodTable } from "../api/method.js";
import type { SessionObject } from "../api/session-objects.js";
import { REFS } from "../inventory/refs.js";
import { readInt, requiredArg } from "../soap/decode.js";
import { VimFault, managedObjectNotFound } from "../soap/faults.js";
import { array, int, mor, type MoRef } from "../soap/values.js";
import type { ManagedObject, ObjectSource } from "../inventory/managed-object.js";
import { EventCollector, eventValue, queryEvents } from "./event-collector.js";
import type { VsphereEventFold } from "./event-fold.js";
import { eventDescription } from "./event-types.js";
import { readEventFilter, readTaskFilter } from "./filter-spec.js";
import { HistoryCursor, MAX_COLLECTORS } from "./history.js";
import { TaskCollector } from "./task-collector.js";

const isCursor = (o: SessionObject): o is HistoryCursor<{ ordinal: number }> => o instanceof HistoryCursor;
const isEventCollector = (o: SessionObject): o is EventCollector => o instanceof EventCollector;
const isTaskCollector = (o: SessionObject): o is TaskCollector => o instanceof TaskCollector;

function own<T extends SessionObject>(c: Call, is: (o: SessionObject) => o is T): T {
  const found = c.session.objects.find(c.req.this, is);
  if (!found) throw managedObjectNotFound(c.req.this);
  return found;
}

function checkRoom(c: Call): void {
  const held = c.session.objects.refsOf("EventHistoryCollector").length + c.session.objects.refsOf("TaskHistoryCollector").length;
  if (held >= MAX_COLLECTORS) throw new VimFault("InvalidState", `This session already holds ${held} history collectors (maxCollector ${MAX_COLLECTORS}): destroy one first`);
}

/** A filter's entity must exist now, as vCenter's must (a deleted VM's events are found by another filter). */
function checkEntity<T extends { readonly entity?: { readonly entity: MoRef } }>(c: Call, filter: T): T {
  if (filter.entity && !c.source.get(filter.entity.entity)) throw managedObjectNotFound(filter.entity.entity);
  return filter;
}

const maxCount = (c: Call): number => readInt(requiredArg(c.req, "maxCount"));

/** The EventManager singleton as the property collector reads it: description.eventInfo, latestEvent, maxCollector. */
export function eventManagerSource(deps: Pick<ApiDeps, "ctx" | "events">): ObjectSource {
  return {
    get: (ref): ManagedObject | undefined => {
      if (ref.type !== REFS.eventManager.type || ref.value !== REFS.eventManager.value) return undefined;
      const latest = deps.events.latest();
      return {
        ref: REFS.eventManager,
        props: { description: eventDescription(), latestEvent: latest && eventValue(deps.events, deps.ctx, latest), maxCollector: int(MAX_COLLECTORS) },
      };
    },
  };
}

/**
 * EventManager (QueryEvents, CreateCollectorForEvents), the event and task history collectors
 * (ReadNext/ReadPrevious, Rewind, Reset, SetCollectorPageSize, Destroy) and
 * TaskManager.CreateCollectorForTasks. PostEvent and LogUserEvent are not served (MethodNotFound):
 * every event comes from the log.
 */
export function eventMethods(deps: Pick<ApiDeps, "ctx" | "events" | "tasks">): MethodTable {
  const fold: VsphereEventFold = deps.events;
  return {
    QueryEvents: { receiver: "EventManager", run: (c) => queryEvents(fold, deps.ctx, checkEntity(c, readEventFilter(requiredArg(c.req, "filter")))) },
    CreateCollectorForEvents: {
      receiver: "EventManager",
      run: (c) => {
        const filter = checkEntity(c, readEventFilter(requiredArg(c.req, "filter")));
        checkRoom(c);
        return mor(c.session.objects.add(new EventCollector(c.session.objects.newRef("EventHistoryCollector"), fold, deps.ctx, filter)));
      },
    },
    CreateCollectorForTasks: {
      receiver: "TaskManager",
      run: (c) => {
        const filter = checkEntity(c, readTaskFilter(requiredArg(c.req, "filter")));
        checkRoom(c);
        return mor(c.session.objects.add(new TaskCollector(c.session.objects.newRef("TaskHistoryCollector"), deps.tasks, filter)));
      },
    },
    ReadNextEvents: { receiver: "EventHistoryCollector", run: (c) => array("Event", own(c, isEventCollector).readNext(maxCount(c))) },
    ReadPreviousEvents: { receiver: "EventHistoryCollector", run: (c) => array("Event", own(c, isEventCollector).readPrevious(maxCount(c))) },
    ReadNextTasks: { receiver: "TaskHistoryCollector", run: (c) => array("TaskInfo", own(c, isTaskCollector).readNext(maxCount(c))) },
    ReadPreviousTasks: { receiver: "TaskHistoryCollector", run: (c) => array("TaskInfo", own(c, isTaskCollector).readPrevious(maxCount(c))) },
    SetCollectorPageSize: { receiver: "HistoryCollector", run: (c) => void own(c, isCursor).setPageSize(maxCount(c)) },
    RewindCollector: { receiver: "HistoryCollector", run: (c) => void own(c, isCursor).rewind() },
    ResetCollector: { receiver: "HistoryCollector", run: (c) => void own(c, isCursor).reset() },
    DestroyCollector: {
      receiver: "HistoryCollector",
      run: (c) => {
        own(c, isCursor);
        c.session.objects.remove(c.req.this);
        return undefined;
      },
    },
  };
}
