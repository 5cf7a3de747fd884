import type { SecurityPolicy, ShapingPolicy, StandardPolicyOverrides, StandardPolicyPatch, StandardSwitchPolicy, TeamingPolicy } from "@vdsim/model";
import { bool, data, int, long, str, strings, type DataValue } from "../soap/values.js";

/**
 * A standard switch's or port group's policy as HostNetworkPolicy. vdsim keeps shaping in kbit/s
 * and KB; vSphere writes bits/s and bytes.
 */
export function securityValue(s: SecurityPolicy): DataValue {
  return data("HostNetworkSecurityPolicy", { allowPromiscuous: bool(s.allowPromiscuous), macChanges: bool(s.allowMacChanges), forgedTransmits: bool(s.allowForgedTransmits) });
}

export function shapingValue(s: ShapingPolicy): DataValue {
  return data("HostNetworkTrafficShapingPolicy", {
    enabled: bool(s.enabled),
    averageBandwidth: long(s.averageKbps * 1000),
    peakBandwidth: long(s.peakKbps * 1000),
    burstSize: long(s.burstKB * 1024),
  });
}

/** ESXi's defaults for what vdsim does not model: link-status failure detection, reverse policy on. */
export function teamingValue(t: TeamingPolicy): DataValue {
  return data("HostNicTeamingPolicy", {
    policy: str(t.loadBalancing),
    reversePolicy: bool(true),
    notifySwitches: bool(t.notifySwitches),
    rollingOrder: bool(!t.failback),
    failureCriteria: data("HostNicFailureCriteria", {
      checkSpeed: str("minimum"),
      speed: int(10),
      checkDuplex: bool(false),
      fullDuplex: bool(false),
      checkErrorPercent: bool(false),
      percentage: int(0),
      checkBeacon: bool(false),
    }),
    nicOrder: data("HostNicOrderPolicy", { activeNic: strings(t.activeUplinks), standbyNic: strings(t.standbyUplinks) }),
  });
}

const OFFLOAD = data("HostNetOffloadCapabilities", { csumOffload: bool(true), tcpSegmentation: bool(true), zeroCopyXmit: bool(true) });

/** A switch's (or a port group's computed) policy: every section set. */
export function policyValue(p: StandardSwitchPolicy): DataValue {
  return data("HostNetworkPolicy", { security: securityValue(p.security), nicTeaming: teamingValue(p.teaming), offloadPolicy: OFFLOAD, shapingPolicy: shapingValue(p.shaping) });
}

/** A port group's own policy (its spec): only the sections it overrides, the others unset (inherited), as ESXi shows it. */
export function overridesValue(o: StandardPolicyOverrides): DataValue {
  return data("HostNetworkPolicy", {
    security: o.security ? securityValue(o.security) : data("HostNetworkSecurityPolicy", {}),
    nicTeaming: o.teaming ? teamingValue(o.teaming) : data("HostNicTeamingPolicy", {}),
    offloadPolicy: data("HostNetOffloadCapabilities", {}),
    shapingPolicy: o.shaping ? shapingValue(o.shaping) : data("HostNetworkTrafficShapingPolicy", {}),
  });
}

/** The patch that makes `current` what `patch` says, keeping only the settings that differ (none: nothing to send). */
export function changedPolicy(current: StandardSwitchPolicy, patch: StandardPolicyPatch): StandardPolicyPatch {
  const out: Record<string, unknown> = {};
  const now: Record<string, unknown> = {
    allowPromiscuous: current.security.allowPromiscuous,
    allowMacChanges: current.security.allowMacChanges,
    allowForgedTransmits: current.security.allowForgedTransmits,
    shapingEnabled: current.shaping.enabled,
    averageKbps: current.shaping.averageKbps,
    peakKbps: current.shaping.peakKbps,
    burstKB: current.shaping.burstKB,
    loadBalancing: current.teaming.loadBalancing,
    activeUplinks: current.teaming.activeUplinks,
    standbyUplinks: current.teaming.standbyUplinks,
    notifySwitches: current.teaming.notifySwitches,
    failback: current.teaming.failback,
  };
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined) continue;
    if (JSON.stringify(v) !== JSON.stringify(now[k])) out[k] = v;
  }
  return out as StandardPolicyPatch;
}
