import type { TaskStore } from "../tasks/task-store.js";
import { valueAt, type MoRef, type VimValue } from "../soap/values.js";
import { taskFilterValue, timeMatches, userMatches, type TaskFilter } from "./filter-spec.js";
import { HistoryCursor, entityMatches, type EntityFacts } from "./history.js";

interface TaskItem {
  readonly ordinal: number;
  readonly info: VimValue;
}

const text = (v: VimValue | undefined): string | undefined => (v?.kind === "primitive" || v?.kind === "enum" ? v.value : undefined);

/** The entity facts of a task: its entity, by the kind of entity it is. */
function taskFacts(info: VimValue): EntityFacts {
  const entity = valueAt(info, ["entity"]);
  const ref = entity?.kind === "mor" ? entity.ref : undefined;
  if (!ref) return { refs: [], hasHost: false, hasVm: false, hasNetwork: false };
  return {
    refs: [ref],
    hasHost: ref.type === "HostSystem",
    hasVm: ref.type === "VirtualMachine",
    hasNetwork: ["VmwareDistributedVirtualSwitch", "DistributedVirtualSwitch", "DistributedVirtualPortgroup", "Network"].includes(ref.type),
  };
}

const TIME_PROP = { queuedTime: "queueTime", startedTime: "startTime", completedTime: "completeTime" } as const;

export function taskMatches(f: TaskFilter, info: VimValue): boolean {
  const state = text(valueAt(info, ["state"]));
  if (f.state.length > 0 && (state === undefined || !f.state.includes(state))) return false;
  const chain = Number(text(valueAt(info, ["eventChainId"])) ?? "0");
  if (f.eventChainId.length > 0 && !f.eventChainId.includes(chain)) return false;
  const at = text(valueAt(info, [TIME_PROP[f.timeType]]));
  if (!timeMatches(f, at === undefined ? undefined : new Date(at))) return false;
  if (!userMatches(f.userName, text(valueAt(info, ["reason", "userName"])) ?? "")) return false;
  return entityMatches(f.entity, taskFacts(info));
}

/** A TaskHistoryCollector: a session's cursor over the TaskInfo of the tasks kept (TaskStore), oldest first. */
export class TaskCollector extends HistoryCursor<TaskItem> {
  protected readonly itemType = "TaskInfo";

  constructor(
    ref: MoRef,
    private readonly tasks: TaskStore,
    readonly filter: TaskFilter,
  ) {
    super(ref);
  }

  protected items(): readonly TaskItem[] {
    const out: TaskItem[] = [];
    for (const ref of this.tasks.refs()) {
      const info = this.tasks.info(ref);
      // task-N: N is the order tasks were started in, which keeps the cursor's place as old tasks are dropped
      const ordinal = Number(/(\d+)$/.exec(ref.value)?.[1] ?? "0");
      if (info && taskMatches(this.filter, info)) out.push({ ordinal, info });
    }
    return out;
  }

  protected value(t: TaskItem): VimValue {
    return t.info;
  }

  protected filterValue(): VimValue {
    return taskFilterValue(this.filter);
  }
}
