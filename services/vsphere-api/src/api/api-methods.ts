import type { ApiDeps, MethodTable } from "./method.js";
import { watchMethods } from "../collector/watch-methods.js";
import { hostMethods } from "../hosts/host-methods.js";
import { taskMethods } from "../tasks/task-methods.js";
import { switchTables } from "../switches/mod.js";
import { vmMethods } from "../vms/vm-methods.js";

/**
 * Every area of the API beyond sessions and reading, each in a module of its own: one line here
 * per area (watching, tasks, switches and port groups, hosts, VMs, events).
 */
export function apiMethods(deps: ApiDeps): MethodTable[] {
  return [
    watchMethods(deps),
    taskMethods(deps),
    vmMethods(deps),
    hostMethods(deps),
    ...switchTables(deps),
  ];
}
