import { describe, expect, it } from "vitest";
import { HostDataPlane } from "./data-plane.js";
import { BROADCAST } from "./frame.js";
import { ethernet, mac, port, proxySwitch, toPorts, toUplinks, vlan, type PolicyPatch } from "./testing/fixtures.js";

const A = mac(1);
const B = mac(2);
const SPY = mac(3);
const NEW_MAC = mac(0x77);

/** Port 1 with `patch`, port 2 plain, port 3 promiscuous, all on VLAN 10; port 4 promiscuous on VLAN 20. */
function host(patch: PolicyPatch = {}): HostDataPlane {
  const dp = new HostDataPlane();
  dp.configure({
    switches: [proxySwitch("dvs1")],
    ports: [
      port("1", "dvs1", A, { vlan: vlan(10), ...patch }),
      port("2", "dvs1", B, { vlan: vlan(10) }),
      port("3", "dvs1", SPY, { vlan: vlan(10), security: { allowPromiscuous: true } }),
      port("4", "dvs1", mac(4), { vlan: vlan(20), security: { allowPromiscuous: true } }),
    ],
  });
  dp.transmit("2", ethernet(B, BROADCAST), 0);
  dp.transmit("3", ethernet(SPY, BROADCAST), 0);
  return dp;
}

describe("forged transmits", () => {
  it("reject: drops a frame whose source is not the port's effective MAC, and counts it", () => {
    const dp = host();
    expect(dp.transmit("1", ethernet(mac(0x55), B), 1)).toEqual([]);
    expect(dp.portStats("1")).toMatchObject({ packetsIn: 0, dropped: { security: 1 } });
    expect(dp.lastDrop).toMatchObject({ reason: "security", portId: "1", src: mac(0x55) });
    expect(dp.macTable("dvs1", 1).map((e) => e.mac)).not.toContain(mac(0x55));
  });

  it("accept: forwards it", () => {
    const dp = host({ security: { allowForgedTransmits: true } });
    expect(toPorts(dp.transmit("1", ethernet(mac(0x55), B), 1))).toEqual(["2", "3"]);
  });
});

describe("MAC address changes", () => {
  it("reject: once the guest changed its MAC, the port neither transmits nor receives for the new MAC", () => {
    const dp = host({ security: { allowForgedTransmits: true } });
    const before = dp.portStats("1");
    dp.setEffectiveMac("1", NEW_MAC);
    expect(dp.transmit("1", ethernet(NEW_MAC, B), 1)).toEqual([]);
    expect(dp.transmit("1", ethernet(A, B), 2)).toEqual([]);
    expect(toPorts(dp.receiveFromUplink("vmnic1", ethernet(mac(0x99), NEW_MAC, { vlan: 10 }), 3))).toEqual(["2", "3"]);
    expect(dp.portStats("1")).toMatchObject({
      packetsIn: before.packetsIn,
      packetsOut: before.packetsOut,
      effectiveMac: NEW_MAC,
      initialMac: A,
      dropped: { security: 3 },
    });
  });

  it("reject: going back to the initial MAC lifts the refusal", () => {
    const dp = host();
    dp.setEffectiveMac("1", NEW_MAC);
    dp.setEffectiveMac("1", A);
    expect(toPorts(dp.transmit("1", ethernet(A, B), 1))).toEqual(["2", "3"]);
  });

  it("accept: the port sends and receives with its new MAC", () => {
    const dp = host({ security: { allowMacChanges: true } });
    dp.setEffectiveMac("1", NEW_MAC);
    expect(toPorts(dp.transmit("1", ethernet(NEW_MAC, B), 1))).toEqual(["2", "3"]);
    expect(dp.transmit("1", ethernet(A, B), 1)).toEqual([]);
    expect(dp.portStats("1").dropped.security).toBe(1);
    expect(toPorts(dp.transmit("2", ethernet(B, NEW_MAC), 2))).toEqual(["1", "3"]);
  });
});

describe("promiscuous mode", () => {
  it("accept: the port gets a copy of unicasts between others in its VLAN, not those of other VLANs", () => {
    const dp = host();
    dp.transmit("1", ethernet(A, BROADCAST), 1);
    const out = dp.transmit("2", ethernet(B, A), 2);
    expect(toPorts(out)).toEqual(["1", "3"]);
    expect(dp.portStats("4").packetsOut).toBe(0);
  });

  it("accept: it sees unicasts leaving by an uplink and arriving from one", () => {
    const dp = host();
    dp.receiveFromUplink("vmnic1", ethernet(mac(0x99), BROADCAST, { vlan: 10 }), 1);
    const out = dp.transmit("2", ethernet(B, mac(0x99)), 2);
    expect(toUplinks(out)).toEqual(["vmnic1"]);
    expect(toPorts(out)).toEqual(["3"]);
    expect(toPorts(dp.receiveFromUplink("vmnic1", ethernet(mac(0x99), B, { vlan: 10 }), 3))).toEqual(["2", "3"]);
  });

  it("accept: it does not get its own frames back", () => {
    const dp = host();
    expect(toPorts(dp.transmit("3", ethernet(SPY, B), 1))).toEqual(["2"]);
  });

  it("reject: a port without it does not see unicasts between others", () => {
    const dp = host();
    dp.transmit("1", ethernet(A, BROADCAST), 1);
    expect(toPorts(dp.transmit("3", ethernet(SPY, A), 2))).toEqual(["1"]);
  });
});

describe("blocked ports", () => {
  it("pass nothing in either direction, and count it", () => {
    const dp = host({ blocked: true });
    expect(dp.transmit("1", ethernet(A, B), 1)).toEqual([]);
    expect(toPorts(dp.transmit("2", ethernet(B, BROADCAST), 2))).toEqual(["3"]);
    // two more blocked: the broadcasts host() sends from ports 2 and 3
    expect(dp.portStats("1")).toMatchObject({ packetsIn: 0, packetsOut: 0, dropped: { blocked: 4 } });
    expect(dp.lastDrop).toMatchObject({ reason: "blocked", portId: "1", src: B });
  });
});
