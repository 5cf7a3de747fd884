import type { ClusterState, RollbackReason } from "@vdsim/model";
import type { InventoryContext } from "../inventory/context.js";
import { VimFault } from "../soap/faults.js";
import { array, bool, data, mor, str, type VimValue } from "../soap/values.js";

/**
 * The fault a real vCenter raises for each reason vdsim's vMotion precheck gives (the model's
 * planDestination, the orchestrator's runtime checks), so a client catches it by type:
 * - no vMotion vmknic: VMotionNotConfigured (a VMotionInterfaceIssue), atSourceHost as it is
 * - the destination is not in the VDS / has no such standard port group: CannotAccessNetwork,
 *   naming the adapter and its network (vCenter's "network ... is not accessible")
 * - a full standard switch: InsufficientResourcesFault
 * - a host not responding: HostNotConnected
 * - the vMotion vmknics cannot reach each other: VMotionLinkDown (a VMotionInterfaceIssue)
 * Several reasons: the first one's fault, with every reason in faultMessage.
 */
export function precheckFault(ctx: InventoryContext, vm: string, reasons: readonly string[]): VimFault {
  const [first] = reasons;
  const message = `Cannot migrate "${vm}": ${reasons.join("; ")}`;
  const faultMessage = array(
    "LocalizableMessage",
    reasons.map((r) => data("LocalizableMessage", { key: str("com.vmware.vdsim.migration.precheck"), message: str(r) })),
  );
  const { type, props } = first === undefined ? { type: "MigrationFault", props: {} } : faultForReason(ctx, vm, first);
  return new VimFault(type, message, { ...props, faultMessage });
}

interface FaultShape {
  readonly type: string;
  readonly props: Record<string, VimValue | undefined>;
}

function faultForReason(ctx: InventoryContext, vmName: string, reason: string): FaultShape {
  const { state } = ctx;
  const source = state.vms[vmName]?.host;
  const hostProps = (host: string): Record<string, VimValue | undefined> => {
    const ref = ctx.hostRef(host);
    return { atSourceHost: bool(host === source), failedHost: str(host), failedHostEntity: ref && mor(ref) };
  };
  let m = /^Host "([^"]+)" has no vMotion-enabled VMkernel interface/.exec(reason);
  if (m?.[1] !== undefined) return { type: "VMotionNotConfigured", props: hostProps(m[1]) };
  m = /^vMotion interface (\S+) on "([^"]+)" cannot reach/.exec(reason);
  if (m?.[1] !== undefined && m[2] !== undefined) return { type: "VMotionLinkDown", props: { ...hostProps(m[2]), network: str(vmotionPortGroup(state, m[2], m[1])) } };
  m = /\((Network adapter (\d+)), port group "([^"]+)"\)$/.exec(reason) ?? /named "([^"]+)" \((Network adapter (\d+))\)$/.exec(reason);
  if (m && /not a member of distributed switch|has no standard port group/.test(reason)) {
    const distributed = reason.includes("distributed switch");
    const adapter = distributed ? m[1] : m[2];
    const network = distributed ? m[3] : m[1];
    return { type: "CannotAccessNetwork", props: networkProps(ctx, adapter ?? "", network ?? "") };
  }
  if (/^Host "[^"]+" is not responding/.test(reason)) return { type: "HostNotConnected", props: {} };
  if (/has no free port/.test(reason)) return { type: "InsufficientResourcesFault", props: {} };
  if (/not found$/.test(reason)) return { type: "NotFound", props: {} };
  return { type: "MigrationFault", props: {} };
}

/** CannotAccessVmDevice's device, backing and connected, and the Network it names. */
function networkProps(ctx: InventoryContext, adapter: string, network: string): Record<string, VimValue | undefined> {
  const pg = ctx.state.portGroups[network];
  const ref = pg ? { type: "DistributedVirtualPortgroup", value: pg.key } : ctx.networkRef(network);
  return { device: str(adapter), backing: str(network), connected: bool(true), network: mor(ref) };
}

function vmotionPortGroup(state: ClusterState, host: string, vmknic: string): string {
  const c = state.hosts[host]?.vmknics[vmknic]?.connection;
  if (!c) return vmknic;
  return c.kind === "standard" ? c.portgroup : (state.switches[c.vds]?.ports[c.portKey]?.portgroup ?? c.vds);
}

/**
 * The fault of a migration that did not complete, from why the machine rolled it back: a precheck
 * at run time as above; a step that failed: NetworkCopyFault for the memory pre-copy over the
 * vMotion network, else MigrationFault; a step that timed out: Timedout; cancelled: RequestCanceled.
 */
export function migrationEndFault(ctx: InventoryContext, vm: string, reason: RollbackReason | null | undefined, result: string): VimFault {
  if (!reason) return new VimFault("MigrationFault", `The migration of "${vm}" ${result === "failed" ? "failed" : "was rolled back"}`);
  switch (reason.kind) {
    case "precheckFailed":
      return precheckFault(ctx, vm, reason.reasons);
    case "stepFailed":
      return reason.step === "precopyIteration"
        ? new VimFault("NetworkCopyFault", `The memory pre-copy of "${vm}" failed: ${reason.message}`, { file: str("") })
        : new VimFault("MigrationFault", `The migration of "${vm}" failed in ${reason.step}: ${reason.message}`);
    case "stepTimedOut":
      return new VimFault("Timedout", `The migration of "${vm}" timed out in ${reason.step} after ${reason.timeoutMs} ms`);
    case "cancelled":
      return new VimFault("RequestCanceled", `The migration of "${vm}" was cancelled during ${reason.during}${reason.message ? `: ${reason.message}` : ""}`);
  }
}
