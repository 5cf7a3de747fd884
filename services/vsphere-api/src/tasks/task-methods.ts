import type { ApiDeps, MethodTable } from "../api/method.js";
import { VimFault, managedObjectNotFound } from "../soap/faults.js";

/**
 * Task's own methods. Tasks are read through the property collector (Task.info,
 * TaskManager.recentTask). vdsim's tasks are not cancelable (info.cancelable is false: each is
 * one decision of the cluster, in the log once made), so CancelTask is InvalidState, as vCenter
 * answers for a task that cannot be cancelled or has ended.
 */
export function taskMethods(deps: Pick<ApiDeps, "tasks">): MethodTable {
  return {
    CancelTask: {
      receiver: "Task",
      run: (c) => {
        const state = deps.tasks.state(c.req.this);
        if (state === undefined) throw managedObjectNotFound(c.req.this);
        throw new VimFault("InvalidState", `Task ${c.req.this.value} cannot be cancelled: ${state === "running" || state === "queued" ? "vdsim's tasks are not cancelable" : `it has ended (${state})`}.`);
      },
    },
  };
}
