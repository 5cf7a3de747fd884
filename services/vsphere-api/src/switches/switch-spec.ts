import { LIMITS, applyPolicyPatch, defaultDistributedPolicy, isDomainError, type DistributedSwitch, type ManagementCommand } from "@vdsim/model";
import type { InventoryContext } from "../inventory/context.js";
import { VimFault, invalidArgument } from "../soap/faults.js";
import { hostNamed } from "./lookup.js";
import { decodePortSetting, notSupported } from "./port-setting-decode.js";
import { int, moRef, sub, subs, text, type Field } from "./xml-read.js";

/** The uplink names the model gives a switch of n uplinks: uplink1..uplinkN. */
export const uplinkNames = (n: number): string[] => Array.from({ length: n }, (_, i) => `uplink${i + 1}`);

/** uplinkPortPolicy.uplinkPortName: vdsim names uplinks uplink1..N, so a list of other names cannot read back as set. */
function uplinkCount(f: Field): number | undefined {
  const policy = sub(f, "uplinkPortPolicy");
  if (!policy) return undefined;
  const names = subs(policy, "uplinkPortName").map((n) => n.e.text.trim());
  const path = `${policy.path}.uplinkPortName`;
  if (names.length === 0) throw invalidArgument(path, `${path}: give at least one uplink`);
  const expected = uplinkNames(names.length);
  if (names.join(",") !== expected.join(",")) throw invalidArgument(path, `${path}: vdsim names a switch's uplinks ${expected.join(", ")}; got ${names.join(", ")}`);
  return names.length;
}

interface HostChange {
  readonly operation: "add" | "remove" | "edit";
  readonly host: string;
  readonly pnics: readonly string[] | undefined;
  readonly path: string;
}

function hostChanges(ctx: InventoryContext, f: Field): HostChange[] {
  return subs(f, "host").map((h) => {
    const op = text(sub(h, "operation"));
    if (op !== "add" && op !== "remove" && op !== "edit") throw invalidArgument(`${h.path}.operation`, `${h.path}.operation must be add, remove or edit; got "${op ?? ""}"`);
    const ref = moRef(sub(h, "host"));
    if (!ref) throw invalidArgument(`${h.path}.host`, `${h.path}.host is required`);
    const backing = sub(h, "backing");
    const pnicSpecs = backing ? subs(backing, "pnicSpec") : undefined;
    const pnics = pnicSpecs?.map((p) => {
      const device = text(sub(p, "pnicDevice"));
      if (!device) throw invalidArgument(`${p.path}.pnicDevice`, `${p.path}.pnicDevice is required`);
      return device;
    });
    return { operation: op, host: hostNamed(ctx, ref, `${h.path}.host`), pnics, path: h.path };
  });
}

function refuseUnmodelled(f: Field): void {
  const standalone = int(sub(f, "numStandalonePorts"));
  if (standalone !== undefined && standalone !== 0) throw notSupported(`${f.path}.numStandalonePorts`, "vdsim's switches have no standalone ports");
  if (sub(f, "pvlanConfigSpec")) throw notSupported(`${f.path}.pvlanConfigSpec`, "vdsim does not model private VLANs");
  if (sub(f, "vspanConfigSpec")) throw notSupported(`${f.path}.vspanConfigSpec`, "vdsim does not model port mirroring");
  // kept nowhere in the log, so a value could not read back: only an empty one is accepted
  if (text(sub(f, "description"))) throw notSupported(`${f.path}.description`, "vdsim's switches have no description");
  const contact = sub(f, "contact");
  for (const name of ["name", "contact"]) if (contact && text(sub(contact, name))) throw notSupported(`${contact.path}.${name}`, "vdsim's switches have no contact");
}

/**
 * A switch's own defaultPortConfig: vdsim's switches keep vCenter's defaults (each port group has
 * its own policy), so a spec may restate them but not change them.
 */
function refuseDefaultPortConfig(f: Field, vds: string, uplinks: readonly string[]): void {
  const setting = sub(f, "defaultPortConfig");
  if (!setting) return;
  const patch = decodePortSetting(setting);
  let changed: string[];
  try {
    changed = applyPolicyPatch(defaultDistributedPolicy(uplinks, { kind: "none" }), patch, { name: vds, uplinks }).changed;
  } catch (err) {
    if (isDomainError(err)) throw invalidArgument(setting.path, `${setting.path}: ${err.message}`);
    throw err;
  }
  if (changed.length > 0) throw notSupported(setting.path, `vdsim's distributed switches keep vCenter's default port setting (${changed.join(", ")} cannot change); set it on each port group`);
}

/** Folder.CreateDVS_Task's DVSCreateSpec as the commands the CLI would send: create the switch, then add each host. */
export function createSwitchCommands(ctx: InventoryContext, spec: Field): { name: string; commands: ManagementCommand[] } {
  const config = sub(spec, "configSpec");
  if (!config) throw invalidArgument("spec.configSpec", "spec.configSpec is required");
  const name = text(sub(config, "name"));
  if (!name) throw invalidArgument(`${config.path}.name`, `${config.path}.name is required`);
  refuseUnmodelled(config);
  const uplinks = uplinkCount(config);
  refuseDefaultPortConfig(config, name, uplinkNames(uplinks ?? LIMITS.uplinks.default));
  const mtu = int(sub(config, "maxMtu"));
  const maxPorts = int(sub(config, "maxPorts"));
  const create: ManagementCommand = {
    type: "CreateDistributedSwitch",
    vds: name,
    ...(uplinks === undefined ? {} : { uplinks }),
    ...(mtu === undefined ? {} : { mtu }),
    ...(maxPorts === undefined ? {} : { maxPorts }),
  };
  const hosts = hostChanges(ctx, config).map((h): ManagementCommand => {
    if (h.operation !== "add") throw invalidArgument(`${h.path}.operation`, `${h.path}.operation: a new switch's hosts can only be added`);
    return { type: "AddHostToDistributedSwitch", vds: name, host: h.host, ...(h.pnics ? { pnics: h.pnics } : {}) };
  });
  return { name, commands: [create, ...hosts] };
}

/**
 * ReconfigureDvs_Task's VMwareDVSConfigSpec as commands: a new MTU, hosts joining and leaving. What
 * the model cannot change (the name, the uplinks, the port limit) is refused unless it is unchanged.
 */
export function reconfigureSwitchCommands(ctx: InventoryContext, vds: DistributedSwitch, spec: Field): ManagementCommand[] {
  refuseUnmodelled(spec);
  const name = text(sub(spec, "name"));
  if (name !== undefined && name !== vds.name) throw notSupported(`${spec.path}.name`, `vdsim cannot rename distributed switch "${vds.name}"`);
  const uplinks = uplinkCount(spec);
  if (uplinks !== undefined && uplinks !== vds.uplinks.length) {
    throw invalidArgument(`${spec.path}.uplinkPortPolicy.uplinkPortName`, `distributed switch "${vds.name}" has ${vds.uplinks.length} uplinks; vdsim cannot change them`);
  }
  refuseDefaultPortConfig(spec, vds.name, vds.uplinks);
  const maxPorts = int(sub(spec, "maxPorts"));
  if (maxPorts !== undefined && maxPorts !== vds.maxPorts) throw notSupported(`${spec.path}.maxPorts`, `vdsim cannot change the port limit of "${vds.name}" (${vds.maxPorts})`);
  const commands: ManagementCommand[] = [];
  const mtu = int(sub(spec, "maxMtu"));
  if (mtu !== undefined && mtu !== vds.mtu) commands.push({ type: "ReconfigureDistributedSwitch", vds: vds.name, mtu });
  for (const h of hostChanges(ctx, spec)) {
    if (h.operation === "add") commands.push({ type: "AddHostToDistributedSwitch", vds: vds.name, host: h.host, ...(h.pnics ? { pnics: h.pnics } : {}) });
    else if (h.operation === "remove") commands.push({ type: "RemoveHostFromDistributedSwitch", vds: vds.name, host: h.host });
    else editHost(vds, h);
  }
  return commands;
}

/** An edit that keeps the host's uplinks as they are is accepted (a tool restating its membership); vdsim cannot move a member's uplinks. */
function editHost(vds: DistributedSwitch, h: HostChange): void {
  const member = vds.members[h.host];
  if (!member) throw new VimFault("NotFound", `${h.path}.host: host "${h.host}" is not a member of distributed switch "${vds.name}"`);
  const now = vds.uplinks.map((u) => member.uplinks[u]).filter((n): n is string => n !== undefined);
  if (h.pnics !== undefined && h.pnics.join(",") !== now.join(",")) {
    throw notSupported(`${h.path}.backing`, `vdsim cannot change the uplinks of host "${h.host}" on "${vds.name}" in place (it has ${now.join(", ") || "none"}): remove the host and add it again`);
  }
}

/** A stale configVersion: someone changed the object since the client read it. */
export function checkConfigVersion(spec: Field, current: number, what: string): void {
  const given = text(sub(spec, "configVersion"));
  if (given !== undefined && given !== String(current)) {
    throw new VimFault("ConcurrentAccess", `Cannot complete operation due to concurrent modification by another operation: ${what} is at configVersion ${current}, the spec was made at ${given}`, {});
  }
}
