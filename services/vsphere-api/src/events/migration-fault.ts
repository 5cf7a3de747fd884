import type { MigrationResult, RollbackReason } from "@vdsim/model";
import { data, str, type VimValue } from "../soap/values.js";

/**
 * VmFailedMigrateEvent.reason: the fault vCenter records for a vMotion that did not complete. A
 * failed precheck or step is MigrationNotReady naming vdsim's reason, a step that ran out of time
 * Timedout, a cancelled one RequestCanceled.
 */
export function migrationFault(reason: RollbackReason | null, result: MigrationResult): VimValue {
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
