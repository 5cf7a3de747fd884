import { describe, expect, it } from "vitest";
import { fold } from "../evolve.js";
import { initialState } from "../state.js";
import { hostAdded, hostJoined, switchCreated } from "../testing/given.js";
import { managementAddress } from "./fresh-host.js";
import { defaultStandardPolicy } from "./standard-policy.js";
import { NO_SERVICES } from "./state.js";

describe("a fresh host", () => {
  const state = fold([hostAdded("esx-01"), hostAdded("esx-02", ["vmnic0", "vmnic1"])], initialState());

  it("has vSwitch0 with 128 ports, MTU 1500, vmnic0 linked and active, VSS default policy", () => {
    expect(state.hosts["esx-01"]?.standardSwitches).toEqual({
      vSwitch0: { name: "vSwitch0", numPorts: 128, mtu: 1500, cdpStatus: "listen", uplinks: ["vmnic0"], policy: defaultStandardPolicy(["vmnic0"]) },
    });
    expect(defaultStandardPolicy(["vmnic0"])).toEqual({
      security: { allowPromiscuous: false, allowMacChanges: true, allowForgedTransmits: true },
      shaping: { enabled: false, averageKbps: 100_000, peakKbps: 100_000, burstKB: 102_400 },
      teaming: { loadBalancing: "loadbalance_srcid", activeUplinks: ["vmnic0"], standbyUplinks: [], notifySwitches: true, failback: true },
    });
  });

  it("has the port groups VM Network and Management Network, untagged, inheriting the switch's policy", () => {
    const none = { security: null, shaping: null, teaming: null };
    expect(state.hosts["esx-01"]?.standardPortGroups).toEqual({
      "VM Network": { name: "VM Network", vswitch: "vSwitch0", vlan: 0, overrides: none },
      "Management Network": { name: "Management Network", vswitch: "vSwitch0", vlan: 0, overrides: none },
    });
  });

  it("has vmk0 on Management Network with vmnic0's MAC, management on, vMotion off, at 192.168.0.<10+n>", () => {
    expect(state.hosts["esx-01"]?.vmknics).toEqual({
      vmk0: {
        name: "vmk0",
        mac: "00:0c:29:00:00:00",
        mtu: 1500,
        enabled: true,
        ipv4: { address: "192.168.0.10", netmask: "255.255.255.0" },
        services: { ...NO_SERVICES, management: true },
        connection: { kind: "standard", vswitch: "vSwitch0", portgroup: "Management Network" },
      },
    });
    expect(state.hosts["esx-02"]?.vmknics.vmk0).toMatchObject({
      mac: "00:0c:29:00:01:00",
      ipv4: { address: "192.168.0.11", netmask: "255.255.255.0" },
    });
    expect(state.hosts["esx-02"]?.index).toBe(1);
  });

  it("keeps vmk0's address inside a /24 past the 240th host", () => {
    expect(managementAddress(239)).toEqual({ address: "192.168.0.249", netmask: "255.255.255.0" });
    expect(managementAddress(240)).toEqual({ address: "192.168.1.10", netmask: "255.255.255.0" });
  });

  it("links the host's first NIC when it has no vmnic0", () => {
    const s = fold([hostAdded("esx-09", ["vmnic4", "vmnic5"])], initialState());
    expect(s.hosts["esx-09"]?.standardSwitches.vSwitch0?.uplinks).toEqual(["vmnic4"]);
  });

  it("is the same on every replay", () => {
    const events = [hostAdded("esx-01"), hostAdded("esx-02")];
    expect(fold(events, initialState())).toEqual(fold(events, initialState()));
  });
});

describe("joining a distributed switch", () => {
  it("moves a vmnic that vCenter assigns to the VDS off the standard switch and its teaming", () => {
    const s = fold(
      [hostAdded("esx-01"), switchCreated("dvs-prod"), hostJoined("dvs-prod", "esx-01", { uplink1: "vmnic0", uplink2: "vmnic1" })],
      initialState(),
    );
    const vss = s.hosts["esx-01"]?.standardSwitches.vSwitch0;
    expect(vss?.uplinks).toEqual([]);
    expect(vss?.policy.teaming.activeUplinks).toEqual([]);
  });

  it("leaves the standard switch alone when the VDS takes other vmnics", () => {
    const s = fold([hostAdded("esx-01"), switchCreated("dvs-prod"), hostJoined("dvs-prod", "esx-01")], initialState());
    expect(s.hosts["esx-01"]?.standardSwitches.vSwitch0?.uplinks).toEqual(["vmnic0"]);
  });
});
