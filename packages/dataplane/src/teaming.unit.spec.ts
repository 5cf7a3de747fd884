import type { LoadBalancing } from "@vdsim/model";
import { describe, expect, it } from "vitest";
import { HostDataPlane } from "./data-plane.js";
import { ETHERTYPE } from "./frame.js";
import { ethernet, mac, port, proxySwitch, toUplinks, vlan, type PolicyPatch } from "./testing/fixtures.js";
import { hashString } from "./teaming.js";

const REMOTE = mac(0x99);
const UPLINKS = { uplink1: "vmnic1", uplink2: "vmnic2", uplink3: "vmnic3", uplink4: null };

function host(teaming: PolicyPatch["teaming"], ids = ["p1"]): HostDataPlane {
  const dp = new HostDataPlane();
  dp.configure({
    switches: [proxySwitch("dvs1", UPLINKS)],
    ports: ids.map((id, i) => port(id, "dvs1", mac(i + 1), { vlan: vlan(10), teaming })),
  });
  return dp;
}

const toRemote = (dp: HostDataPlane, id: string, i: number): string[] => toUplinks(dp.transmit(id, ethernet(mac(i + 1), REMOTE), 0));

describe("uplink choice by the teaming policy", () => {
  const balanced = (loadBalancing: LoadBalancing): PolicyPatch["teaming"] => ({
    loadBalancing,
    activeUplinks: ["uplink1", "uplink2", "uplink3"],
  });

  it("loadbalance_srcid spreads ports by the hash of their id", () => {
    const ids = Array.from({ length: 12 }, (_, i) => `port-${i}`);
    const dp = host(balanced("loadbalance_srcid"), ids);
    const chosen = ids.map((id, i) => toRemote(dp, id, i)[0]);
    expect(chosen).toEqual(ids.map((id) => `vmnic${(hashString(id) % 3) + 1}`));
    expect(new Set(chosen).size).toBe(3);
  });

  it("loadbalance_srcmac picks by the hash of the source MAC", () => {
    const dp = host(balanced("loadbalance_srcmac"));
    expect(toRemote(dp, "p1", 0)).toEqual([`vmnic${(hashString(mac(1)) % 3) + 1}`]);
  });

  it("loadbalance_ip picks by the source and destination IP, so one port's flows spread", () => {
    const dp = host(balanced("loadbalance_ip"));
    const chosen = Array.from({ length: 12 }, (_, i) => {
      const payload = { kind: "traffic", flow: "f", seq: 1, sentAt: 0, srcIp: "10.0.0.1", dstIp: `10.0.1.${i}` } as const;
      const expected = `vmnic${((hashString("10.0.0.1") ^ hashString(`10.0.1.${i}`)) >>> 0) % 3 + 1}`;
      expect(toUplinks(dp.transmit("p1", { ...ethernet(mac(1), REMOTE), ethertype: ETHERTYPE.IPv4, payload }, i))).toEqual([expected]);
      return expected;
    });
    expect(new Set(chosen).size).toBeGreaterThan(1);
  });

  it("failover_explicit uses the first active uplink", () => {
    expect(toRemote(host(balanced("failover_explicit")), "p1", 0)).toEqual(["vmnic1"]);
  });

  it("skips an active uplink that is not mapped to a vmnic", () => {
    const dp = host({ loadBalancing: "failover_explicit", activeUplinks: ["uplink4", "uplink2"] });
    expect(toRemote(dp, "p1", 0)).toEqual(["vmnic2"]);
  });
});

describe("failover", () => {
  const teaming: PolicyPatch["teaming"] = { loadBalancing: "failover_explicit", activeUplinks: ["uplink1"], standbyUplinks: ["uplink2", "uplink3"] };

  it("moves to the first standby that is up when the active link goes down, and back when it returns", () => {
    const dp = host(teaming);
    dp.setUplinkLinkState("vmnic1", false);
    expect(toRemote(dp, "p1", 0)).toEqual(["vmnic2"]);
    dp.setUplinkLinkState("vmnic2", false);
    expect(toRemote(dp, "p1", 0)).toEqual(["vmnic3"]);
    dp.setUplinkLinkState("vmnic1", true);
    expect(toRemote(dp, "p1", 0)).toEqual(["vmnic1"]);
  });

  it("drops the uplink copy when no active or standby uplink is up, and counts it on the switch", () => {
    const dp = host(teaming);
    for (const vmnic of ["vmnic1", "vmnic2", "vmnic3"]) dp.setUplinkLinkState(vmnic, false);
    expect(dp.transmit("p1", ethernet(mac(1), REMOTE), 0)).toEqual([]);
    expect(dp.switchStats("dvs1").droppedNoUplink).toBe(1);
    expect(dp.portStats("p1").dropped.noPort).toBe(1);
    expect(dp.lastDrop).toMatchObject({ reason: "noUplink", portId: "p1", dst: REMOTE });
  });

  it("notifies switches: a RARP for each port's MAC out of its new uplink, tagged with its VLAN", () => {
    const dp = host(teaming, ["p1", "p2"]);
    const out = dp.setUplinkLinkState("vmnic1", false);
    expect(out.map((d) => [d.kind === "uplink" ? d.vmnic : d.portId, d.frame.src, d.frame.ethertype, d.frame.vlan])).toEqual([
      ["vmnic2", mac(1), ETHERTYPE.RARP, 10],
      ["vmnic2", mac(2), ETHERTYPE.RARP, 10],
    ]);
    expect(dp.setUplinkLinkState("vmnic3", false)).toEqual([]);
  });

  it("sends no RARP when the policy does not notify switches", () => {
    const dp = host({ ...teaming, notifySwitches: false });
    expect(dp.setUplinkLinkState("vmnic1", false)).toEqual([]);
    expect(dp.notifySwitches("p1")).toEqual([]);
  });

  it("announces a port's MAC on request, as after a vMotion", () => {
    const out = host(teaming).notifySwitches("p1");
    expect(out).toMatchObject([{ kind: "uplink", vmnic: "vmnic1", frame: { src: mac(1), ethertype: ETHERTYPE.RARP, vlan: 10 } }]);
  });

  it("names the uplink a port's frames leave by, the first standby up once the active is down, none when all are", () => {
    const dp = host(teaming);
    expect(dp.teamUplink("p1")).toBe("vmnic1");
    dp.setUplinkLinkState("vmnic1", false);
    expect(dp.teamUplink("p1")).toBe("vmnic2");
    dp.setUplinkLinkState("vmnic2", false);
    expect(dp.teamUplink("p1")).toBe("vmnic3");
    dp.setUplinkLinkState("vmnic3", false);
    expect(dp.teamUplink("p1")).toBeNull();
  });

  it("remembers the link state of a vmnic that backs no uplink yet", () => {
    const dp = host(teaming);
    dp.setUplinkLinkState("vmnic5", false);
    dp.configure({
      switches: [proxySwitch("dvs1", { uplink1: "vmnic5", uplink2: "vmnic2" })],
      ports: [port("p1", "dvs1", mac(1), { vlan: vlan(10), teaming })],
    });
    expect(toRemote(dp, "p1", 0)).toEqual(["vmnic2"]);
    expect(dp.switchStats("dvs1").uplinks.map((u) => [u.vmnic, u.linkUp])).toEqual([
      ["vmnic5", false],
      ["vmnic2", true],
    ]);
  });
});
