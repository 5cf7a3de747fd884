import type { PortGroupPolicy, ShapingPolicy, VlanSpec } from "@vdsim/model";
import { array, bool, data, int, long, str, strings, type DataValue, type VimValue } from "../soap/values.js";

const boolPolicy = (value: boolean): VimValue => data("BoolPolicy", { inherited: bool(false), value: bool(value) });
const longPolicy = (value: number): VimValue => data("LongPolicy", { inherited: bool(false), value: long(value) });
const stringPolicy = (value: string): VimValue => data("StringPolicy", { inherited: bool(false), value: str(value) });

/** A port group's VLAN as vim25 types it: an id (0 for none) or a trunk of ranges. */
export function vlanSpec(vlan: VlanSpec): DataValue {
  switch (vlan.kind) {
    case "none":
      return data("VmwareDistributedVirtualSwitchVlanIdSpec", { inherited: bool(false), vlanId: int(0) });
    case "vlan":
      return data("VmwareDistributedVirtualSwitchVlanIdSpec", { inherited: bool(false), vlanId: int(vlan.id) });
    case "trunk":
      return data("VmwareDistributedVirtualSwitchTrunkVlanSpec", {
        inherited: bool(false),
        vlanId: array("NumericRange", vlan.ranges.map(([start, end]) => data("NumericRange", { start: int(start), end: int(end) }))),
      });
  }
}

/** Traffic shaping in the API's units: bandwidths in bits per second, burst in bytes. */
function shaping(policy: ShapingPolicy): VimValue {
  return data("DVSTrafficShapingPolicy", {
    inherited: bool(false),
    enabled: boolPolicy(policy.enabled),
    averageBandwidth: longPolicy(policy.averageKbps * 1000),
    peakBandwidth: longPolicy(policy.peakKbps * 1000),
    burstSize: longPolicy(policy.burstKB * 1024),
  });
}

/** A distributed port group's defaultPortConfig (VMwareDVSPortSetting) from vdsim's policy. */
export function portSetting(policy: PortGroupPolicy): DataValue {
  const { teaming, security } = policy;
  return data("VMwareDVSPortSetting", {
    blocked: boolPolicy(policy.blocked),
    vmDirectPathGen2Allowed: boolPolicy(false),
    inShapingPolicy: shaping(policy.ingressShaping),
    outShapingPolicy: shaping(policy.egressShaping),
    vlan: vlanSpec(policy.vlan),
    uplinkTeamingPolicy: data("VmwareUplinkPortTeamingPolicy", {
      inherited: bool(false),
      policy: stringPolicy(teaming.loadBalancing),
      reversePolicy: boolPolicy(true),
      notifySwitches: boolPolicy(teaming.notifySwitches),
      // vSphere's rolling order is failback's opposite: true keeps a recovered uplink standby
      rollingOrder: boolPolicy(!teaming.failback),
      uplinkPortOrder: data("VMwareUplinkPortOrderPolicy", {
        inherited: bool(false),
        activeUplinkPort: strings(teaming.activeUplinks),
        standbyUplinkPort: strings(teaming.standbyUplinks),
      }),
    }),
    securityPolicy: data("DVSSecurityPolicy", {
      inherited: bool(false),
      allowPromiscuous: boolPolicy(security.allowPromiscuous),
      macChanges: boolPolicy(security.allowMacChanges),
      forgedTransmits: boolPolicy(security.allowForgedTransmits),
    }),
    // vSphere 6.7's place for the same three security settings (tools of that age read and set this one)
    macManagementPolicy: data("DVSMacManagementPolicy", {
      inherited: bool(false),
      allowPromiscuous: bool(security.allowPromiscuous),
      macChanges: bool(security.allowMacChanges),
      forgedTransmits: bool(security.allowForgedTransmits),
      macLearningPolicy: data("DVSMacLearningPolicy", { inherited: bool(false), enabled: bool(false) }),
    }),
    ipfixEnabled: boolPolicy(false),
    txUplink: boolPolicy(false),
  });
}
