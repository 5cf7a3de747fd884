import { LOAD_BALANCING, isDomainError, validateVlan, type LoadBalancing, type PortGroupPolicyPatch, type ShapingPolicy, type VlanSpec } from "@vdsim/model";
import { VimFault, invalidArgument } from "../soap/faults.js";
import { str } from "../soap/values.js";
import { bool, int, policyValue, sub, subs, text, typeOf, type Field } from "./xml-read.js";

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export const notSupported = (property: string, message: string): VimFault => new VimFault("NotSupported", `${property}: ${message}`, {});

/** The VLAN of a VMwareDVSPortSetting: an id (0 is none) or a trunk of NumericRanges; checked by the model's own rule. */
export function decodeVlan(f: Field): VlanSpec {
  const type = typeOf(f);
  let vlan: VlanSpec;
  if (type === "VmwareDistributedVirtualSwitchTrunkVlanSpec") {
    const ranges = subs(f, "vlanId").map((r) => [int(sub(r, "start")) ?? -1, int(sub(r, "end")) ?? -1] as const);
    vlan = { kind: "trunk", ranges };
  } else if (type === undefined || type === "VmwareDistributedVirtualSwitchVlanIdSpec") {
    const id = int(sub(f, "vlanId"));
    if (id === undefined) throw invalidArgument(`${f.path}.vlanId`, `${f.path}.vlanId is required`);
    vlan = id === 0 ? { kind: "none" } : { kind: "vlan", id };
  } else {
    throw notSupported(f.path, `vdsim's distributed port groups take a VLAN id or a trunk, not a ${type}`);
  }
  try {
    validateVlan(vlan);
  } catch (err) {
    if (isDomainError(err)) throw invalidArgument(`${f.path}.vlanId`, err.message);
    throw err;
  }
  return vlan;
}

/**
 * One direction's DVSTrafficShapingPolicy in the model's units: the API's bandwidths are bit/s and
 * its burst bytes, the model's kbit/s and KB. A value that is not a whole kbit/s or KB could not
 * read back as set, so it is refused.
 */
function decodeShaping(f: Field): Partial<ShapingPolicy> {
  const out: Mutable<Partial<ShapingPolicy>> = {};
  const enabled = bool(policyValue(sub(f, "enabled")));
  if (enabled !== undefined) out.enabled = enabled;
  const scaled = (name: string, unit: number, what: string): number | undefined => {
    const v = policyValue(sub(f, name));
    const n = int(v);
    if (n === undefined || !v) return undefined;
    if (n % unit !== 0) throw invalidArgument(v.path, `${f.path}.${name} must be a multiple of ${unit} (${what}), got ${n}`);
    return n / unit;
  };
  const avg = scaled("averageBandwidth", 1000, "vdsim shapes in kbit/s");
  const peak = scaled("peakBandwidth", 1000, "vdsim shapes in kbit/s");
  const burst = scaled("burstSize", 1024, "vdsim counts bursts in KB");
  if (avg !== undefined) out.averageKbps = avg;
  if (peak !== undefined) out.peakKbps = peak;
  if (burst !== undefined) out.burstKB = burst;
  return out;
}

/** Settings vdsim does not model: accepted only as what it reads back (off). */
const OFF_ONLY = ["vmDirectPathGen2Allowed", "ipfixEnabled", "txUplink"] as const;

/**
 * A port group's defaultPortConfig (VMwareDVSPortSetting) as the model's policy patch: only what
 * the client set; what it left out stays as it is.
 */
export function decodePortSetting(f: Field): PortGroupPolicyPatch {
  const patch: Mutable<PortGroupPolicyPatch> = {};
  const blocked = bool(policyValue(sub(f, "blocked")));
  if (blocked !== undefined) patch.blocked = blocked;
  for (const name of OFF_ONLY) {
    const v = policyValue(sub(f, name));
    if (bool(v) === true && v) throw notSupported(v.path, "vdsim does not model it; it can only be false");
  }
  const vlan = sub(f, "vlan");
  if (vlan) patch.vlan = decodeVlan(vlan);
  const security = sub(f, "securityPolicy");
  if (security) {
    const p = bool(policyValue(sub(security, "allowPromiscuous")));
    const m = bool(policyValue(sub(security, "macChanges")));
    const t = bool(policyValue(sub(security, "forgedTransmits")));
    if (p !== undefined) patch.allowPromiscuous = p;
    if (m !== undefined) patch.allowMacChanges = m;
    if (t !== undefined) patch.allowForgedTransmits = t;
  }
  const mac = sub(f, "macManagementPolicy");
  if (mac) decodeMacManagement(mac, patch);
  const inShaping = sub(f, "inShapingPolicy");
  const ingress = inShaping && decodeShaping(inShaping);
  if (ingress && Object.keys(ingress).length > 0) patch.ingressShaping = ingress;
  const outShaping = sub(f, "outShapingPolicy");
  const egress = outShaping && decodeShaping(outShaping);
  if (egress && Object.keys(egress).length > 0) patch.egressShaping = egress;
  const teaming = sub(f, "uplinkTeamingPolicy");
  if (teaming) Object.assign(patch, decodeTeaming(teaming));
  return patch;
}

/** macManagementPolicy (vSphere 6.7) sets the same security as securityPolicy: both given, they must agree. */
function decodeMacManagement(f: Field, patch: Mutable<PortGroupPolicyPatch>): void {
  const fields = [
    ["allowPromiscuous", "allowPromiscuous"],
    ["macChanges", "allowMacChanges"],
    ["forgedTransmits", "allowForgedTransmits"],
  ] as const;
  for (const [wire, model] of fields) {
    const v = bool(sub(f, wire));
    if (v === undefined) continue;
    if (patch[model] !== undefined && patch[model] !== v) throw invalidArgument(`${f.path}.${wire}`, `${f.path}.${wire} says ${v}, securityPolicy says ${String(patch[model])}`);
    patch[model] = v;
  }
  const learning = sub(f, "macLearningPolicy");
  if (learning && bool(sub(learning, "enabled")) === true) throw notSupported(`${learning.path}.enabled`, "vdsim does not model MAC learning");
}

function decodeTeaming(f: Field): Partial<PortGroupPolicyPatch> {
  const out: Mutable<PortGroupPolicyPatch> = {};
  const policy = policyValue(sub(f, "policy"));
  const lb = text(policy);
  if (lb !== undefined && policy) {
    if (!(LOAD_BALANCING as readonly string[]).includes(lb)) throw new VimFault("InvalidArgument", `${policy.path}: vdsim's teaming takes ${LOAD_BALANCING.join(", ")}, not "${lb}"`, { invalidProperty: str(policy.path) });
    out.loadBalancing = lb as LoadBalancing;
  }
  const notify = bool(policyValue(sub(f, "notifySwitches")));
  if (notify !== undefined) out.notifySwitches = notify;
  // vSphere's rolling order is failback's opposite: true keeps a recovered uplink standby
  const rolling = bool(policyValue(sub(f, "rollingOrder")));
  if (rolling !== undefined) out.failback = !rolling;
  const reverse = policyValue(sub(f, "reversePolicy"));
  if (bool(reverse) === false && reverse) throw notSupported(reverse.path, "vdsim's teaming always has reversePolicy true");
  const order = sub(f, "uplinkPortOrder");
  if (order) {
    out.activeUplinks = subs(order, "activeUplinkPort").map((u) => u.e.text.trim());
    out.standbyUplinks = subs(order, "standbyUplinkPort").map((u) => u.e.text.trim());
  }
  return out;
}

/** Whether a patch sets anything (a spec with no defaultPortConfig, or one that names nothing). */
export function patchIsEmpty(patch: PortGroupPolicyPatch): boolean {
  return Object.values(patch).every((v) => v === undefined);
}
