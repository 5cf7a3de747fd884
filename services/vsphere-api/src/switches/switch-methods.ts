import type { ManagementCommand } from "@vdsim/model";
import type { ApiDeps, Call, Method, MethodTable } from "../api/method.js";
import type { FaultContext } from "../api/remote-faults.js";
import { REFS, portGroupRef } from "../inventory/refs.js";
import { requiredArg, args } from "../soap/decode.js";
import { VimFault, invalidArgument } from "../soap/faults.js";
import { mor, type MoRef } from "../soap/values.js";
import { precheck, runCommands } from "./apply.js";
import { portGroupOf, switchOf } from "./lookup.js";
import { addPortGroupCommands, reconfigurePortGroupCommands } from "./portgroup-spec.js";
import { checkConfigVersion, createSwitchCommands, reconfigureSwitchCommands } from "./switch-spec.js";
import { field } from "./xml-read.js";

/** The spec property a command's values came from, for an InvalidArgument the model raises about them. */
const PROPERTY: Partial<Record<ManagementCommand["type"], string>> = {
  CreateDistributedSwitch: "spec.configSpec",
  ReconfigureDistributedSwitch: "spec.maxMtu",
  AddHostToDistributedSwitch: "spec.host",
  RemoveHostFromDistributedSwitch: "spec.host",
  AddDistributedPortGroup: "spec",
  SetDistributedPortGroupPolicy: "spec.defaultPortConfig",
};

/** What a refused command names: the existing switch or port group a new one's name collides with, or the object changed. */
function faultContext(deps: ApiDeps, self: MoRef): (c: ManagementCommand) => FaultContext {
  const base = faultObject(deps, self);
  return (c) => {
    const property = PROPERTY[c.type];
    return { ...base(c), ...(property === undefined ? {} : { property }) };
  };
}

function faultObject(deps: ApiDeps, self: MoRef): (c: ManagementCommand) => FaultContext {
  return (c) => {
    const { state } = deps.ctx;
    if (c.type === "CreateDistributedSwitch") {
      const existing = state.switches[c.vds];
      return existing ? { object: deps.ctx.switchRef(existing), name: c.vds } : { name: c.vds };
    }
    if (c.type === "AddDistributedPortGroup") {
      const existing = state.portGroups[c.portgroup];
      return existing ? { object: portGroupRef(existing.key), name: c.portgroup } : { name: c.portgroup };
    }
    if (c.type === "RemoveDistributedPortGroup") return { object: self, name: c.portgroup };
    if (c.type === "RemoveDistributedSwitch") return { object: self, name: c.vds };
    return { object: self };
  };
}

/** Checks the commands whole, then starts the task that sends them; the task's result is what `result` gives once they are in. */
function changeTask(deps: ApiDeps, call: Call, spec: { name: string; descriptionId: string; entity?: MoRef; entityName?: string }, commands: readonly ManagementCommand[], result: () => ReturnType<typeof mor> | undefined): ReturnType<typeof mor> {
  const ctx = faultContext(deps, call.req.this);
  precheck(deps, commands, ctx);
  const task = deps.tasks.start({ ...spec, userName: call.session.userName ?? "" }, async (running) => {
    await runCommands(deps, commands, ctx);
    const value = result();
    if (value?.kind === "mor" && spec.entity === undefined) running.setEntity(value.ref, spec.entityName ?? "");
    return value;
  });
  return mor(task);
}

function createDvs(deps: ApiDeps, call: Call) {
  if (call.req.this.value !== REFS.networkFolder.value) throw new VimFault("NotSupported", `a distributed switch is created in the network folder (${REFS.networkFolder.value}), not in ${call.req.this.value}`);
  const { name, commands } = createSwitchCommands(deps.ctx, field(requiredArg(call.req, "spec"), "spec"));
  return changeTask(deps, call, { name: "CreateDVS_Task", descriptionId: "Folder.createDistributedVirtualSwitch", entityName: name }, commands, () => {
    const vds = deps.ctx.state.switches[name];
    return vds && mor(deps.ctx.switchRef(vds));
  });
}

function reconfigureDvs(deps: ApiDeps, call: Call) {
  const vds = switchOf(deps.ctx, call.req.this);
  const spec = field(requiredArg(call.req, "spec"), "spec");
  checkConfigVersion(spec, deps.ctx.cluster.switchConfigVersion(vds.name), `distributed switch "${vds.name}" (${call.req.this.value})`);
  const commands = reconfigureSwitchCommands(deps.ctx, vds, spec);
  return changeTask(deps, call, { name: "ReconfigureDvs_Task", descriptionId: "DistributedVirtualSwitch.reconfigure", entity: call.req.this, entityName: vds.name }, commands, () => undefined);
}

/** AddDVPortgroup_Task (specs) and CreateDVPortgroup_Task (one spec, the new port group its result). */
function addPortGroups(deps: ApiDeps, call: Call, one: boolean) {
  const vds = switchOf(deps.ctx, call.req.this);
  const specs = args(call.req, "spec");
  if (specs.length === 0) throw invalidArgument("spec", `${call.req.method} needs the argument "spec"`);
  const decoded = specs.map((s, i) => addPortGroupCommands(vds, field(s, one ? "spec" : `spec[${i}]`)));
  const names = decoded.map((d) => d.name);
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup !== undefined) throw new VimFault("DuplicateName", `port group "${dup}" is named twice in the spec`, { name: { kind: "primitive", xsd: "string", value: dup }, object: mor(call.req.this) });
  const method = one ? "CreateDVPortgroup_Task" : "AddDVPortgroup_Task";
  return changeTask(deps, call, { name: method, descriptionId: one ? "DistributedVirtualSwitch.addPortgroup" : "DistributedVirtualSwitch.addPortgroups", entity: call.req.this, entityName: vds.name }, decoded.flatMap((d) => d.commands), () => {
    const pg = one && names[0] !== undefined ? deps.ctx.state.portGroups[names[0]] : undefined;
    return pg && mor(portGroupRef(pg.key));
  });
}

function reconfigurePortGroup(deps: ApiDeps, call: Call) {
  const pg = portGroupOf(deps.ctx, call.req.this);
  const spec = field(requiredArg(call.req, "spec"), "spec");
  checkConfigVersion(spec, deps.ctx.cluster.portGroupConfigVersion(pg.name), `port group "${pg.name}" (${pg.key})`);
  const commands = reconfigurePortGroupCommands(pg, spec);
  return changeTask(deps, call, { name: "ReconfigureDVPortgroup_Task", descriptionId: "dvs.DistributedVirtualPortgroup.reconfigure", entity: call.req.this, entityName: pg.name }, commands, () => undefined);
}

function destroyPortGroup(deps: ApiDeps, call: Call) {
  const pg = portGroupOf(deps.ctx, call.req.this);
  const commands: ManagementCommand[] = [{ type: "RemoveDistributedPortGroup", vds: pg.vds, portgroup: pg.name }];
  return changeTask(deps, call, { name: "Destroy_Task", descriptionId: "dvs.DistributedVirtualPortgroup.destroy", entity: call.req.this, entityName: pg.name }, commands, () => undefined);
}

function destroySwitch(deps: ApiDeps, call: Call) {
  const vds = switchOf(deps.ctx, call.req.this);
  const commands: ManagementCommand[] = [{ type: "RemoveDistributedSwitch", vds: vds.name }];
  return changeTask(deps, call, { name: "Destroy_Task", descriptionId: "DistributedVirtualSwitch.destroy", entity: call.req.this, entityName: vds.name }, commands, () => undefined);
}

function lookupPortGroup(deps: ApiDeps, call: Call) {
  const vds = switchOf(deps.ctx, call.req.this);
  const key = requiredArg(call.req, "portgroupKey").text.trim();
  return portGroupInSwitch(deps, vds.name, key, call.req.this);
}

/** A port group of a switch by key (its uplink port group too), or NotFound naming both. */
export function portGroupInSwitch(deps: ApiDeps, vds: string, key: string, switchRef: MoRef) {
  const sw = deps.ctx.state.switches[vds];
  const found = sw?.uplinkPortGroup.key === key || Object.values(deps.ctx.state.portGroups).some((pg) => pg.vds === vds && pg.key === key);
  if (!found) throw new VimFault("NotFound", `distributed switch "${vds}" (${switchRef.value}) has no port group with key "${key}"`);
  return mor(portGroupRef(key));
}

/** The switches area: creating and changing distributed switches and their port groups, each through the management service. */
export function switchMethods(deps: ApiDeps): MethodTable {
  const m = (receiver: string, run: (call: Call) => ReturnType<Method["run"]>): Method => ({ receiver, run });
  return {
    CreateDVS_Task: m("Folder", (c) => createDvs(deps, c)),
    ReconfigureDvs_Task: m("DistributedVirtualSwitch", (c) => reconfigureDvs(deps, c)),
    AddDVPortgroup_Task: m("DistributedVirtualSwitch", (c) => addPortGroups(deps, c, false)),
    CreateDVPortgroup_Task: m("DistributedVirtualSwitch", (c) => addPortGroups(deps, c, true)),
    ReconfigureDVPortgroup_Task: m("DistributedVirtualPortgroup", (c) => reconfigurePortGroup(deps, c)),
    LookupDvPortGroup: m("DistributedVirtualSwitch", (c) => lookupPortGroup(deps, c)),
  };
}

/** Destroy_Task of a switch and of a port group: a second table, since the name is also a VM's (dispatch picks by receiver). */
export function switchDestroyMethods(deps: ApiDeps): readonly MethodTable[] {
  return [{ Destroy_Task: { receiver: "DistributedVirtualPortgroup", run: (c) => destroyPortGroup(deps, c) } }, { Destroy_Task: { receiver: "DistributedVirtualSwitch", run: (c) => destroySwitch(deps, c) } }];
}
