import { describe, expect, it } from "vitest";
import { HostDataPlane } from "./data-plane.js";
import { UnknownPortError, UnknownUplinkError } from "./errors.js";
import { BROADCAST } from "./frame.js";
import { ethernet, mac, port, proxySwitch, sentOut, toPorts, toUplinks, vlan } from "./testing/fixtures.js";

const A = mac(1);
const B = mac(2);
const C = mac(3);
const REMOTE = mac(0x99);

/** dvs1 (uplink1 -> vmnic1) with ports 1..3 on VLAN 10 and port 4 on VLAN 20. */
function host(options: { uplinks?: Record<string, string | null>; macAgingMs?: number } = {}): HostDataPlane {
  const dp = new HostDataPlane(options.macAgingMs === undefined ? {} : { macAgingMs: options.macAgingMs });
  dp.configure({
    switches: [proxySwitch("dvs1", options.uplinks ?? { uplink1: "vmnic1" })],
    ports: [
      port("1", "dvs1", A, { vlan: vlan(10) }),
      port("2", "dvs1", B, { vlan: vlan(10) }),
      port("3", "dvs1", C, { vlan: vlan(10) }),
      port("4", "dvs1", mac(4), { vlan: vlan(20) }),
    ],
  });
  return dp;
}

describe("local switching", () => {
  it("delivers between two ports of the same VLAN and counts both sides", () => {
    const dp = host();
    dp.transmit("2", ethernet(B, A), 0);
    const out = dp.transmit("1", ethernet(A, B, { length: 100 }), 1);
    expect(out).toEqual([{ kind: "port", portId: "2", frame: ethernet(A, B, { length: 100 }) }]);
    expect(dp.portStats("1")).toMatchObject({ packetsIn: 1, bytesIn: 100 });
    expect(dp.portStats("2")).toMatchObject({ packetsIn: 1, bytesIn: 64, packetsOut: 1, bytesOut: 100 });
  });

  it("floods an unknown unicast to the VLAN's other ports and out one uplink, tagged with the VLAN", () => {
    const out = host().transmit("1", ethernet(A, B), 0);
    expect(toPorts(out)).toEqual(["2", "3"]);
    expect(toUplinks(out)).toEqual(["vmnic1"]);
    expect(sentOut(out, "vmnic1").vlan).toBe(10);
  });

  it("floods a broadcast within its VLAN only, never back to the sender", () => {
    const dp = host();
    const out = dp.transmit("2", ethernet(B, BROADCAST), 0);
    expect(toPorts(out)).toEqual(["1", "3"]);
    expect(toUplinks(out)).toEqual(["vmnic1"]);
    expect(dp.portStats("4").packetsOut).toBe(0);
  });

  it("after learning a MAC, sends its unicast to that one port", () => {
    const dp = host();
    dp.transmit("2", ethernet(B, BROADCAST), 0);
    expect(toPorts(dp.transmit("1", ethernet(A, B), 1))).toEqual(["2"]);
    expect(dp.macTable("dvs1", 1)).toEqual([
      { vlan: 10, mac: A, portId: "1", ageMs: 0 },
      { vlan: 10, mac: B, portId: "2", ageMs: 1 },
    ]);
  });

  it("isolates VLANs: a frame for a port of another VLAN does not reach it and is counted", () => {
    const dp = host({ uplinks: {} });
    dp.transmit("4", ethernet(mac(4), BROADCAST), 0);
    expect(toPorts(dp.transmit("1", ethernet(A, mac(4)), 1))).toEqual(["2", "3"]);
    expect(dp.portStats("4").packetsOut).toBe(0);
    expect(dp.switchStats("dvs1").droppedNoUplink).toBe(2);
  });

  it("counts a frame that reaches no port and no uplink as noPort on its sender", () => {
    const dp = new HostDataPlane();
    dp.configure({
      switches: [proxySwitch("dvs1", {})],
      ports: [port("1", "dvs1", A, { vlan: vlan(10) }), port("4", "dvs1", mac(4), { vlan: vlan(20) })],
    });
    dp.transmit("4", ethernet(mac(4), BROADCAST), 0);
    expect(dp.transmit("1", ethernet(A, mac(4)), 1)).toEqual([]);
    expect(dp.portStats("4").packetsOut).toBe(0);
    expect(dp.portStats("1").dropped).toEqual({ vlan: 0, security: 0, shaping: 0, blocked: 0, noPort: 1, mtu: 0 });
    expect(dp.switchStats("dvs1").droppedNoUplink).toBe(2);
    expect(dp.lastDrop).toMatchObject({ reason: "noUplink", portId: "1", dst: mac(4), vlan: 10 });
  });

  it("forgets a MAC after the aging time, so its frames flood again", () => {
    const dp = host();
    dp.transmit("2", ethernet(B, BROADCAST), 0);
    expect(toPorts(dp.transmit("1", ethernet(A, B), 300_000))).toEqual(["2"]);
    expect(toPorts(dp.transmit("3", ethernet(C, B), 300_001))).toEqual(["1", "2"]);
    expect(dp.macTable("dvs1", 300_001).map((e) => e.mac)).toEqual([A, C]);
  });

  it("takes the aging time from its options", () => {
    const dp = host({ macAgingMs: 1_000 });
    dp.transmit("2", ethernet(B, BROADCAST), 0);
    expect(toPorts(dp.transmit("1", ethernet(A, B), 1_000))).toEqual(["2"]);
    expect(toPorts(dp.transmit("1", ethernet(A, B), 2_001))).toEqual(["2", "3"]);
  });

  it("sends a unicast for a MAC learned behind the uplinks out of an uplink only", () => {
    const dp = host();
    dp.receiveFromUplink("vmnic1", ethernet(REMOTE, BROADCAST, { vlan: 10 }), 0);
    const out = dp.transmit("1", ethernet(A, REMOTE), 1);
    expect(toPorts(out)).toEqual([]);
    expect(sentOut(out, "vmnic1")).toEqual(ethernet(A, REMOTE, { vlan: 10 }));
    expect(dp.switchStats("dvs1").uplinks).toEqual([
      { name: "uplink1", vmnic: "vmnic1", linkUp: true, packetsOut: 1, bytesOut: 64, packetsIn: 1, bytesIn: 64 },
    ]);
  });

  it("does not let a frame from the uplinks take over a MAC a local port owns", () => {
    const dp = host();
    dp.transmit("2", ethernet(B, BROADCAST), 0);
    dp.receiveFromUplink("vmnic1", ethernet(B, BROADCAST, { vlan: 10 }), 1);
    expect(toPorts(dp.transmit("1", ethernet(A, B), 2))).toEqual(["2"]);
  });

  it("delivers to a port that arrived by vMotion although its MAC was learned behind the uplinks", () => {
    const dp = host();
    dp.receiveFromUplink("vmnic1", ethernet(REMOTE, BROADCAST, { vlan: 10 }), 0);
    dp.configure({
      switches: [proxySwitch("dvs1", { uplink1: "vmnic1" })],
      ports: [port("1", "dvs1", A, { vlan: vlan(10) }), port("9", "dvs1", REMOTE, { vlan: vlan(10) })],
    });
    const out = dp.transmit("1", ethernet(A, REMOTE), 1);
    expect(toPorts(out)).toEqual(["9"]);
    expect(toUplinks(out)).toEqual([]);
  });
});

describe("frames from the physical network", () => {
  it("switches a broadcast to the local ports of its VLAN, untagged for VST, and never out another uplink", () => {
    const dp = host({ uplinks: { uplink1: "vmnic1", uplink2: "vmnic2" } });
    const out = dp.receiveFromUplink("vmnic1", ethernet(REMOTE, BROADCAST, { vlan: 10 }), 0);
    expect(out).toEqual([
      { kind: "port", portId: "1", frame: ethernet(REMOTE, BROADCAST) },
      { kind: "port", portId: "2", frame: ethernet(REMOTE, BROADCAST) },
      { kind: "port", portId: "3", frame: ethernet(REMOTE, BROADCAST) },
    ]);
  });

  it("delivers a unicast to a local port that has not sent yet", () => {
    const out = host().receiveFromUplink("vmnic1", ethernet(REMOTE, B, { vlan: 10 }), 0);
    expect(toPorts(out)).toContain("2");
    expect(toUplinks(out)).toEqual([]);
  });

  it("drops a unicast for a MAC no local port has, counts it on the switch and says which", () => {
    const dp = host();
    expect(dp.receiveFromUplink("vmnic1", ethernet(REMOTE, mac(0x42), { vlan: 10 }), 0)).toEqual([]);
    expect(dp.switchStats("dvs1").droppedNoPort).toBe(1);
    expect(dp.lastDrop).toEqual({ reason: "noPort", switch: "dvs1", portId: null, vmnic: "vmnic1", src: REMOTE, dst: mac(0x42), vlan: 10 });
  });

  it("only reaches the switch that owns the vmnic", () => {
    const dp = new HostDataPlane();
    dp.configure({
      switches: [proxySwitch("dvs1", { uplink1: "vmnic1" }), proxySwitch("dvs2", { uplink1: "vmnic2" })],
      ports: [port("1", "dvs1", A), port("2", "dvs2", B)],
    });
    expect(toPorts(dp.receiveFromUplink("vmnic2", ethernet(REMOTE, BROADCAST), 0))).toEqual(["2"]);
  });

  it("receiveFromPhysical enters each switch with a usable uplink once", () => {
    const dp = new HostDataPlane();
    dp.configure({
      switches: [
        proxySwitch("dvs1", { uplink1: "vmnic1", uplink2: "vmnic2" }),
        proxySwitch("dvs2", { uplink1: null }),
        proxySwitch("dvs3", { uplink1: "vmnic3" }),
      ],
      ports: [port("1", "dvs1", A), port("2", "dvs2", B), port("3", "dvs3", C)],
    });
    expect(toPorts(dp.receiveFromPhysical(ethernet(REMOTE, BROADCAST), 0))).toEqual(["1", "3"]);
    dp.setUplinkLinkState("vmnic3", false);
    expect(toPorts(dp.receiveFromPhysical(ethernet(REMOTE, BROADCAST), 1))).toEqual(["1"]);
    expect(dp.receiveFromUplink("vmnic3", ethernet(REMOTE, BROADCAST), 2)).toEqual([]);
  });

  it("refuses unknown ports and uplinks with typed errors", () => {
    const dp = host();
    expect(() => dp.transmit("9", ethernet(A, B), 0)).toThrow(UnknownPortError);
    expect(() => dp.receiveFromUplink("vmnic7", ethernet(A, B), 0)).toThrow(UnknownUplinkError);
    expect(() => dp.portStats("9")).toThrow('Port "9" not found');
  });
});
