import type { ManagedObject, ObjectSource } from "../inventory/managed-object.js";
import type { ChangeSignal } from "../changes.js";
import { faultFromError } from "../api/remote-faults.js";
import { anyType, bool, data, dateTime, enumValue, int, mor, mors, str, type MoRef, type VimValue } from "../soap/values.js";
import { REFS } from "../inventory/refs.js";

export type TaskState = "queued" | "running" | "success" | "error";

export interface TaskSpec {
  /** the method that made the task: "ReconfigureDVPortgroup_Task" */
  readonly name: string;
  /** vCenter's description id: "dvs.DistributedVirtualPortgroup.reconfigure" */
  readonly descriptionId: string;
  readonly entity?: MoRef;
  readonly entityName?: string;
  readonly userName: string;
  /** the log's chain for the change (a migration id), when there is one */
  readonly eventChainId?: number;
}

/** What a task's work can say while it runs. */
export interface RunningTask {
  readonly ref: MoRef;
  /** 0-100 */
  progress(percent: number): void;
  /** the entity is known only once the change is in (a new switch, a new VM) */
  setEntity(entity: MoRef, name: string): void;
  setChainId(chainId: number): void;
}

interface TaskRecord {
  readonly ref: MoRef;
  readonly key: string;
  readonly spec: TaskSpec;
  entity: MoRef | undefined;
  entityName: string | undefined;
  eventChainId: number | undefined;
  state: TaskState;
  progress: number | undefined;
  result: VimValue | undefined;
  error: VimValue | undefined;
  readonly queueTime: Date;
  startTime: Date | undefined;
  completeTime: Date | undefined;
  /** settles when the task ended (tests and the bench wait on it) */
  readonly ended: Promise<void>;
}

/** How many ended tasks are kept (TaskManager.recentTask lists the last ones, as vCenter's recent tasks pane). */
const KEEP_ENDED = 200;
/** recentTask: what ran in the last ten minutes, as vCenter's */
const RECENT_MS = 10 * 60_000;

/**
 * The service's Tasks: every `_Task` method starts one, its work runs in the background and its
 * `info` (state, progress, result or error, times) moves as the work does; every move bumps the
 * change signal, so a client waiting on the task's info (pyVmomi's WaitForTask) sees it.
 */
export class TaskStore implements ObjectSource {
  readonly #tasks = new Map<string, TaskRecord>();
  #next = 1;

  constructor(
    private readonly changes: ChangeSignal,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Starts a task; its work's result (or fault) ends it. Returns the Task's reference at once. */
  start(spec: TaskSpec, work: (task: RunningTask) => Promise<VimValue | undefined>): MoRef {
    const n = this.#next++;
    const ref: MoRef = { type: "Task", value: `task-${n}` };
    let settle!: () => void;
    const record: TaskRecord = {
      ref,
      key: ref.value,
      spec,
      entity: spec.entity,
      entityName: spec.entityName,
      eventChainId: spec.eventChainId,
      state: "running",
      progress: 0,
      result: undefined,
      error: undefined,
      queueTime: this.now(),
      startTime: this.now(),
      completeTime: undefined,
      ended: new Promise<void>((r) => (settle = r)),
    };
    this.#tasks.set(ref.value, record);
    this.#trim();
    this.changes.bump();
    const running: RunningTask = {
      ref,
      progress: (p) => {
        if (record.state !== "running") return;
        record.progress = Math.max(0, Math.min(100, Math.round(p)));
        this.changes.bump();
      },
      setEntity: (entity, name) => {
        record.entity = entity;
        record.entityName = name;
        this.changes.bump();
      },
      setChainId: (id) => {
        record.eventChainId = id;
        this.changes.bump();
      },
    };
    void Promise.resolve()
      .then(() => work(running))
      .then(
        (result) => {
          record.state = "success";
          record.result = result;
          record.progress = 100;
        },
        (err: unknown) => {
          const fault = faultFromError(err, record.entity ? { object: record.entity } : {});
          record.state = "error";
          record.error = data("LocalizedMethodFault", { fault: fault.toData(), localizedMessage: str(fault.message) });
          record.progress = undefined;
        },
      )
      .finally(() => {
        record.completeTime = this.now();
        this.changes.bump();
        settle();
      });
    return ref;
  }

  /** Resolves once the task ended (success or error); undefined for a task this store does not have. */
  ended(ref: MoRef): Promise<void> | undefined {
    return this.#tasks.get(ref.value)?.ended;
  }

  state(ref: MoRef): TaskState | undefined {
    return this.#tasks.get(ref.value)?.state;
  }

  get(ref: MoRef): ManagedObject | undefined {
    if (ref.type !== "Task") return undefined;
    const t = this.#tasks.get(ref.value);
    return t && { ref: t.ref, props: { info: this.#info(t), availableField: undefined, value: undefined } };
  }

  /** Every task kept, oldest first. */
  refs(): MoRef[] {
    return [...this.#tasks.values()].map((t) => t.ref);
  }

  /** TaskManager.recentTask: the tasks still running and those that ended in the last ten minutes. */
  recent(): MoRef[] {
    const cutoff = this.now().getTime() - RECENT_MS;
    return [...this.#tasks.values()].filter((t) => t.completeTime === undefined || t.completeTime.getTime() >= cutoff).map((t) => t.ref);
  }

  /** The TaskInfo of a task (also what a task history collector lists). */
  info(ref: MoRef): VimValue | undefined {
    const t = this.#tasks.get(ref.value);
    return t && this.#info(t);
  }

  /** The TaskManager singleton as the property collector reads it. */
  managerObject(): ManagedObject {
    return {
      ref: REFS.taskManager,
      props: {
        recentTask: mors(this.recent()),
        description: data("TaskDescription", {
          methodInfo: { kind: "array", itemType: "ElementDescription", items: [] },
          state: { kind: "array", itemType: "ElementDescription", items: [] },
          reason: { kind: "array", itemType: "TypeDescription", items: [] },
        }),
        maxCollector: int(32),
      },
    };
  }

  #info(t: TaskRecord): VimValue {
    return data("TaskInfo", {
      key: str(t.key),
      task: mor(t.ref),
      name: str(t.spec.name),
      descriptionId: str(t.spec.descriptionId),
      entity: t.entity && mor(t.entity),
      entityName: t.entityName === undefined ? undefined : str(t.entityName),
      state: enumValue("TaskInfoState", t.state),
      cancelled: bool(false),
      cancelable: bool(false),
      error: t.error,
      result: t.result && anyType(t.result),
      progress: t.progress === undefined || t.state !== "running" ? undefined : int(t.progress),
      reason: data("TaskReasonUser", { userName: str(t.spec.userName) }),
      queueTime: dateTime(t.queueTime),
      startTime: t.startTime && dateTime(t.startTime),
      completeTime: t.completeTime && dateTime(t.completeTime),
      eventChainId: int(t.eventChainId ?? 0),
    });
  }

  #trim(): void {
    const ended = [...this.#tasks.values()].filter((t) => t.completeTime !== undefined);
    for (const t of ended.slice(0, Math.max(0, ended.length - KEEP_ENDED))) this.#tasks.delete(t.key);
  }
}
