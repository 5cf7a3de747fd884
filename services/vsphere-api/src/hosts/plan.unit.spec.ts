import { describe, expect, it } from "vitest";
import { isDomainError } from "@vdsim/model";
import { SAMPLE, foldCommands } from "../inventory/cluster.spec-support.js";
import { InventoryContext } from "../inventory/context.js";
import { propertyOf } from "./apply.js";
import { HostSim } from "./host-sim.js";
import { planAddPortGroup, planAddVirtualNic, planAddVirtualSwitch, planNicService, planUpdatePortGroup, planUpdateVirtualSwitch } from "./plan.js";

const ctx = new InventoryContext(foldCommands(SAMPLE), () => "connected", new Date("2026-12-03T08:00:00Z"));
const sim = (): HostSim => new HostSim(ctx.state, "esx-01");

describe("HostNetworkSystem calls as host commands", () => {
  it("AddVirtualSwitch is the switch, then each uplink, then what its policy changes", () => {
    // given a spec without uplinks (dvs1 has vmnic1) and promiscuous on
    const s = sim();
    // when it is planned
    planAddVirtualSwitch(s, "vSwitch1", { numPorts: 64, mtu: 9000, nicDevice: [], policy: { allowPromiscuous: true } });
    // then the commands are the ones esxcli would send, and the folded copy shows the result
    expect(s.commands).toEqual([
      { type: "AddStandardSwitch", vswitch: "vSwitch1", numPorts: 64, mtu: 9000 },
      { type: "SetStandardSwitchPolicy", vswitch: "vSwitch1", patch: { allowPromiscuous: true } },
    ]);
    expect(s.host.standardSwitches["vSwitch1"]?.policy.security.allowPromiscuous).toBe(true);
  });

  it("refuses the whole call before anything is sent when a later command would be refused", () => {
    const s = sim();
    let err: unknown;
    try {
      planAddVirtualSwitch(s, "vSwitch1", { numPorts: 64, nicDevice: ["vmnic9"] });
    } catch (e) {
      err = e;
    }
    expect(isDomainError(err)).toBe(true);
    // nothing reaches the host agent: the caller sends only after the plan returns
    expect(s.commands.map((c) => c.type)).toEqual(["AddStandardSwitch"]);
  });

  it("UpdateVirtualSwitch with the spec it reads back sends nothing; a new MTU is one SetStandardSwitch", () => {
    const s = sim();
    planUpdateVirtualSwitch(s, "vSwitch0", { numPorts: 128, mtu: 1500, nicDevice: ["vmnic0"], cdpStatus: "listen", policy: { allowPromiscuous: false, activeUplinks: ["vmnic0"], standbyUplinks: [] } });
    expect(s.commands).toEqual([]);
    planUpdateVirtualSwitch(s, "vSwitch0", { numPorts: 128, mtu: 9000, nicDevice: ["vmnic0"] });
    expect(s.commands).toEqual([{ type: "SetStandardSwitch", vswitch: "vSwitch0", mtu: 9000 }]);
  });

  it("a port group's policy settings become its own even when equal to its switch's, and a second run sends nothing", () => {
    const s = sim();
    planAddPortGroup(s, { name: "Storage", vlanId: 30, vswitchName: "vSwitch0", policy: { allowPromiscuous: false } });
    expect(s.commands.map((c) => c.type)).toEqual(["AddStandardPortGroup", "SetStandardPortGroupPolicy"]);
    expect(s.host.standardPortGroups["Storage"]?.overrides.security).not.toBeNull();
    const again = new HostSim(s.state, "esx-01");
    planUpdatePortGroup(again, "Storage", { name: "Storage", vlanId: 30, vswitchName: "vSwitch0", policy: { allowPromiscuous: false, allowMacChanges: true, allowForgedTransmits: true } });
    expect(again.commands).toEqual([]);
  });

  it("AddVirtualNic names the lowest free vmkN; selecting it for vMotion is SetVmkNicServices", () => {
    const s = sim();
    planAddPortGroup(s, { name: "vMotion", vlanId: 0, vswitchName: "vSwitch0", policy: {} });
    const device = planAddVirtualNic(ctx, s, "vMotion", { ip: { address: "192.168.50.1", netmask: "255.255.255.0" } });
    planNicService(s, device, "vmotion", true);
    expect(device).toBe("vmk1");
    expect(s.commands.slice(1)).toEqual([
      { type: "AddVmkNic", vmknic: "vmk1", target: { portgroup: "vMotion" }, ipv4: { address: "192.168.50.1", netmask: "255.255.255.0" } },
      { type: "SetVmkNicServices", vmknic: { name: "vmk1" }, vmotion: true },
    ]);
  });

  it("names the argument a host's refusal is about", () => {
    expect(propertyOf("Invalid MTU 10000: expected 1280-9000", { mtu: "spec.mtu" })).toBe("spec.mtu");
    expect(propertyOf("Invalid VLAN ID 5000: expected 0-4095", { vlan: "portgrp.vlanId" })).toBe("portgrp.vlanId");
    expect(propertyOf("Invalid IPv4 address 10.0.0.500: expected a dotted quad", { ip: "nic.ip", mtu: "nic.mtu" })).toBe("nic.ip");
    expect(propertyOf("Invalid uplink vmnic9: there is no physical NIC of that name", { uplink: "spec.bridge.nicDevice" })).toBe("spec.bridge.nicDevice");
  });
});
