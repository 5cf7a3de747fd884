import { describe, expect, it } from "vitest";
import type { DomainEvent } from "../events.js";
import { fold } from "../evolve.js";
import { hostStateHash } from "../hash.js";
import { hostRealizedConfig, hostsConcernedBy } from "../host-view.js";
import { defaultDistributedPolicy } from "../policy.js";
import { initialState, type ClusterState } from "../state.js";
import { hostAdded, hostJoined, portGroupAdded, switchCreated, vmCreated } from "../testing/given.js";
import { standardPortGroupAdded, standardPortGroupChanged, standardSwitchAdded, uplinkAdded, vmkNicAdded } from "../testing/host-events.js";
import { defaultStandardPolicy } from "./standard-policy.js";
import { NO_SERVICES } from "./state.js";

const vss1 = defaultStandardPolicy(["vmnic2"]);
const promiscuous = { ...vss1.security, allowPromiscuous: true };
const events: DomainEvent[] = [
  hostAdded("esx-01"),
  hostAdded("esx-02"),
  switchCreated("dvs-prod"),
  hostJoined("dvs-prod", "esx-01", { uplink1: "vmnic1" }),
  portGroupAdded("dvs-prod", "pg-vmotion", { key: 1, ports: 2 }),
  standardSwitchAdded("esx-01", "vSwitch1", { mtu: 9000 }),
  uplinkAdded("esx-01", "vSwitch1", "vmnic2"),
  standardPortGroupAdded("esx-01", "vSwitch1", "Lab", 20),
  standardPortGroupChanged("esx-01", "vSwitch1", "Lab", 20, { security: promiscuous }),
  vmCreated("web-01", "esx-01", [
    { vswitch: "vSwitch1", portgroup: "Lab", mac: 0 },
    { vswitch: "vSwitch0", portgroup: "VM Network", mac: 1 },
  ]),
  vmkNicAdded("esx-01", "vmk1", { kind: "distributed", vds: "dvs-prod", portKey: "1" }, { ipv4: { address: "10.0.0.1", netmask: "255.255.255.0" } }),
];
const state = (extra: DomainEvent[] = []): ClusterState => fold([...events, ...extra], initialState());

describe("the realized host-local configuration", () => {
  const view = hostRealizedConfig(state(), "esx-01");

  it("lists the physical NICs with their MACs", () => {
    expect(view.pnics.map((p) => [p.name, p.mac])).toEqual([
      ["vmnic0", "00:0c:29:00:00:00"],
      ["vmnic1", "00:0c:29:00:00:01"],
      ["vmnic2", "00:0c:29:00:00:02"],
      ["vmnic3", "00:0c:29:00:00:03"],
    ]);
  });

  it("lists standard switches by name with each port group's effective policy and overridden sections", () => {
    expect(view.standardSwitches.map((s) => [s.name, s.mtu, s.uplinks, s.portGroups.map((pg) => pg.name)])).toEqual([
      ["vSwitch0", 1500, ["vmnic0"], ["Management Network", "VM Network"]],
      ["vSwitch1", 9000, ["vmnic2"], ["Lab"]],
    ]);
    expect(view.standardSwitches[1]?.portGroups[0]).toEqual({ name: "Lab", vlan: 20, policy: { ...vss1, security: promiscuous }, overridden: ["security"] });
  });

  it("lists the VMs' standard ports with VLAN and effective policy", () => {
    expect(view.standardPorts).toEqual([
      { vswitch: "vSwitch1", portgroup: "Lab", vm: "web-01", nic: 0, mac: "00:50:56:80:00:00", vlan: 20, policy: { ...vss1, security: promiscuous } },
      { vswitch: "vSwitch0", portgroup: "VM Network", vm: "web-01", nic: 1, mac: "00:50:56:80:00:01", vlan: 0, policy: defaultStandardPolicy(["vmnic0"]) },
    ]);
    expect(view.dvPorts).toEqual([]);
  });

  it("lists VMkernel NICs with what they attach to and its policy", () => {
    expect(view.vmknics.map((n) => [n.name, n.connection.kind, n.connection.portgroup, n.ipv4?.address])).toEqual([
      ["vmk0", "standard", "Management Network", "192.168.0.10"],
      ["vmk1", "distributed", "pg-vmotion", "10.0.0.1"],
    ]);
    expect(view.vmknics[1]?.connection).toEqual({
      kind: "distributed",
      vds: "dvs-prod",
      portKey: "1",
      portgroup: "pg-vmotion",
      policy: defaultDistributedPolicy(["uplink1", "uplink2"], { kind: "none" }),
    });
  });

  it("shows another host only its own configuration", () => {
    const other = hostRealizedConfig(state(), "esx-02");
    expect(other.standardSwitches.map((s) => s.name)).toEqual(["vSwitch0"]);
    expect(other.standardPorts).toEqual([]);
    expect(other.vmknics.map((n) => [n.name, n.mac])).toEqual([["vmk0", "00:0c:29:00:01:00"]]);
  });
});

describe("host-scoped events", () => {
  const hostEvents: DomainEvent[] = [
    standardSwitchAdded("esx-01", "vSwitch2"),
    uplinkAdded("esx-01", "vSwitch2", "vmnic3"),
    { type: "StandardSwitchReconfigured", data: { host: "esx-01", vswitch: "vSwitch2", numPorts: 64, mtu: 9000, cdpStatus: "listen" } },
    { type: "StandardSwitchPolicyChanged", data: { host: "esx-01", vswitch: "vSwitch2", policy: defaultStandardPolicy([]) } },
    standardPortGroupAdded("esx-01", "vSwitch2", "PG2"),
    standardPortGroupChanged("esx-01", "vSwitch2", "PG2", 5),
    vmkNicAdded("esx-01", "vmk2", { kind: "standard", vswitch: "vSwitch2", portgroup: "PG2" }, { slot: 2 }),
    { type: "VmkNicChanged", data: { host: "esx-01", vmknic: "vmk2", mtu: 9000, enabled: false, ipv4: null, services: { ...NO_SERVICES, vmotion: true } } },
    { type: "VmkNicRemoved", data: { host: "esx-01", vmknic: "vmk2" } },
    { type: "StandardPortGroupRemoved", data: { host: "esx-01", vswitch: "vSwitch2", portgroup: "PG2" } },
    { type: "StandardSwitchUplinkRemoved", data: { host: "esx-01", vswitch: "vSwitch2", uplink: "vmnic3" } },
    { type: "StandardSwitchRemoved", data: { host: "esx-01", vswitch: "vSwitch2" } },
    { type: "ProxySwitchUplinkChanged", data: { host: "esx-01", vds: "dvs-prod", uplink: "uplink2", pnic: "vmnic3" } },
  ];

  it("concern exactly their host, and change only its state hash", () => {
    const s = state();
    for (const event of hostEvents) {
      expect(hostsConcernedBy(event, s), event.type).toEqual(["esx-01"]);
      const before = [hostStateHash(s, "esx-01"), hostStateHash(s, "esx-02")];
      fold([event], s);
      expect(hostStateHash(s, "esx-01"), event.type).not.toBe(before[0]);
      expect(hostStateHash(s, "esx-02"), event.type).toBe(before[1]);
    }
  });

  it("reach the realized proxy switch when a vmnic backs a VDS uplink", () => {
    const view = hostRealizedConfig(state(hostEvents.slice(-1)), "esx-01");
    expect(view.proxySwitches[0]?.uplinks).toEqual({ uplink1: "vmnic1", uplink2: "vmnic3" });
  });
});
