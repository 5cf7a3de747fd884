import { describe, expect, it } from "vitest";
import { DomainError, DomainErrorCode } from "./errors.js";
import {
  applyPolicyPatch,
  defaultDistributedPolicy,
  formatVlan,
  parseVlan,
  type LoadBalancing,
  type PortGroupPolicyPatch,
  type VlanSpec,
} from "./policy.js";

const uplinks = ["uplink1", "uplink2", "uplink3"];
const current = defaultDistributedPolicy(uplinks, { kind: "none" });

/** Asserts `fn` throws an InvalidArgument DomainError whose message matches. */
const expectInvalid = (fn: () => unknown, message: RegExp): void => {
  let thrown: unknown;
  try {
    fn();
  } catch (err) {
    thrown = err;
  }
  expect(thrown).toBeInstanceOf(DomainError);
  expect(thrown).toMatchObject({ code: DomainErrorCode.InvalidArgument, message: expect.stringMatching(message) });
};

describe("parseVlan", () => {
  it.each<[string, VlanSpec]>([
    ["0", { kind: "none" }],
    ["105", { kind: "vlan", id: 105 }],
    ["1", { kind: "vlan", id: 1 }],
    ["4094", { kind: "vlan", id: 4094 }],
    [" 7 ", { kind: "vlan", id: 7 }],
    ["100-200", { kind: "trunk", ranges: [[100, 200]] }],
    ["100-200,300", { kind: "trunk", ranges: [[100, 200], [300, 300]] }],
    ["0-4094", { kind: "trunk", ranges: [[0, 4094]] }],
  ])("parses %j", (text, vlan) => {
    expect(parseVlan(text)).toEqual(vlan);
  });

  it("accepts spaces around trunk parts", () => {
    expect(parseVlan("10-20, 30")).toEqual({ kind: "trunk", ranges: [[10, 20], [30, 30]] });
  });

  it.each([
    ["4095", /Invalid VLAN ID 4095/],
    ["5000", /Invalid VLAN ID 5000/],
    ["-1", /Invalid VLAN "-1": expected an ID 0-4094 or a trunk range/],
    ["", /Invalid VLAN ""/],
    ["abc", /Invalid VLAN "abc"/],
    ["1.5", /Invalid VLAN "1.5"/],
    ["100-", /Invalid VLAN "100-"/],
    ["1,,2", /Invalid VLAN "1,,2"/],
    ["100-5000", /Invalid VLAN ID 5000/],
    ["4095-4095", /Invalid VLAN ID 4095/],
    ["200-100", /Invalid VLAN trunk range "200-100": start is above end/],
    ["1-5,300-200", /Invalid VLAN trunk range "300-200"/],
  ])("refuses %j", (text, message) => {
    expectInvalid(() => parseVlan(text), message);
  });
});

describe("formatVlan", () => {
  it.each<[VlanSpec, string]>([
    [{ kind: "none" }, "0"],
    [{ kind: "vlan", id: 105 }, "105"],
    [{ kind: "trunk", ranges: [[100, 200], [300, 300]] }, "100-200,300"],
  ])("formats %j as %j", (vlan, text) => {
    expect(formatVlan(vlan)).toBe(text);
  });

  it.each(["0", "105", "4094", "100-200,300", "0-4094", "5,7-9"])("round-trips %j through parseVlan", (text) => {
    expect(formatVlan(parseVlan(text))).toBe(text);
  });
});

describe("defaultDistributedPolicy", () => {
  it("rejects everything, shapes nothing and makes every uplink active", () => {
    expect(defaultDistributedPolicy(["uplink1", "uplink2"], { kind: "vlan", id: 9 })).toEqual({
      vlan: { kind: "vlan", id: 9 },
      security: { allowPromiscuous: false, allowMacChanges: false, allowForgedTransmits: false },
      ingressShaping: { enabled: false, averageKbps: 100_000, peakKbps: 100_000, burstKB: 102_400 },
      egressShaping: { enabled: false, averageKbps: 100_000, peakKbps: 100_000, burstKB: 102_400 },
      teaming: { loadBalancing: "loadbalance_srcid", activeUplinks: ["uplink1", "uplink2"], standbyUplinks: [], notifySwitches: true, failback: true },
      blocked: false,
    });
  });

  it("copies the uplink list", () => {
    const names = ["uplink1"];
    expect(defaultDistributedPolicy(names, { kind: "none" }).teaming.activeUplinks).not.toBe(names);
  });
});

describe("applyPolicyPatch", () => {
  const apply = (patch: PortGroupPolicyPatch) => applyPolicyPatch(current, patch, { name: "dvs-test", uplinks });

  it("reports no change for a patch that sets what is already set", () => {
    expect(apply({ allowMacChanges: false, blocked: false, failback: true })).toEqual({ policy: current, changed: [] });
  });

  it("changes only what the patch names and reports the sections", () => {
    const { policy, changed } = apply({ vlan: { kind: "vlan", id: 20 }, allowMacChanges: true });
    expect(changed).toEqual(["vlan", "security"]);
    expect(policy).toEqual({ ...current, vlan: { kind: "vlan", id: 20 }, security: { ...current.security, allowMacChanges: true } });
  });

  it("does not modify the current policy", () => {
    const before = JSON.stringify(current);
    apply({ blocked: true, averageKbps: 10, peakKbps: 20, activeUplinks: ["uplink3"] });
    expect(JSON.stringify(current)).toBe(before);
  });

  it("turns shaping on in both directions when a bandwidth or burst is given", () => {
    const { policy, changed } = apply({ burstKB: 500 });
    expect(changed).toEqual(["ingressShaping", "egressShaping"]);
    expect(policy.ingressShaping).toEqual({ enabled: true, averageKbps: 100_000, peakKbps: 100_000, burstKB: 500 });
    expect(policy.egressShaping).toEqual(policy.ingressShaping);
  });

  it("keeps shaping off when told to, even with bandwidths", () => {
    const { policy } = apply({ shapingEnabled: false, averageKbps: 1000, peakKbps: 2000 });
    expect(policy.ingressShaping).toEqual({ enabled: false, averageKbps: 1000, peakKbps: 2000, burstKB: 102_400 });
  });

  it("turns shaping off again without losing the bandwidths", () => {
    const on = apply({ averageKbps: 1000, peakKbps: 2000 }).policy;
    const { policy, changed } = applyPolicyPatch(on, { shapingEnabled: false }, { name: "dvs-test", uplinks });
    expect(changed).toEqual(["ingressShaping", "egressShaping"]);
    expect(policy.egressShaping).toEqual({ enabled: false, averageKbps: 1000, peakKbps: 2000, burstKB: 102_400 });
  });

  it("sets ingress and egress shaping apart when a direction is given on its own", () => {
    const { policy, changed } = apply({
      ingressShaping: { enabled: true, averageKbps: 1000, peakKbps: 2000, burstKB: 100 },
      egressShaping: { averageKbps: 3000, peakKbps: 4000 },
    });
    expect(changed).toEqual(["ingressShaping", "egressShaping"]);
    expect(policy.ingressShaping).toEqual({ enabled: true, averageKbps: 1000, peakKbps: 2000, burstKB: 100 });
    expect(policy.egressShaping).toEqual({ enabled: true, averageKbps: 3000, peakKbps: 4000, burstKB: 102_400 });
  });

  it("leaves the other direction as it is when only one is given", () => {
    const { policy, changed } = apply({ egressShaping: { enabled: true } });
    expect(changed).toEqual(["egressShaping"]);
    expect(policy.ingressShaping).toEqual(current.ingressShaping);
  });

  it("lets a direction's own setting win over the shared one", () => {
    const { policy } = apply({ averageKbps: 1000, peakKbps: 1000, ingressShaping: { peakKbps: 5000 }, egressShaping: { enabled: false } });
    expect(policy.ingressShaping).toEqual({ enabled: true, averageKbps: 1000, peakKbps: 5000, burstKB: 102_400 });
    expect(policy.egressShaping).toEqual({ enabled: false, averageKbps: 1000, peakKbps: 1000, burstKB: 102_400 });
  });

  it("refuses a direction's bad shaping, naming the direction", () => {
    expect(() => apply({ egressShaping: { averageKbps: 3000, peakKbps: 2000 } })).toThrow(/Invalid egress traffic shaping: peak bandwidth 2000/);
  });

  it("accepts peak equal to average", () => {
    expect(apply({ averageKbps: 5000, peakKbps: 5000 }).policy.ingressShaping.peakKbps).toBe(5000);
  });

  it("treats a reordering of active uplinks as a teaming change", () => {
    const { policy, changed } = apply({ activeUplinks: ["uplink3", "uplink2", "uplink1"] });
    expect(changed).toEqual(["teaming"]);
    expect(policy.teaming.activeUplinks).toEqual(["uplink3", "uplink2", "uplink1"]);
  });

  it("moves an uplink to standby when active and standby are given together", () => {
    const { policy } = apply({ activeUplinks: ["uplink1"], standbyUplinks: ["uplink2"] });
    expect(policy.teaming).toMatchObject({ activeUplinks: ["uplink1"], standbyUplinks: ["uplink2"] });
  });

  it.each<[string, PortGroupPolicyPatch, RegExp]>([
    ["VLAN 4095", { vlan: { kind: "vlan", id: 4095 } }, /Invalid VLAN ID 4095/],
    ["VLAN -1", { vlan: { kind: "vlan", id: -1 } }, /Invalid VLAN ID -1/],
    ["a trunk beyond 4094", { vlan: { kind: "trunk", ranges: [[1, 4095]] } }, /Invalid VLAN ID 4095/],
    ["peak below average", { averageKbps: 3000, peakKbps: 2000 }, /Invalid ingress traffic shaping: peak bandwidth 2000 kbit\/s is below average bandwidth 3000 kbit\/s/],
    ["a zero average", { averageKbps: 0 }, /Invalid ingress traffic shaping: average bandwidth must be positive, got 0/],
    ["a negative peak", { peakKbps: -1 }, /peak bandwidth must be positive, got -1/],
    ["an infinite burst", { burstKB: Number.POSITIVE_INFINITY }, /burst size must be positive, got Infinity/],
    ["an unknown active uplink", { activeUplinks: ["uplink4"] }, /Uplink "uplink4" does not exist on distributed switch "dvs-test" \(it has uplink1, uplink2, uplink3\)/],
    ["an unknown standby uplink", { activeUplinks: ["uplink1"], standbyUplinks: ["lag1"] }, /Uplink "lag1" does not exist/],
    ["an uplink both active and standby", { standbyUplinks: ["uplink3"] }, /Uplink "uplink3" cannot be both active and standby/],
    ["a standby uplink listed twice", { activeUplinks: [], standbyUplinks: ["uplink2", "uplink2"] }, /Uplink "uplink2" is listed twice/],
    ["an unknown load balancing", { loadBalancing: "random" as LoadBalancing }, /Invalid load balancing "random"/],
  ])("refuses %s", (_, patch, message) => {
    expectInvalid(() => apply(patch), message);
  });

  it("refuses a trunk range whose start is above its end", () => {
    expectInvalid(() => apply({ vlan: { kind: "trunk", ranges: [[300, 200]] } }), /VLAN/);
  });

  it("refuses a trunk with no range", () => {
    expectInvalid(() => apply({ vlan: { kind: "trunk", ranges: [] } }), /VLAN/);
  });
});
