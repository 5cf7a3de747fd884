import { describe, expect, it } from "vitest";
import { expectedReachability, type ReachabilityEnd } from "./reachability.js";
import { trunk, vlan } from "./testing/fixtures.js";

const end = (patch: Partial<ReachabilityEnd> = {}): ReachabilityEnd => ({
  host: "esx-01",
  switch: "dvs1",
  vlan: vlan(10),
  blocked: false,
  uplinkUp: true,
  ...patch,
});

describe("expectedReachability", () => {
  it("same VLAN on two hosts with uplinks up: reachable", () => {
    expect(expectedReachability(end(), end({ host: "esx-02" }))).toEqual({ reachable: true, vlan: 10 });
  });

  it("a blocked port comes first", () => {
    expect(expectedReachability(end({ blocked: true }), end({ vlan: vlan(20) }))).toEqual({ reachable: false, reason: "blocked" });
  });

  it("different VLANs: vlan mismatch", () => {
    expect(expectedReachability(end(), end({ vlan: vlan(20) }))).toEqual({ reachable: false, reason: "vlan-mismatch" });
    expect(expectedReachability(end({ vlan: { kind: "none" } }), end())).toEqual({ reachable: false, reason: "vlan-mismatch" });
  });

  it("a guest-tagging port reaches the VLAN its guest tags, if the trunk carries it", () => {
    expect(expectedReachability(end({ vlan: trunk([5, 15]), guestVlan: 10 }), end())).toEqual({ reachable: true, vlan: 10 });
    expect(expectedReachability(end({ vlan: trunk([5, 15]) }), end())).toEqual({ reachable: false, reason: "vlan-mismatch" });
  });

  it("needs an uplink up on both sides unless both ports share one switch on one host", () => {
    expect(expectedReachability(end({ uplinkUp: false }), end({ uplinkUp: false }))).toEqual({ reachable: true, vlan: 10 });
    expect(expectedReachability(end(), end({ host: "esx-02", uplinkUp: false }))).toEqual({ reachable: false, reason: "no-uplink" });
    expect(expectedReachability(end({ uplinkUp: false }), end({ switch: "vSwitch0" }))).toEqual({ reachable: false, reason: "no-uplink" });
  });
});
