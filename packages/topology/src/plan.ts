import { LIMITS, type ClusterState, type DistributedSwitch, type Vm } from "@vdsim/model";
import { planDistributedVmkNics, planHost, requireHost } from "./plan-host.js";
import { planStandardPolicies } from "./plan-standard-policy.js";
import { simulate } from "./simulate.js";
import { desiredPolicy, policyPatch, vlanOf } from "./policy.js";
import type { DistributedSwitchTopology, Topology, VmTopology } from "./schema.js";
import { hostStep, management, type PlanProblem, type PlanStep } from "./steps.js";

export interface Plan {
  readonly steps: readonly PlanStep[];
  /** what the file asks for that no command can bring about; a plan with problems must not run */
  readonly problems: readonly PlanProblem[];
}

/**
 * The ordered commands that converge `current` to `desired` (pure): removals of VMs and
 * distributed objects first, then host-local switches, uplinks, port groups and vmknics, their
 * policies, distributed switches with their members and port groups, vmknics on distributed
 * port groups, and VMs last. Later stages are planned against the state the earlier ones lead
 * to (through the deciders). A topology already in effect plans nothing.
 */
export function plan(desired: Topology, current: ClusterState): Plan {
  const problems: PlanProblem[] = [];
  for (const host of Object.keys(desired.hosts ?? {})) requireHost(current, host, ["hosts", host], problems);
  const vmSteps = planVms(desired, current, problems);
  const dvs = planDistributedSwitches(desired, current, problems);
  const structural = Object.entries(desired.hosts ?? {}).flatMap(([name, spec]) => {
    const h = current.hosts[name];
    return h ? planHost(name, spec ?? {}, h, problems) : [];
  });
  // policies are planned against the hosts as the structural steps leave them (new uplinks join teaming)
  const after = simulate([...vmSteps.remove, ...dvs.remove, ...structural], current).state;
  const policies = Object.entries(desired.hosts ?? {}).flatMap(([name, spec]) => {
    const h = after.hosts[name];
    return h ? planStandardPolicies(name, spec ?? {}, h) : [];
  });
  const hostSteps = [...structural, ...policies];
  const beforeVms = [...vmSteps.remove, ...dvs.remove, ...hostSteps, ...dvs.create];
  const hasDistributedVmkNics = Object.values(desired.hosts ?? {}).some((h) => Object.values(h?.vmknics ?? {}).some((n) => n.distributedSwitch !== undefined));
  const withSwitches = hasDistributedVmkNics ? simulate(beforeVms, current).state : current;
  const distributedVmkNics = Object.entries(desired.hosts ?? {}).flatMap(([name, spec]) => planDistributedVmkNics(name, spec ?? {}, withSwitches, problems));
  return { steps: [...beforeVms, ...distributedVmkNics, ...vmSteps.create], problems };
}

function planVms(desired: Topology, current: ClusterState, problems: PlanProblem[]): { remove: PlanStep[]; create: PlanStep[] } {
  const remove: PlanStep[] = [];
  const create: PlanStep[] = [];
  if (!desired.vms) return { remove, create };
  for (const vm of Object.keys(current.vms).sort()) {
    if (!(vm in desired.vms)) remove.push(management({ type: "RemoveVm", vm }, ["vms"], `remove VM ${vm}`));
  }
  for (const [vm, spec] of Object.entries(desired.vms)) {
    requireHost(current, spec.host, ["vms", vm, "host"], problems);
    const existing = current.vms[vm];
    if (existing && sameVm(existing, spec)) continue;
    if (existing) remove.push(management({ type: "RemoveVm", vm }, ["vms", vm], `remove VM ${vm} (to create it again as the file says)`));
    const params = { ...(spec.memoryMB === undefined ? {} : { memoryMB: spec.memoryMB }), ...(spec.dirtyRateMBps === undefined ? {} : { dirtyRateMBps: spec.dirtyRateMBps }) };
    create.push(management({ type: "CreateVm", vm, host: spec.host, networks: spec.networks, ...params }, ["vms", vm], `create VM ${vm} on ${spec.host} (${spec.networks.join(", ")})`));
  }
  return { remove, create };
}

function sameVm(vm: Vm, spec: VmTopology): boolean {
  return (
    vm.host === spec.host &&
    vm.nics.map((n) => n.portgroup).join("\n") === spec.networks.join("\n") &&
    vm.memoryMB === spec.memoryMB &&
    vm.dirtyRateMBps === spec.dirtyRateMBps
  );
}

function planDistributedSwitches(desired: Topology, current: ClusterState, problems: PlanProblem[]): { remove: PlanStep[]; create: PlanStep[] } {
  const remove: PlanStep[] = [];
  const create: PlanStep[] = [];
  const wanted = desired.distributedSwitches;
  if (!wanted) return { remove, create };
  for (const vds of Object.keys(current.switches).sort()) {
    if (!(vds in wanted)) remove.push(management({ type: "RemoveDistributedSwitch", vds }, ["distributedSwitches"], `remove distributed switch ${vds}`));
  }
  for (const [vds, spec] of Object.entries(wanted)) {
    const steps = planSwitch(vds, spec ?? {}, current, problems);
    remove.push(...steps.remove);
    create.push(...steps.create);
  }
  return { remove, create };
}

function planSwitch(vds: string, spec: DistributedSwitchTopology, state: ClusterState, problems: PlanProblem[]): { remove: PlanStep[]; create: PlanStep[] } {
  const path = ["distributedSwitches", vds];
  const remove: PlanStep[] = [];
  const create: PlanStep[] = [];
  const sw: DistributedSwitch | undefined = state.switches[vds];
  const uplinkCount = spec.uplinks ?? LIMITS.uplinks.default;
  const mtu = spec.mtu ?? LIMITS.mtu.default;
  const maxPorts = spec.maxPorts ?? LIMITS.maxPorts.default;
  if (!sw) {
    create.push(management({ type: "CreateDistributedSwitch", vds, uplinks: uplinkCount, mtu, maxPorts }, path, `create distributed switch ${vds}`));
  } else {
    const fixed: Array<[string, number, number]> = [
      ["uplinks", sw.uplinks.length, uplinkCount],
      ["maxPorts", sw.maxPorts, maxPorts],
    ];
    for (const [field, has, wants] of fixed) {
      if (has !== wants) problems.push({ path: [...path, field], message: `distributed switch ${vds} has ${field} ${has}, the file says ${wants}; it cannot change on an existing switch (remove the switch, apply, then add it back)` });
    }
    if (sw.mtu !== mtu) create.push(management({ type: "ReconfigureDistributedSwitch", vds, mtu }, [...path, "mtu"], `set the MTU of ${vds} to ${mtu}`));
  }
  const uplinks = Array.from({ length: uplinkCount }, (_, i) => `uplink${i + 1}`);
  const members = sw?.members ?? {};
  if (spec.hosts) {
    for (const host of Object.keys(members).sort()) {
      if (!(host in spec.hosts)) remove.push(management({ type: "RemoveHostFromDistributedSwitch", vds, host }, [...path, "hosts"], `remove ${host} from ${vds}`));
    }
    for (const [host, pnics] of Object.entries(spec.hosts)) {
      const hostPath = [...path, "hosts", host];
      if (!requireHost(state, host, hostPath, problems)) continue;
      const member = members[host];
      const gaps = pnics?.includes(null) ?? false;
      if (!member) {
        // a gap cannot be said when joining: join with none, then back each uplink
        const joinWith = pnics && !gaps ? { pnics: pnics.filter((p): p is string => p !== null) } : gaps ? { pnics: [] } : {};
        create.push(management({ type: "AddHostToDistributedSwitch", vds, host, ...joinWith }, hostPath, `add ${host} to ${vds}${pnics ? ` (${pnics.map((p) => p ?? "-").join(", ")})` : ""}`));
        if (!gaps) continue;
      }
      if (!pnics) continue;
      for (const [i, uplink] of uplinks.entries()) {
        const has = member?.uplinks[uplink];
        const wants = pnics[i] ?? undefined;
        if (has === wants) continue;
        if (has !== undefined) create.push(hostStep(host, { type: "RemoveProxySwitchUplink", vds, uplink, pnic: has }, hostPath, `take ${has} off ${uplink} of ${vds} on ${host}`));
        if (wants !== undefined) create.push(hostStep(host, { type: "AddProxySwitchUplink", vds, uplink, pnic: wants }, [...hostPath, i], `back ${uplink} of ${vds} with ${wants} on ${host}`));
      }
    }
  }
  if (spec.portGroups) {
    for (const pg of Object.values(state.portGroups).filter((p) => p.vds === vds).map((p) => p.name).sort()) {
      if (!(pg in spec.portGroups)) remove.push(management({ type: "RemoveDistributedPortGroup", vds, portgroup: pg }, [...path, "portGroups"], `remove port group ${pg} from ${vds}`));
    }
    for (const [portgroup, pgSpec] of Object.entries(spec.portGroups)) {
      const pgPath = [...path, "portGroups", portgroup];
      const s = pgSpec ?? {};
      const existing = state.portGroups[portgroup];
      if (existing && existing.vds !== vds) {
        problems.push({ path: pgPath, message: `port group ${portgroup} already exists on distributed switch ${existing.vds}; port group names are unique across switches` });
        continue;
      }
      let desiredPolicyValue;
      try {
        desiredPolicyValue = desiredPolicy(s, uplinks);
      } catch (err) {
        problems.push({ path: [...pgPath, "vlan"], message: err instanceof Error ? err.message : String(err) });
        continue;
      }
      const ports = s.ports ?? LIMITS.portGroupPorts.default;
      if (!existing) {
        create.push(management({ type: "AddDistributedPortGroup", vds, portgroup, vlan: vlanOf(s.vlan), ports }, pgPath, `add port group ${portgroup} to ${vds}`));
      } else if (existing.portKeys.length !== ports) {
        problems.push({ path: [...pgPath, "ports"], message: `port group ${portgroup} has ${existing.portKeys.length} ports, the file says ${ports}; the number of ports cannot change (remove the port group, apply, then add it back)` });
      }
      const from = existing?.policy ?? desiredPolicy({ ...(s.vlan === undefined ? {} : { vlan: s.vlan }) }, uplinks);
      const patch = policyPatch(from, desiredPolicyValue);
      if (Object.keys(patch).length > 0) {
        create.push(management({ type: "SetDistributedPortGroupPolicy", vds, portgroup, patch }, pgPath, `set the policy of ${portgroup} (${Object.keys(patch).join(", ")})`));
      }
    }
  }
  return { remove, create };
}
