import type { ApiDeps, MethodTable } from "../api/method.js";
import { dvsManagerMethods } from "./dvs-manager.js";
import { switchDestroyMethods, switchMethods } from "./switch-methods.js";

export { dvsManagerSource } from "./dvs-manager.js";

/** The switches area's method tables: the DVS manager, switches and port groups, their Destroy_Task. */
export function switchTables(deps: ApiDeps): MethodTable[] {
  return [dvsManagerMethods(deps), switchMethods(deps), ...switchDestroyMethods(deps)];
}
