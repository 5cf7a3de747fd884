import { listed, respondingHosts, silentHosts, type CheckContext } from "../context.js";
import { story, type About } from "../story.js";
import type { InvariantResult } from "../types.js";

export const PLACEMENT = "vm-placement";

/**
 * Every VM runs on exactly one host (the one the log names), exactly one active port carries
 * each vNIC, and no MAC is live on two hosts. "Active": a port of a host's data plane with the
 * VM's stack attached (a port reserved for an incoming vMotion carries nothing yet).
 */
export function vmPlacement(ctx: CheckContext): InvariantResult {
  const { state } = ctx.log;
  const silent = new Set(silentHosts(ctx));
  const vmHosts = new Map<string, Set<string>>();
  const nicPorts = new Map<string, string[]>();
  const macHosts = new Map<string, Set<string>>();
  const problems: string[] = [];
  const abouts: About[] = [];
  for (const { host, report } of respondingHosts(ctx)) {
    for (const p of report.dataPlane) {
      if (p.kind !== "vnic" || p.owner === undefined) continue;
      const vm = p.owner;
      if (!state.vms[vm]) {
        problems.push(`host ${host} carries VM ${vm} on port ${p.portId} (port group ${p.portGroup}), but the log has no such VM`);
        abouts.push({ vm });
      }
      (vmHosts.get(vm) ?? vmHosts.set(vm, new Set()).get(vm)!).add(host);
      const nicKey = `${vm}#${p.nic ?? 0}`;
      (nicPorts.get(nicKey) ?? nicPorts.set(nicKey, []).get(nicKey)!).push(`${host}:${p.portId}`);
      const mac = p.mac.toLowerCase();
      (macHosts.get(mac) ?? macHosts.set(mac, new Set()).get(mac)!).add(host);
    }
  }
  for (const vm of Object.values(state.vms)) {
    const found: string[] = [];
    const on = [...(vmHosts.get(vm.name) ?? [])].sort();
    if (on.length === 0 && !silent.has(vm.host)) found.push(`VM ${vm.name} runs on no host (the log places it on ${vm.host})`);
    else if (on.length > 1) found.push(`VM ${vm.name} runs on ${listed(on)} (the log places it on ${vm.host})`);
    else if (on.length === 1 && on[0] !== vm.host) found.push(`VM ${vm.name} runs on ${on[0]}, but the log places it on ${vm.host}`);
    for (const nic of vm.nics) {
      const ports = nicPorts.get(`${vm.name}#${nic.index}`) ?? [];
      if (ports.length > 1) found.push(`vNIC ${nic.index} of VM ${vm.name} (${nic.mac}) is carried by ${ports.length} active ports: ${listed(ports)}`);
    }
    if (found.length > 0) abouts.push({ vm: vm.name });
    problems.push(...found);
  }
  for (const [mac, hosts] of macHosts) {
    if (hosts.size > 1) problems.push(`MAC ${mac} is live on ${listed([...hosts].sort())}`);
  }
  const unchecked = silent.size > 0 ? `; not checked on ${listed([...silent].sort())} (not responding)` : "";
  if (problems.length === 0) {
    const vms = Object.keys(state.vms).length;
    return { name: PLACEMENT, ok: true, evaluated: true, detail: `${vms} VMs, each on one host, one active port per vNIC, no MAC on two hosts${unchecked}` };
  }
  return { name: PLACEMENT, ok: false, evaluated: true, detail: problems.join("; ") + unchecked, events: story(ctx.observation.events, abouts) };
}
