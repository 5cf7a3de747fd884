import { HOST_LIMITS, type ClusterState, type Host, type Ipv4Config, type VmkNicTarget } from "@vdsim/model";
import type { HostTopology, StandardSwitchTopology, VmkNicTopology } from "./schema.js";
import { hostStep, type PlanProblem, type PlanStep } from "./steps.js";

/**
 * The host agent's part of a plan: standard switches, their uplinks and port groups, and
 * VMkernel NICs are created or changed to match; what the file does not list stays.
 */
export function planHost(name: string, spec: HostTopology, host: Host, problems: PlanProblem[]): PlanStep[] {
  const steps: PlanStep[] = [];
  const base = ["hosts", name] as const;
  for (const [vswitch, sw] of Object.entries(spec.standardSwitches ?? {})) {
    steps.push(...planStandardSwitch(name, vswitch, sw ?? {}, host, [...base, "standardSwitches", vswitch], problems));
  }
  for (const [vmknic, nic] of Object.entries(spec.vmknics ?? {})) {
    if (nic.distributedSwitch !== undefined) continue; // planned once the switch and its port group exist
    const current = host.vmknics[vmknic];
    const placed = current?.connection.kind === "standard" && current.connection.portgroup === nic.portGroup;
    steps.push(...planVmkNic(name, vmknic, nic, host, { portgroup: nic.portGroup }, placed, [...base, "vmknics", vmknic], problems));
  }
  return steps;
}

/** VMkernel NICs on distributed port groups, planned against the state the rest of the plan leads to. */
export function planDistributedVmkNics(name: string, spec: HostTopology, state: ClusterState, problems: PlanProblem[]): PlanStep[] {
  const host = state.hosts[name];
  if (!host) return [];
  const steps: PlanStep[] = [];
  for (const [vmknic, nic] of Object.entries(spec.vmknics ?? {})) {
    const vds = nic.distributedSwitch;
    if (vds === undefined) continue;
    const path = ["hosts", name, "vmknics", vmknic];
    const sw = state.switches[vds];
    const pg = state.portGroups[nic.portGroup];
    if (!sw || !pg || pg.vds !== vds) {
      problems.push({ path: [...path, "portGroup"], message: `distributed switch ${vds} has no port group ${nic.portGroup}` });
      continue;
    }
    const c = host.vmknics[vmknic]?.connection;
    const placed = c?.kind === "distributed" && c.vds === vds && sw.ports[c.portKey]?.portgroup === nic.portGroup;
    const free = pg.portKeys.find((k) => !sw.ports[k]?.connectee);
    if (!placed && free === undefined) {
      problems.push({ path: [...path, "portGroup"], message: `port group ${nic.portGroup} has no free dvPort for ${vmknic}` });
      continue;
    }
    steps.push(...planVmkNic(name, vmknic, nic, host, { vds, portKey: free ?? "" }, placed, path, problems));
  }
  return steps;
}

function planStandardSwitch(
  host: string,
  vswitch: string,
  spec: StandardSwitchTopology,
  h: Host,
  path: ReadonlyArray<string>,
  problems: PlanProblem[],
): PlanStep[] {
  const steps: PlanStep[] = [];
  const current = h.standardSwitches[vswitch];
  const numPorts = spec.ports ?? current?.numPorts ?? HOST_LIMITS.standardSwitchPorts.default;
  const mtu = spec.mtu ?? current?.mtu ?? HOST_LIMITS.mtu.default;
  if (!current) {
    steps.push(hostStep(host, { type: "AddStandardSwitch", vswitch, numPorts, mtu }, path, `add standard switch ${vswitch} on ${host}`));
  } else if (current.numPorts !== numPorts || current.mtu !== mtu) {
    steps.push(hostStep(host, { type: "SetStandardSwitch", vswitch, numPorts, mtu }, path, `set ports/MTU of ${vswitch} on ${host}`));
  }
  const have = current?.uplinks ?? [];
  if (spec.uplinks) {
    for (const [i, uplink] of spec.uplinks.entries()) {
      if (!h.pnics.includes(uplink)) problems.push({ path: [...path, "uplinks", i], message: `host ${host} has no physical NIC "${uplink}" (it has ${h.pnics.join(", ")})` });
    }
    for (const uplink of have.filter((u) => !spec.uplinks?.includes(u))) {
      steps.push(hostStep(host, { type: "RemoveStandardSwitchUplink", vswitch, uplink }, [...path, "uplinks"], `unlink ${uplink} from ${vswitch} on ${host}`));
    }
    for (const uplink of spec.uplinks.filter((u) => !have.includes(u))) {
      steps.push(hostStep(host, { type: "AddStandardSwitchUplink", vswitch, uplink }, [...path, "uplinks"], `link ${uplink} to ${vswitch} on ${host}`));
    }
  }
  for (const [portgroup, pg] of Object.entries(spec.portGroups ?? {})) {
    const pgPath = [...path, "portGroups", portgroup];
    const vlan = pg?.vlan ?? 0;
    const existing = h.standardPortGroups[portgroup];
    if (existing && existing.vswitch !== vswitch) {
      steps.push(hostStep(host, { type: "RemoveStandardPortGroup", portgroup, vswitch: existing.vswitch }, pgPath, `remove port group ${portgroup} from ${existing.vswitch} on ${host}`));
    }
    if (!existing || existing.vswitch !== vswitch) {
      steps.push(hostStep(host, { type: "AddStandardPortGroup", vswitch, portgroup, vlan }, pgPath, `add port group ${portgroup} (VLAN ${vlan}) to ${vswitch} on ${host}`));
    } else if (existing.vlan !== vlan) {
      steps.push(hostStep(host, { type: "SetStandardPortGroupVlan", portgroup, vlan, vswitch }, [...pgPath, "vlan"], `set VLAN ${vlan} on port group ${portgroup} of ${host}`));
    }
  }
  return steps;
}

function planVmkNic(
  host: string,
  vmknic: string,
  spec: VmkNicTopology,
  h: Host,
  target: VmkNicTarget,
  onPortGroup: boolean,
  path: ReadonlyArray<string>,
  problems: PlanProblem[],
): PlanStep[] {
  const steps: PlanStep[] = [];
  const current = h.vmknics[vmknic];
  const ipv4 = ipv4Of(spec, current?.ipv4 ?? null, path, problems);
  const selector = { name: vmknic };
  if (current && !onPortGroup) {
    steps.push(hostStep(host, { type: "RemoveVmkNic", vmknic: selector }, [...path, "portGroup"], `remove ${vmknic} from ${host} (to move it to ${spec.portGroup})`));
  }
  const fresh = !current || !onPortGroup;
  if (fresh) {
    steps.push(
      hostStep(
        host,
        { type: "AddVmkNic", vmknic, target, ...(ipv4 ? { ipv4 } : {}), ...(spec.mtu === undefined ? {} : { mtu: spec.mtu }) },
        path,
        `add ${vmknic} on port group ${spec.portGroup}${"vds" in target ? ` of ${target.vds} (dvPort ${target.portKey})` : ""} of ${host}${ipv4 ? ` (${ipv4.address}/${ipv4.netmask})` : ""}`,
      ),
    );
  } else if (ipv4 !== undefined && (current.ipv4?.address !== ipv4?.address || current.ipv4?.netmask !== ipv4?.netmask)) {
    steps.push(hostStep(host, { type: "SetVmkNicIpv4", vmknic: selector, ipv4 }, [...path, "ip"], `set ${vmknic}'s address on ${host}`));
  }
  const mtu = spec.mtu ?? (fresh ? undefined : current.mtu);
  const enabled = spec.enabled ?? (fresh ? true : current.enabled);
  if (!fresh && (mtu !== current.mtu || enabled !== current.enabled)) {
    steps.push(hostStep(host, { type: "SetVmkNic", vmknic: selector, enabled, ...(mtu === undefined ? {} : { mtu }) }, path, `set ${vmknic} on ${host}`));
  } else if (fresh && !enabled) {
    steps.push(hostStep(host, { type: "SetVmkNic", vmknic: selector, enabled }, [...path, "enabled"], `disable ${vmknic} on ${host}`));
  }
  const services = fresh ? { management: false, vmotion: false } : current.services;
  const vmotion = spec.vmotion ?? services.vmotion;
  const managementOn = spec.management ?? services.management;
  if (vmotion !== services.vmotion || managementOn !== services.management) {
    steps.push(
      hostStep(host, { type: "SetVmkNicServices", vmknic: selector, vmotion, management: managementOn }, path, `${vmotion ? "enable" : "disable"} vMotion on ${vmknic} of ${host}`),
    );
  }
  return steps;
}

/** The address a file gives a vmknic: undefined leaves it as it is; a netmask alone keeps the address. */
function ipv4Of(spec: VmkNicTopology, current: Ipv4Config | null, path: ReadonlyArray<string>, problems: PlanProblem[]): Ipv4Config | undefined {
  if (spec.ip === undefined && spec.netmask === undefined) return undefined;
  const address = spec.ip ?? current?.address;
  if (address === undefined) {
    problems.push({ path: [...path, "netmask"], message: "a netmask needs an ip" });
    return undefined;
  }
  return { address, netmask: spec.netmask ?? current?.netmask ?? "255.255.255.0" };
}

/** Whether a host exists in the cluster state; else a problem naming the hosts it has. */
export function requireHost(state: ClusterState, host: string, path: ReadonlyArray<string | number>, problems: PlanProblem[]): Host | undefined {
  const h = state.hosts[host];
  if (!h) problems.push({ path, message: `host "${host}" is not part of the cluster (it has ${Object.keys(state.hosts).sort().join(", ") || "no hosts"})` });
  return h;
}
