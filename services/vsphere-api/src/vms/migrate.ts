import { planDestination, type Vm } from "@vdsim/model";
import { RemoteError } from "@vdsim/protocol";
import type { ApiDeps, Call } from "../api/method.js";
import { faultFromError } from "../api/remote-faults.js";
import { readMoRef, arg, requiredArg } from "../soap/decode.js";
import { VimFault, invalidArgument } from "../soap/faults.js";
import { child, type XmlElement } from "../soap/xml-tree.js";
import { enumValue, mor, type MoRef, type VimValue } from "../soap/values.js";
import { REFS } from "../inventory/refs.js";
import { untilFolded } from "./folded.js";
import { hostOf, requirePool, vmOf } from "./lookup.js";
import { migrationEndFault, precheckFault } from "./migration-faults.js";

const PRIORITIES = ["defaultPriority", "highPriority", "lowPriority"];
const POWER_STATES = ["poweredOn", "poweredOff", "suspended"];

/** VirtualMachine.MigrateVM_Task(pool, host, priority, state): vMotion to the host. */
export function migrateVm(deps: ApiDeps, c: Call): VimValue {
  const vm = vmOf(deps.ctx, c.req.this);
  readPriority(requiredArg(c.req, "priority"), "priority");
  const state = arg(c.req, "state");
  if (state) {
    const s = state.text.trim();
    if (!POWER_STATES.includes(s)) throw invalidArgument("state", `"${s}" is not a VirtualMachinePowerState`);
    // vdsim's VMs always run: a migration asked for another power state does not apply to them
    if (s !== "poweredOn") {
      throw new VimFault("InvalidPowerState", `"${vm.name}" is powered on, not ${s}`, { requestedState: enumValue("VirtualMachinePowerState", s), existingState: enumValue("VirtualMachinePowerState", "poweredOn") });
    }
  }
  const pool = arg(c.req, "pool");
  if (pool) requirePool(readMoRef(pool));
  const host = arg(c.req, "host");
  // one cluster, no DRS: a migration within it names its host
  if (!host) throw invalidArgument("host", `MigrateVM_Task of "${vm.name}" needs the destination host (vdsim has no DRS to pick one)`);
  return startMigration(deps, c, vm, hostOf(deps.ctx, readMoRef(host)).name, "MigrateVM_Task", "VirtualMachine.migrate");
}

/** VirtualMachine.RelocateVM_Task(spec, priority): a vMotion to spec.host; vdsim has no storage to move. */
export function relocateVm(deps: ApiDeps, c: Call): VimValue {
  const vm = vmOf(deps.ctx, c.req.this);
  const priority = arg(c.req, "priority");
  if (priority) readPriority(priority, "priority");
  const spec = requiredArg(c.req, "spec");
  for (const name of ["datastore", "disk", "deviceChange", "service", "transform", "profile", "diskMoveType"]) {
    if (child(spec, name)) throw invalidArgument(`spec.${name}`, `vdsim's virtual machines have no storage and stay in this vCenter: spec.${name} is not supported`);
  }
  const folder = child(spec, "folder");
  if (folder && readMoRef(folder).value !== REFS.vmFolder.value) {
    throw invalidArgument("spec.folder", `vdsim keeps every virtual machine in the VM folder: spec.folder is not supported`);
  }
  const pool = child(spec, "pool");
  if (pool) requirePool(readMoRef(pool));
  const host = child(spec, "host");
  const destination = host ? hostOf(deps.ctx, readMoRef(host)).name : vm.host;
  return startMigration(deps, c, vm, destination, "RelocateVM_Task", "VirtualMachine.relocate");
}

function readPriority(e: XmlElement, path: string): string {
  const p = e.text.trim();
  if (!PRIORITIES.includes(p)) throw invalidArgument(path, `"${p}" is not a VirtualMachineMovePriority (${PRIORITIES.join(", ")})`);
  return p;
}

/**
 * The task of a vMotion. Its precheck from the log (the model's planDestination, the same rule
 * the orchestrator applies) and the hosts' liveness refuse it with vCenter's fault before anything
 * is recorded; the management service then runs the migration as for `vdsim vm migrate --wait`, and
 * the task's progress follows the migration's phases. Moving a VM to the host it is on changes
 * nothing and succeeds, as vCenter's relocate to the current host does.
 */
function startMigration(deps: ApiDeps, c: Call, vm: Vm, destination: string, name: string, descriptionId: string): VimValue {
  const entity: MoRef = deps.ctx.vmRef(vm.name);
  return mor(
    deps.tasks.start({ name, descriptionId, entity, entityName: vm.name, userName: c.session.userName ?? "" }, async (task) => {
      const { ctx } = deps;
      const now = ctx.state.vms[vm.name];
      if (!now) throw new VimFault("ManagedObjectNotFound", `The virtual machine "${vm.name}" has been removed`, { obj: mor(entity) });
      if (now.host === destination) return undefined;
      const reasons = [...planDestination(ctx.state, vm.name, destination).reasons];
      for (const h of [now.host, destination]) if (ctx.connectionState(h) !== "connected") reasons.push(`Host "${h}" is not responding`);
      if (reasons.length > 0) throw precheckFault(ctx, vm.name, reasons);
      let started: { migration: string; seq: number };
      try {
        started = await deps.cluster.migrate(vm.name, destination);
      } catch (err) {
        throw requestFault(err, entity, vm.name);
      }
      task.setChainId(await requestSeq(deps, started.migration, started.seq));
      const done = await deps.cluster.waitForMigration(started.migration, started.seq, (_phase, percent) => task.progress(percent));
      await untilFolded(deps, () => (ctx.state.migrations[started.migration]?.result ?? null) !== null, `the end of migration ${started.migration}`);
      if (done.result !== "completed") throw migrationEndFault(ctx, vm.name, done.outcome?.rollbackReason, done.result ?? "failed");
      return undefined;
    }),
  );
}

/** How far around the reply's sequence the migration's request is looked for in the log. */
const REQUEST_WINDOW = 64;

/**
 * A migration's chain id (the eventChainId of its task and of its events): the log's sequence of
 * its MigrationRequested, a number every reader of the log finds alike. The reply's sequence is
 * the management service's at the time it answered, at or just after the request.
 */
async function requestSeq(deps: ApiDeps, migration: string, near: number): Promise<number> {
  try {
    for await (const e of deps.cluster.events({ from: Math.max(1, near - REQUEST_WINDOW), to: near })) {
      if (e.envelope.type === "MigrationRequested" && e.envelope.data.migration === migration) return e.seq;
    }
  } catch (err) {
    deps.log.warn({ err, migration }, "could not read the migration's request from the log; its chain id is the reply's sequence");
  }
  return near;
}

/** The management service's refusal of the request itself (nothing recorded): another migration of the VM is InvalidState. */
function requestFault(err: unknown, vm: MoRef, name: string): VimFault {
  if (err instanceof RemoteError && err.code === "IN_USE") return new VimFault("InvalidState", err.message);
  return faultFromError(err, { object: vm, name });
}
