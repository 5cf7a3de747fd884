import type { ApiDeps, Call } from "../api/method.js";
import { faultFromError } from "../api/remote-faults.js";
import { REFS } from "../inventory/refs.js";
import { readMoRef, requiredArg, arg } from "../soap/decode.js";
import { VimFault, invalidArgument } from "../soap/faults.js";
import { enumValue, mor, type MoRef, type VimValue } from "../soap/values.js";
import { createVmCommand, decodeCreateVmSpec, firstMisfit, hostFits, type CreateVmRequest } from "./create-spec.js";
import { untilFolded, untilSeq } from "./folded.js";
import { hostOf, hostsInOrder, requirePool, vmOf } from "./lookup.js";
import { forgetVm, rememberVm } from "./vm-presentation.js";

/** How long a change waits for the hosts it concerns to apply it, as the CLI's --wait. */
export const APPLY_WAIT_MS = 10_000;

/**
 * Folder.CreateVM_Task: the spec is read and placed here (refusals before any task, nothing
 * recorded); the management service decides CreateVm as for `vdsim vm create`. Without a host, the
 * VM goes to the first connected host (by name) that can take every vNIC.
 */
export function createVm(deps: ApiDeps, c: Call): VimValue {
  const { ctx } = deps;
  if (c.req.this.value !== REFS.vmFolder.value) throw new VimFault("NotSupported", `vdsim creates virtual machines only in the datacenter's VM folder (${REFS.vmFolder.value})`);
  const req = decodeCreateVmSpec(ctx, requiredArg(c.req, "config"));
  if (ctx.state.vms[req.name]) throw duplicateName(deps, req.name);
  requirePool(readMoRef(requiredArg(c.req, "pool")));
  const hostArg = arg(c.req, "host");
  const host = hostArg ? hostOf(ctx, readMoRef(hostArg)).name : placeVm(deps, req);
  if (hostArg) {
    const h = ctx.state.hosts[host];
    const misfit = h && firstMisfit(ctx.state, h, req.nics);
    if (misfit) throw invalidArgument(`${misfit.path}.backing`, `Host "${host}" cannot take ${misfit.path}: it is not on "${misfit.network}"${misfit.vds ? ` (not a member of distributed switch "${misfit.vds}")` : ""}`);
  }
  return mor(
    deps.tasks.start({ name: "CreateVM_Task", descriptionId: "Folder.createVm", entity: REFS.vmFolder, entityName: "vm", userName: c.session.userName ?? "" }, async () => {
      let result;
      try {
        result = await deps.cluster.command(createVmCommand(req, host), { waitMs: APPLY_WAIT_MS });
      } catch (err) {
        throw createFault(deps, req, err);
      }
      await untilSeq(deps, result.seq, `virtual machine "${req.name}"`);
      const vm = ctx.state.vms[req.name];
      if (!vm) throw new VimFault("SystemError", `virtual machine "${req.name}" was created but is not in the log any more`);
      rememberVm(ctx, vm.name, {
        macs: vm.nics.map((n) => n.mac),
        nics: req.nics.map(({ type, startConnected, allowGuestControl, wakeOnLanEnabled }) => ({ type, startConnected, allowGuestControl, wakeOnLanEnabled })),
        ...(req.numCPUs === undefined ? {} : { numCPUs: req.numCPUs }),
        ...(req.guestId === undefined ? {} : { guestId: req.guestId }),
      });
      deps.changes.bump();
      return mor(ctx.vmRef(vm.name));
    }),
  );
}

function placeVm(deps: ApiDeps, req: CreateVmRequest): string {
  const { ctx } = deps;
  const connected = hostsInOrder(ctx).filter((h) => ctx.connectionState(h.name) === "connected");
  if (connected.length === 0) throw new VimFault("NoActiveHostInCluster", "No host of the cluster is connected", { computeResource: mor(REFS.cluster) });
  const fit = connected.find((h) => hostFits(ctx.state, h, req.nics));
  if (fit) return fit.name;
  const misfit = req.nics.find((n) => !connected.some((h) => hostFits(ctx.state, h, [n]))) ?? req.nics[0];
  throw invalidArgument(`${misfit?.path ?? "config.deviceChange"}.backing`, `No connected host can take every network adapter of "${req.name}" (${misfit?.path ?? ""} on "${misfit?.network ?? ""}")`);
}

function duplicateName(deps: ApiDeps, name: string): VimFault {
  return new VimFault("DuplicateName", `The name '${name}' already exists.`, { name: { kind: "primitive", xsd: "string", value: name }, object: mor(deps.ctx.vmRef(name)) });
}

/** The management service's refusal of CreateVm, naming the spec's property it was about. */
function createFault(deps: ApiDeps, req: CreateVmRequest, err: unknown): VimFault {
  const message = err instanceof Error ? err.message : String(err);
  if (/already exists/i.test(message) && deps.ctx.state.vms[req.name]) return duplicateName(deps, req.name);
  const nic = req.nics.find((n) => message.includes(`"${n.network}"`));
  const property = /memory/i.test(message) ? "config.memoryMB" : nic ? `${nic.path}.backing` : /vNIC|network/i.test(message) ? "config.deviceChange" : "config.name";
  return faultFromError(err, { object: REFS.vmFolder, name: req.name, property });
}

/** VirtualMachine.Destroy_Task: RemoveVm, as `vdsim vm remove`; its dvPorts are freed. */
export function destroyVm(deps: ApiDeps, c: Call): VimValue {
  const { ctx } = deps;
  const vm = vmOf(ctx, c.req.this);
  const ref: MoRef = c.req.this;
  return mor(
    deps.tasks.start({ name: "Destroy_Task", descriptionId: "VirtualMachine.destroy", entity: ref, entityName: vm.name, userName: c.session.userName ?? "" }, async () => {
      let result;
      try {
        result = await deps.cluster.command({ type: "RemoveVm", vm: vm.name }, { waitMs: APPLY_WAIT_MS });
      } catch (err) {
        throw faultFromError(err, { object: ref, name: vm.name });
      }
      await untilSeq(deps, result.seq, `the removal of "${vm.name}"`);
      await untilFolded(deps, () => ctx.state.vms[vm.name] === undefined, `the removal of "${vm.name}"`);
      forgetVm(ctx, vm.name);
      return undefined;
    }),
  );
}

const POWERED_ON = enumValue("VirtualMachinePowerState", "poweredOn");

/**
 * vdsim's VMs have no power state: a VM runs from its creation to its removal (its guest stack
 * answers, its traffic flows). PowerOnVM_Task of such a VM is what vCenter says of a powered-on
 * VM (InvalidPowerState); PowerOffVM_Task is NotSupported, naming why.
 */
export function powerOnVm(deps: ApiDeps, c: Call): VimValue {
  const vm = vmOf(deps.ctx, c.req.this);
  const host = arg(c.req, "host");
  if (host) hostOf(deps.ctx, readMoRef(host));
  return mor(
    deps.tasks.start({ name: "PowerOnVM_Task", descriptionId: "VirtualMachine.powerOn", entity: c.req.this, entityName: vm.name, userName: c.session.userName ?? "" }, () =>
      Promise.reject(new VimFault("InvalidPowerState", "The attempted operation cannot be performed in the current state (Powered on).", { requestedState: POWERED_ON, existingState: POWERED_ON })),
    ),
  );
}

export function powerOffVm(deps: ApiDeps, c: Call): VimValue {
  const vm = vmOf(deps.ctx, c.req.this);
  return mor(
    deps.tasks.start({ name: "PowerOffVM_Task", descriptionId: "VirtualMachine.powerOff", entity: c.req.this, entityName: vm.name, userName: c.session.userName ?? "" }, () =>
      Promise.reject(new VimFault("NotSupported", `vdsim's virtual machines always run: "${vm.name}" cannot be powered off (remove it with Destroy_Task)`)),
    ),
  );
}
