import { describe, expect, it } from "vitest";
import { HostDataPlane } from "./data-plane.js";
import { BROADCAST } from "./frame.js";
import { deliveredTo, ethernet, mac, port, proxySwitch, sentOut, standardSwitch, toPorts, trunk, vlan } from "./testing/fixtures.js";
import { carriesVlan, compileVlan, egressTag, ingressVlan } from "./vlan.js";

const REMOTE = mac(0x99);

describe("compileVlan", () => {
  it("none is VLAN 0, untagged", () => {
    const mode = compileVlan({ kind: "none" });
    expect([ingressVlan(mode, 0), ingressVlan(mode, 5), carriesVlan(mode, 0), egressTag(mode, 0)]).toEqual([0, -1, true, 0]);
  });

  it("VST takes untagged frames into its VLAN and gives them back untagged", () => {
    const mode = compileVlan(vlan(105));
    expect([ingressVlan(mode, 0), ingressVlan(mode, 105), carriesVlan(mode, 105), carriesVlan(mode, 0), egressTag(mode, 105)]).toEqual([
      105, -1, true, false, 0,
    ]);
  });

  it("4095 passes every tag, untagged included", () => {
    const mode = compileVlan(vlan(4095));
    expect([ingressVlan(mode, 0), ingressVlan(mode, 4094), egressTag(mode, 7), ingressVlan(mode, 4095)]).toEqual([0, 4094, 7, -1]);
  });

  it("a trunk passes the tags of its ranges only", () => {
    const mode = compileVlan(trunk([100, 200], [300, 300]));
    expect([ingressVlan(mode, 100), ingressVlan(mode, 200), ingressVlan(mode, 300), ingressVlan(mode, 201), ingressVlan(mode, 0)]).toEqual([
      100, 200, 300, -1, -1,
    ]);
  });
});

describe("VLAN policies on a switch", () => {
  /** vSwitch0 (vmnic0) with a VST port on 10, a VGT (4095) port, and an untagged port. */
  function standard(): HostDataPlane {
    const dp = new HostDataPlane();
    dp.configure({
      switches: [standardSwitch("vSwitch0", ["vmnic0"])],
      ports: [
        port("vst", "vSwitch0", mac(1), { vlan: vlan(10), teaming: { activeUplinks: ["vmnic0"] } }),
        port("vgt", "vSwitch0", mac(2), { vlan: vlan(4095), teaming: { activeUplinks: ["vmnic0"] } }),
        port("none", "vSwitch0", mac(3), { teaming: { activeUplinks: ["vmnic0"] } }),
      ],
    });
    return dp;
  }

  it("VST: an untagged guest frame joins the port's VLAN, leaves the uplink tagged, reaches a guest-tagging port tagged", () => {
    const out = standard().transmit("vst", ethernet(mac(1), BROADCAST), 0);
    expect(toPorts(out)).toEqual(["vgt"]);
    expect(deliveredTo(out, "vgt").vlan).toBe(10);
    expect(sentOut(out, "vmnic0").vlan).toBe(10);
  });

  it("VST: a tagged frame from the guest is dropped and counted", () => {
    const dp = standard();
    expect(dp.transmit("vst", ethernet(mac(1), BROADCAST, { vlan: 10 }), 0)).toEqual([]);
    expect(dp.portStats("vst").dropped.vlan).toBe(1);
    expect(dp.portStats("vst").packetsIn).toBe(0);
    expect(dp.lastDrop).toMatchObject({ reason: "vlan", portId: "vst", vlan: 10 });
  });

  it("VST: a frame of its VLAN from the uplink reaches the guest untagged", () => {
    const out = standard().receiveFromUplink("vmnic0", ethernet(REMOTE, BROADCAST, { vlan: 10 }), 0);
    expect(toPorts(out)).toEqual(["vst", "vgt"]);
    expect(deliveredTo(out, "vst").vlan).toBe(0);
    expect(deliveredTo(out, "vgt").vlan).toBe(10);
  });

  it("untagged: VLAN 0 goes out of the uplink untagged and reaches VLAN 0 ports only", () => {
    const out = standard().transmit("none", ethernet(mac(3), BROADCAST), 0);
    expect(toPorts(out)).toEqual(["vgt"]);
    expect(deliveredTo(out, "vgt").vlan).toBe(0);
    expect(sentOut(out, "vmnic0").vlan).toBe(0);
  });

  it("VGT (4095): the guest's tag picks the VLAN", () => {
    const dp = standard();
    const out = dp.transmit("vgt", ethernet(mac(2), BROADCAST, { vlan: 10 }), 0);
    expect(toPorts(out)).toEqual(["vst"]);
    expect(deliveredTo(out, "vst").vlan).toBe(0);
    expect(sentOut(out, "vmnic0").vlan).toBe(10);
    expect(toPorts(dp.transmit("vgt", ethernet(mac(2), BROADCAST, { vlan: 33 }), 1))).toEqual([]);
  });

  describe("trunk on a distributed port group", () => {
    function distributed(): HostDataPlane {
      const dp = new HostDataPlane();
      dp.configure({
        switches: [proxySwitch("dvs1")],
        ports: [
          port("trunk", "dvs1", mac(1), { vlan: trunk([100, 200]) }),
          port("v150", "dvs1", mac(2), { vlan: vlan(150) }),
          port("v300", "dvs1", mac(3), { vlan: vlan(300) }),
        ],
      });
      return dp;
    }

    it("passes guest tags in range and drops others", () => {
      const dp = distributed();
      expect(toPorts(dp.transmit("trunk", ethernet(mac(1), BROADCAST, { vlan: 150 }), 0))).toEqual(["v150"]);
      expect(dp.transmit("trunk", ethernet(mac(1), BROADCAST, { vlan: 300 }), 1)).toEqual([]);
      expect(dp.transmit("trunk", ethernet(mac(1), BROADCAST), 2)).toEqual([]);
      expect(dp.portStats("trunk").dropped.vlan).toBe(2);
    });

    it("receives frames of VLANs in range, tagged, and not the others", () => {
      const dp = distributed();
      expect(deliveredTo(dp.transmit("v150", ethernet(mac(2), BROADCAST), 0), "trunk").vlan).toBe(150);
      expect(toPorts(dp.transmit("v300", ethernet(mac(3), BROADCAST), 1))).toEqual([]);
      expect(deliveredTo(dp.receiveFromUplink("vmnic1", ethernet(REMOTE, BROADCAST, { vlan: 200 }), 2), "trunk").vlan).toBe(200);
    });
  });
});
