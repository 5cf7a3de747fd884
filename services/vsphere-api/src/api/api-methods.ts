import type { ApiDeps, MethodTable } from "./method.js";
import { taskMethods } from "../tasks/task-methods.js";
import { eventMethods } from "../events/event-methods.js";

/**
 * Every area of the API beyond sessions and reading, each in a module of its own: one line here
 * per area (watching, tasks, switches and port groups, hosts, VMs, events).
 */
export function apiMethods(deps: ApiDeps): MethodTable[] {
  return [taskMethods(deps), eventMethods(deps)];
}
