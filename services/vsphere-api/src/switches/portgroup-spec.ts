import type { DistributedPortGroup, DistributedSwitch, ManagementCommand, PortGroupPolicyPatch } from "@vdsim/model";
import { invalidArgument } from "../soap/faults.js";
import { decodePortSetting, notSupported, patchIsEmpty } from "./port-setting-decode.js";
import { PORTGROUP_POLICY } from "../inventory/network-objects.js";
import { bool, int, sub, text, type Field } from "./xml-read.js";

/** The only binding vdsim's port groups have: a dvPort per vNIC, held while the VM exists. */
const BINDING = "earlyBinding";

/** The binding, the override policy and the description: fixed in vdsim, so a spec may restate them but not change them. */
function checkFixed(spec: Field): void {
  const type = text(sub(spec, "type"));
  if (type !== undefined && type !== BINDING) throw notSupported(`${spec.path}.type`, `vdsim's port groups are ${BINDING}; "${type}" is not modelled`);
  const description = text(sub(spec, "description"));
  if (description) throw notSupported(`${spec.path}.description`, "vdsim's port groups have no description");
  const policy = sub(spec, "policy");
  if (!policy) return;
  for (const [name, fixed] of Object.entries(PORTGROUP_POLICY)) {
    const given = bool(sub(policy, name));
    if (given !== undefined && given !== fixed) throw notSupported(`${policy.path}.${name}`, `vdsim's port groups have ${name} ${fixed}`);
  }
}

function policyPatch(spec: Field): PortGroupPolicyPatch {
  const setting = sub(spec, "defaultPortConfig");
  return setting ? decodePortSetting(setting) : {};
}

/**
 * A DVPortgroupConfigSpec of AddDVPortgroup_Task / CreateDVPortgroup_Task as the CLI's commands:
 * add the port group with its VLAN and ports, then set the rest of its policy when the spec has more.
 */
export function addPortGroupCommands(vds: DistributedSwitch, spec: Field): { name: string; commands: ManagementCommand[] } {
  const name = text(sub(spec, "name"));
  if (!name) throw invalidArgument(`${spec.path}.name`, `${spec.path}.name is required`);
  checkFixed(spec);
  const ports = int(sub(spec, "numPorts"));
  const { vlan, ...rest } = policyPatch(spec);
  const add: ManagementCommand = { type: "AddDistributedPortGroup", vds: vds.name, portgroup: name, ...(vlan ? { vlan } : {}), ...(ports === undefined ? {} : { ports }) };
  const commands: ManagementCommand[] = [add];
  if (!patchIsEmpty(rest)) commands.push({ type: "SetDistributedPortGroupPolicy", vds: vds.name, portgroup: name, patch: rest });
  return { name, commands };
}

/** ReconfigureDVPortgroup_Task's spec: a policy change; a rename or a new port count is refused unless unchanged. */
export function reconfigurePortGroupCommands(pg: DistributedPortGroup, spec: Field): ManagementCommand[] {
  const name = text(sub(spec, "name"));
  if (name !== undefined && name !== pg.name) throw notSupported(`${spec.path}.name`, `vdsim cannot rename port group "${pg.name}"`);
  const ports = int(sub(spec, "numPorts"));
  if (ports !== undefined && ports !== pg.portKeys.length) throw notSupported(`${spec.path}.numPorts`, `vdsim cannot change the number of ports of "${pg.name}" (${pg.portKeys.length})`);
  checkFixed(spec);
  const patch = policyPatch(spec);
  return patchIsEmpty(patch) ? [] : [{ type: "SetDistributedPortGroupPolicy", vds: pg.vds, portgroup: pg.name, patch }];
}
