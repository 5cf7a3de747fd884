import type { ApiDeps, MethodTable } from "../api/method.js";

/**
 * TaskManager's and Task's own methods. Tasks are read through the property collector (Task.info,
 * TaskManager.recentTask); vdsim's tasks cannot be cancelled (their changes are one command each).
 */
export function taskMethods(_deps: ApiDeps): MethodTable {
  return {};
}
