import type { MigrationResult, RollbackReason } from "@vdsim/model";
import { data, str, valueAt, type VimValue } from "../soap/values.js";

/**
 * VmFailedMigrateEvent.reason: the fault vCenter records for a vMotion that did not complete. A
 * failed precheck or step is MigrationNotReady naming vdsim's reason, a step that ran out of time
 * Timedout, a cancelled one RequestCanceled. On the wire a property typed MethodFault is a
 * LocalizedMethodFault (as vim25's WSDL types it, and as pyVmomi reads it).
 */
export function migrationFault(reason: RollbackReason | null, result: MigrationResult): VimValue {
  const f = fault(reason, result);
  const text = f.kind === "data" ? f.props["reason"] ?? valueAt(f, ["faultMessage"]) : undefined;
  return data("LocalizedMethodFault", { fault: f, localizedMessage: text?.kind === "primitive" ? text : str(describe(reason, result)) });
}

function describe(reason: RollbackReason | null, result: MigrationResult): string {
  if (reason === null) return `the migration ${result}`;
  switch (reason.kind) {
    case "precheckFailed":
      return reason.reasons.join("; ");
    case "stepFailed":
      return `${reason.step} failed: ${reason.message}`;
    case "stepTimedOut":
      return `${reason.step} timed out after ${reason.timeoutMs} ms`;
    case "cancelled":
      return reason.message ?? `cancelled during ${reason.during}`;
  }
}
/** The fault itself. */
function fault(reason: RollbackReason | null, result: MigrationResult): VimValue {
  const message = (text: string): VimValue => data("LocalizableMessage", { key: str("com.vdsim.migration.failed"), message: str(text) });
  if (reason === null) return data("MigrationNotReady", { faultMessage: { kind: "array", itemType: "LocalizableMessage", items: [message(`the migration ${result}`)] }, reason: str(`the migration ${result}`) });
  switch (reason.kind) {
    case "precheckFailed": {
      const text = reason.reasons.join("; ");
      return data("MigrationNotReady", { faultMessage: { kind: "array", itemType: "LocalizableMessage", items: [message(text)] }, reason: str(text) });
    }
    case "stepFailed": {
      const text = `${reason.step} failed: ${reason.message}`;
      return data("MigrationNotReady", { faultMessage: { kind: "array", itemType: "LocalizableMessage", items: [message(text)] }, reason: str(text) });
    }
    case "stepTimedOut":
      return data("Timedout", { faultMessage: { kind: "array", itemType: "LocalizableMessage", items: [message(`${reason.step} timed out after ${reason.timeoutMs} ms`)] } });
    case "cancelled":
      return data("RequestCanceled", { faultMessage: { kind: "array", itemType: "LocalizableMessage", items: [message(reason.message ?? `cancelled during ${reason.during}`)] } });
  }
}
