import { effectiveStandardPolicy } from "../host/standard-policy.js";
import type { ClusterState } from "../state.js";
import type { PortDriftItem } from "./state.js";

const onOff = (b: boolean): string => (b ? "accept" : "reject");

/** The settings of a standard port group as one comparable line per policy area. */
function settingsOf(state: ClusterState, host: string, portgroup: string): Record<string, string | number> | undefined {
  const h = state.hosts[host];
  const pg = h?.standardPortGroups[portgroup];
  const sw = pg && h?.standardSwitches[pg.vswitch];
  if (!pg || !sw) return undefined;
  const p = effectiveStandardPolicy(sw, pg);
  return {
    vlan: pg.vlan,
    security: `promiscuous ${onOff(p.security.allowPromiscuous)}, MAC changes ${onOff(p.security.allowMacChanges)}, forged transmits ${onOff(p.security.allowForgedTransmits)}`,
    shaping: p.shaping.enabled ? `avg ${p.shaping.averageKbps} kbit/s, peak ${p.shaping.peakKbps} kbit/s, burst ${p.shaping.burstKB} KB` : "off",
    teaming: `${p.teaming.loadBalancing}, notify switches ${p.teaming.notifySwitches ? "yes" : "no"}`,
  };
}

/**
 * Where a VM on standard port groups lands on settings other than its source's: vMotion attaches
 * it to the destination's same-named port group and silently takes whatever that says.
 * Distributed port groups are the same on every host and never drift.
 */
export function migrationDrift(state: ClusterState, vmName: string, destination: string): PortDriftItem[] {
  const vm = state.vms[vmName];
  if (!vm) return [];
  const drift: PortDriftItem[] = [];
  for (const nic of vm.nics) {
    if (nic.vswitch === undefined) continue;
    const src = settingsOf(state, vm.host, nic.portgroup);
    const dst = settingsOf(state, destination, nic.portgroup);
    if (!src || !dst) continue;
    for (const setting of Object.keys(src)) {
      if (src[setting] !== dst[setting]) drift.push({ nic: nic.index, portgroup: nic.portgroup, setting, source: src[setting] ?? null, destination: dst[setting] ?? null });
    }
  }
  return drift;
}
