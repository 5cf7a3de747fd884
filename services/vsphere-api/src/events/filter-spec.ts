import { readBoolean, readInt, readMoRef, readString } from "../soap/decode.js";
import { invalidArgument } from "../soap/faults.js";
import { array, bool, data, dateTime, enumValue, int, mor, strings, type MoRef, type VimValue } from "../soap/values.js";
import { child, childrenNamed, type XmlElement } from "../soap/xml-tree.js";

export type Recursion = "self" | "children" | "all";
const RECURSIONS: readonly Recursion[] = ["self", "children", "all"];

export interface EntityFilter {
  readonly entity: MoRef;
  readonly recursion: Recursion;
}

export interface UserFilter {
  readonly systemUser: boolean;
  readonly userList: readonly string[];
}

/** What EventFilterSpec and TaskFilterSpec share. */
export interface CommonFilter {
  readonly entity?: EntityFilter;
  readonly beginTime?: Date;
  readonly endTime?: Date;
  readonly userName?: UserFilter;
}

export function readDate(e: XmlElement): Date {
  const d = new Date(e.text.trim());
  if (Number.isNaN(d.getTime())) throw invalidArgument(e.name, `"${e.name}" is not a date and time: "${e.text}"`);
  return d;
}

export function readEntityFilter(e: XmlElement | undefined, prefix: string): EntityFilter | undefined {
  if (!e) return undefined;
  const entity = child(e, "entity");
  if (!entity) throw invalidArgument(`${prefix}.entity.entity`, "the entity filter names no entity");
  const recursion = child(e, "recursion")?.text.trim() ?? "self";
  if (!RECURSIONS.includes(recursion as Recursion)) throw invalidArgument(`${prefix}.entity.recursion`, `recursion "${recursion}" is none of self, children, all`);
  return { entity: readMoRef(entity), recursion: recursion as Recursion };
}

export function readUserFilter(e: XmlElement | undefined): UserFilter | undefined {
  if (!e) return undefined;
  const system = child(e, "systemUser");
  return { systemUser: system ? readBoolean(system) : false, userList: childrenNamed(e, "userList").map(readString) };
}

/** Whether an event or task by `userName` ("" for the system's own) passes a user filter. */
export function userMatches(filter: UserFilter | undefined, userName: string): boolean {
  if (!filter) return true;
  if (userName === "") return filter.systemUser;
  return filter.userList.some((u) => u.toLowerCase() === userName.toLowerCase());
}

export function timeMatches(f: CommonFilter, t: Date | undefined): boolean {
  if (f.beginTime === undefined && f.endTime === undefined) return true;
  if (t === undefined) return false;
  if (f.beginTime && t < f.beginTime) return false;
  if (f.endTime && t > f.endTime) return false;
  return true;
}

/** What an EventFilterSpec and a TaskFilterSpec read alike: entity, time window, user. */
function readCommonFilter(e: XmlElement): CommonFilter {
  const time = child(e, "time");
  const begin = time && child(time, "beginTime");
  const end = time && child(time, "endTime");
  const entity = readEntityFilter(child(e, "entity"), "filter");
  const userName = readUserFilter(child(e, "userName"));
  return {
    ...(entity ? { entity } : {}),
    ...(begin ? { beginTime: readDate(begin) } : {}),
    ...(end ? { endTime: readDate(end) } : {}),
    ...(userName ? { userName } : {}),
  };
}

export interface EventFilter extends CommonFilter {
  readonly eventChainId?: number;
  readonly category: readonly string[];
  /** `type` and `eventTypeId` together: an event matches when its type is one of them or a subtype of one */
  readonly types: readonly string[];
  readonly maxCount?: number;
  readonly disableFullMessage: boolean;
}

/** An EventFilterSpec from a request; bad values are InvalidArgument naming the property. */
export function readEventFilter(e: XmlElement): EventFilter {
  const chain = child(e, "eventChainId");
  const max = child(e, "maxCount");
  const disable = child(e, "disableFullMessage");
  const maxCount = max ? readInt(max) : undefined;
  if (maxCount !== undefined && maxCount <= 0) throw invalidArgument("filter.maxCount", `maxCount must be positive, not ${maxCount}`);
  return {
    ...readCommonFilter(e),
    ...(chain ? { eventChainId: readInt(chain) } : {}),
    ...(maxCount !== undefined ? { maxCount } : {}),
    category: childrenNamed(e, "category").map(readString),
    types: [...childrenNamed(e, "type"), ...childrenNamed(e, "eventTypeId")].map((t) => t.text.trim().replace(/^vim\.event\./, "")),
    disableFullMessage: disable ? readBoolean(disable) : false,
  };
}

function entityValue(type: string, f: EntityFilter): VimValue {
  return data(type, { entity: mor(f.entity), recursion: enumValue(`${type.replace(/ByEntity$/, "")}RecursionOption`, f.recursion) });
}

function userValue(type: string, f: UserFilter): VimValue {
  return data(type, { systemUser: bool(f.systemUser), userList: f.userList.length > 0 ? strings(f.userList) : undefined });
}

/** The filter a collector was made with, as its `filter` property reads back. */
export function eventFilterValue(f: EventFilter): VimValue {
  const time = f.beginTime || f.endTime ? data("EventFilterSpecByTime", { beginTime: f.beginTime && dateTime(f.beginTime), endTime: f.endTime && dateTime(f.endTime) }) : undefined;
  return data("EventFilterSpec", {
    entity: f.entity && entityValue("EventFilterSpecByEntity", f.entity),
    time,
    userName: f.userName && userValue("EventFilterSpecByUsername", f.userName),
    eventChainId: f.eventChainId === undefined ? undefined : int(f.eventChainId),
    disableFullMessage: f.disableFullMessage ? bool(true) : undefined,
    category: f.category.length > 0 ? strings(f.category) : undefined,
    eventTypeId: f.types.length > 0 ? strings(f.types) : undefined,
    maxCount: f.maxCount === undefined ? undefined : int(f.maxCount),
  });
}

export type TaskTimeType = "queuedTime" | "startedTime" | "completedTime";
const TIME_TYPES: readonly TaskTimeType[] = ["queuedTime", "startedTime", "completedTime"];
const TASK_STATES = ["queued", "running", "success", "error"] as const;

export interface TaskFilter extends CommonFilter {
  readonly timeType: TaskTimeType;
  readonly state: readonly string[];
  readonly eventChainId: readonly number[];
}

export function readTaskFilter(e: XmlElement): TaskFilter {
  const time = child(e, "time");
  const timeType = (time && child(time, "timeType")?.text.trim()) ?? "queuedTime";
  if (!TIME_TYPES.includes(timeType as TaskTimeType)) throw invalidArgument("filter.time.timeType", `timeType "${timeType}" is none of ${TIME_TYPES.join(", ")}`);
  const state = childrenNamed(e, "state").map((s) => s.text.trim());
  const bad = state.find((s) => !(TASK_STATES as readonly string[]).includes(s));
  if (bad !== undefined) throw invalidArgument("filter.state", `task state "${bad}" is none of ${TASK_STATES.join(", ")}`);
  return {
    ...readCommonFilter(e),
    timeType: timeType as TaskTimeType,
    state,
    eventChainId: childrenNamed(e, "eventChainId").map(readInt),
  };
}

export function taskFilterValue(f: TaskFilter): VimValue {
  const time = f.beginTime || f.endTime ? data("TaskFilterSpecByTime", { timeType: enumValue("TaskFilterSpecTimeOption", f.timeType), beginTime: f.beginTime && dateTime(f.beginTime), endTime: f.endTime && dateTime(f.endTime) }) : undefined;
  return data("TaskFilterSpec", {
    entity: f.entity && entityValue("TaskFilterSpecByEntity", f.entity),
    time,
    userName: f.userName && userValue("TaskFilterSpecByUsername", f.userName),
    state: f.state.length > 0 ? array("TaskInfoState", f.state.map((s) => enumValue("TaskInfoState", s))) : undefined,
    eventChainId: f.eventChainId.length > 0 ? array("int", f.eventChainId.map(int)) : undefined,
  });
}
