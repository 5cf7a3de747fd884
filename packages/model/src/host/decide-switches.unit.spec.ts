import { describe, expect, it } from "vitest";
import { DomainErrorCode } from "../errors.js";
import type { DomainEvent } from "../events.js";
import { given, hostAdded, hostJoined, switchCreated, vmCreated } from "../testing/given.js";
import { standardPortGroupAdded, standardPortGroupChanged, standardSwitchAdded, uplinkAdded, vmkNicAdded } from "../testing/host-events.js";
import type { HostCommand } from "./commands.js";
import { defaultStandardPolicy } from "./standard-policy.js";

const { NotFound, AlreadyExists, InvalidArgument, InUse } = DomainErrorCode;

// esx-01: vSwitch0 (vmnic0), vSwitch1 (vmnic1, vmnic2) with port group PG1; dvs-prod backed by vmnic3.
const host: DomainEvent[] = [
  hostAdded("esx-01", ["vmnic0", "vmnic1", "vmnic2", "vmnic3", "vmnic4"]),
  switchCreated("dvs-prod"),
  hostJoined("dvs-prod", "esx-01", { uplink1: "vmnic3" }),
  standardSwitchAdded("esx-01", "vSwitch1", { numPorts: 64 }),
  uplinkAdded("esx-01", "vSwitch1", "vmnic1"),
  uplinkAdded("esx-01", "vSwitch1", "vmnic2"),
  standardPortGroupAdded("esx-01", "vSwitch1", "PG1"),
];
const on = (events: DomainEvent[] = host) => ({ when: (command: HostCommand) => given(events).onHost("esx-01").when(command) });
const vss1Policy = defaultStandardPolicy(["vmnic1", "vmnic2"]);

describe("AddStandardSwitch", () => {
  it("adds a switch with 128 ports, MTU 1500, no uplinks and the VSS defaults", () => {
    on().when({ type: "AddStandardSwitch", vswitch: "vSwitch2" }).then([standardSwitchAdded("esx-01", "vSwitch2")]);
  });

  it.each([
    [8, 1280],
    [4088, 9000],
  ])("accepts %d ports and MTU %d", (numPorts, mtu) => {
    on().when({ type: "AddStandardSwitch", vswitch: "vSwitch2", numPorts, mtu }).then([standardSwitchAdded("esx-01", "vSwitch2", { numPorts, mtu })]);
  });

  it("refuses a name the host already has", () => {
    on().when({ type: "AddStandardSwitch", vswitch: "vSwitch0" }).thenThrows(AlreadyExists, /^A portset with this name already exists: vSwitch0 on host esx-01$/);
  });

  it.each<[Partial<HostCommand>, RegExp]>([
    [{ numPorts: 7 }, /Invalid number of ports 7: expected 8-4088/],
    [{ numPorts: 4089 }, /Invalid number of ports 4089/],
    [{ mtu: 1279 }, /Invalid MTU 1279: expected 1280-9000/],
    [{ mtu: 9001 }, /Invalid MTU 9001/],
    [{ vswitch: "vSwitch#2" }, /Invalid virtual switch name "vSwitch#2"/],
  ])("refuses %j", (fields, message) => {
    on().when({ type: "AddStandardSwitch", vswitch: "vSwitch2", ...fields } as HostCommand).thenThrows(InvalidArgument, message);
  });

  it("refuses a 128th standard switch", () => {
    const many = Array.from({ length: 125 }, (_, i) => standardSwitchAdded("esx-01", `vs${i}`));
    on([...host, ...many]).when({ type: "AddStandardSwitch", vswitch: "one-more" }).thenThrows(InvalidArgument, /maximum of 127 standard switches/);
  });

  it("refuses an unknown host", () => {
    given(host).onHost("esx-09").when({ type: "AddStandardSwitch", vswitch: "vSwitch2" }).thenThrows(NotFound, /Host "esx-09" not found/);
  });
});

describe("RemoveStandardSwitch", () => {
  it("removes a switch no vNIC or VMkernel NIC uses, with its port groups", () => {
    const state = on().when({ type: "RemoveStandardSwitch", vswitch: "vSwitch1" }).then([
      { type: "StandardSwitchRemoved", data: { host: "esx-01", vswitch: "vSwitch1" } },
    ]);
    expect(Object.keys(state.hosts["esx-01"]?.standardPortGroups ?? {})).toEqual(["Management Network", "VM Network"]);
  });

  it("refuses a switch a VMkernel NIC uses", () => {
    on().when({ type: "RemoveStandardSwitch", vswitch: "vSwitch0" }).thenThrows(InUse, /^The resource 'vSwitch0' is in use by vmk0$/);
  });

  it("refuses a switch a VM's vNIC uses, naming it", () => {
    on([...host, vmCreated("web-01", "esx-01", [{ vswitch: "vSwitch1", portgroup: "PG1", mac: 0 }])])
      .when({ type: "RemoveStandardSwitch", vswitch: "vSwitch1" })
      .thenThrows(InUse, /in use by web-01.eth0/);
  });

  it("refuses an unknown switch", () => {
    on().when({ type: "RemoveStandardSwitch", vswitch: "vSwitch9" }).thenThrows(NotFound, /^Unable to find vswitch vSwitch9$/);
  });
});

describe("SetStandardSwitch", () => {
  it("sets the CDP status, keeping ports and MTU", () => {
    on().when({ type: "SetStandardSwitch", vswitch: "vSwitch1", cdpStatus: "both" }).then([
      { type: "StandardSwitchReconfigured", data: { host: "esx-01", vswitch: "vSwitch1", numPorts: 64, mtu: 1500, cdpStatus: "both" } },
    ]);
    on().when({ type: "SetStandardSwitch", vswitch: "vSwitch1", cdpStatus: "listen" }).thenNothing();
  });

  it("changes ports and MTU", () => {
    on().when({ type: "SetStandardSwitch", vswitch: "vSwitch1", mtu: 9000 }).then([
      { type: "StandardSwitchReconfigured", data: { host: "esx-01", vswitch: "vSwitch1", numPorts: 64, mtu: 9000, cdpStatus: "listen" } },
    ]);
  });

  it("yields nothing when the values are already so", () => {
    on().when({ type: "SetStandardSwitch", vswitch: "vSwitch1", numPorts: 64, mtu: 1500 }).thenNothing();
  });

  it("refuses nothing to set, bad values and fewer ports than in use", () => {
    on().when({ type: "SetStandardSwitch", vswitch: "vSwitch1" }).thenThrows(InvalidArgument, /Nothing to set on vswitch vSwitch1/);
    on().when({ type: "SetStandardSwitch", vswitch: "vSwitch1", mtu: 100 }).thenThrows(InvalidArgument, /Invalid MTU 100/);
    const vms = Array.from({ length: 9 }, (_, i) => vmCreated(`vm${i}`, "esx-01", [{ vswitch: "vSwitch1", portgroup: "PG1", mac: i }]));
    on([...host, ...vms]).when({ type: "SetStandardSwitch", vswitch: "vSwitch1", numPorts: 8 }).thenThrows(InUse, /Cannot give vswitch vSwitch1 8 ports: 9 are in use/);
    on().when({ type: "SetStandardSwitch", vswitch: "nope", mtu: 9000 }).thenThrows(NotFound, /Unable to find vswitch nope/);
  });
});

describe("standard switch uplinks", () => {
  it("links a free vmnic, which becomes the last active uplink", () => {
    const state = on().when({ type: "AddStandardSwitchUplink", vswitch: "vSwitch1", uplink: "vmnic4" }).then([uplinkAdded("esx-01", "vSwitch1", "vmnic4")]);
    expect(state.hosts["esx-01"]?.standardSwitches.vSwitch1?.policy.teaming.activeUplinks).toEqual(["vmnic1", "vmnic2", "vmnic4"]);
  });

  it.each<[string, string, DomainErrorCode, RegExp]>([
    ["vSwitch1", "vmnic1", AlreadyExists, /^Uplink already exists: vmnic1$/],
    ["vSwitch1", "vmnic0", InUse, /^Uplink vmnic0 is already in use by vSwitch0$/],
    ["vSwitch1", "vmnic3", InUse, /^Uplink vmnic3 is already in use by DVS dvs-prod \(uplink1\)$/],
    ["vSwitch1", "vmnic9", InvalidArgument, /Invalid uplink vmnic9: there is no physical NIC of that name \(the host has vmnic0, vmnic1/],
    ["vSwitch9", "vmnic4", NotFound, /Unable to find vswitch vSwitch9/],
  ])("refuses linking %s to %s", (vswitch, uplink, code, message) => {
    on().when({ type: "AddStandardSwitchUplink", vswitch, uplink }).thenThrows(code, message);
  });

  it("unlinks a vmnic from the switch and from every teaming order on it", () => {
    const teaming = { ...vss1Policy.teaming, activeUplinks: ["vmnic2"], standbyUplinks: ["vmnic1"] };
    const events = [...host, standardPortGroupChanged("esx-01", "vSwitch1", "PG1", 0, { teaming })];
    const state = on(events).when({ type: "RemoveStandardSwitchUplink", vswitch: "vSwitch1", uplink: "vmnic1" }).then([
      { type: "StandardSwitchUplinkRemoved", data: { host: "esx-01", vswitch: "vSwitch1", uplink: "vmnic1" } },
    ]);
    const h = state.hosts["esx-01"];
    expect(h?.standardSwitches.vSwitch1?.uplinks).toEqual(["vmnic2"]);
    expect(h?.standardSwitches.vSwitch1?.policy.teaming.activeUplinks).toEqual(["vmnic2"]);
    expect(h?.standardPortGroups.PG1?.overrides.teaming).toMatchObject({ activeUplinks: ["vmnic2"], standbyUplinks: [] });
  });

  it("refuses unlinking a vmnic the switch does not have", () => {
    on().when({ type: "RemoveStandardSwitchUplink", vswitch: "vSwitch1", uplink: "vmnic0" }).thenThrows(InvalidArgument, /^No such uplink: vmnic0 is not linked to vswitch vSwitch1$/);
  });
});

describe("SetStandardSwitchPolicy", () => {
  const set = (patch: object): HostCommand => ({ type: "SetStandardSwitchPolicy", vswitch: "vSwitch1", patch });
  const changed = (policy: object): DomainEvent[] => [
    { type: "StandardSwitchPolicyChanged", data: { host: "esx-01", vswitch: "vSwitch1", policy: { ...vss1Policy, ...policy } } },
  ];

  it("sets security", () => {
    on().when(set({ allowPromiscuous: true, allowForgedTransmits: false })).then(
      changed({ security: { allowPromiscuous: true, allowMacChanges: true, allowForgedTransmits: false } }),
    );
  });

  it("turns shaping on when bandwidths are given", () => {
    on().when(set({ averageKbps: 1000, peakKbps: 2000, burstKB: 500 })).then(
      changed({ shaping: { enabled: true, averageKbps: 1000, peakKbps: 2000, burstKB: 500 } }),
    );
  });

  it("moves uplinks named active off the standby list", () => {
    const standby = { ...vss1Policy.teaming, activeUplinks: ["vmnic1"], standbyUplinks: ["vmnic2"] };
    on([...host, { type: "StandardSwitchPolicyChanged", data: { host: "esx-01", vswitch: "vSwitch1", policy: { ...vss1Policy, teaming: standby } } }])
      .when(set({ activeUplinks: ["vmnic2", "vmnic1"], loadBalancing: "loadbalance_ip" }))
      .then(changed({ teaming: { ...standby, loadBalancing: "loadbalance_ip", activeUplinks: ["vmnic2", "vmnic1"], standbyUplinks: [] } }));
  });

  it("yields nothing when nothing changes", () => {
    on().when(set({ allowPromiscuous: false, failback: true })).thenNothing();
  });

  it.each<[object, RegExp]>([
    [{}, /Nothing to set on vswitch vSwitch1/],
    [{ averageKbps: 5000, peakKbps: 1000 }, /Invalid traffic shaping on vswitch vSwitch1: peak bandwidth 1000 kbit\/s is below average bandwidth 5000/],
    [{ averageKbps: 0 }, /average bandwidth must be positive, got 0/],
    [{ activeUplinks: ["vmnic0"] }, /Uplink vmnic0 is not linked to vswitch vSwitch1 \(its uplinks: vmnic1, vmnic2\)/],
    [{ activeUplinks: ["vmnic1"], standbyUplinks: ["vmnic1"] }, /Uplink vmnic1 cannot be both active and standby/],
    [{ activeUplinks: ["vmnic1", "vmnic1"] }, /Uplink vmnic1 is listed twice/],
    [{ loadBalancing: "roundrobin" }, /Invalid load balancing "roundrobin"/],
  ])("refuses %j", (patch, message) => {
    on().when(set(patch)).thenThrows(InvalidArgument, message);
  });
});

describe("distributed switch uplinks on the host (vicfg-vswitch -P / -Q)", () => {
  const add = (uplink: string, pnic: string, vds = "dvs-prod"): HostCommand => ({ type: "AddProxySwitchUplink", vds, uplink, pnic });
  const remove = (uplink: string, pnic: string): HostCommand => ({ type: "RemoveProxySwitchUplink", vds: "dvs-prod", uplink, pnic });

  it("backs a free uplink port with a free vmnic", () => {
    const state = on().when(add("uplink2", "vmnic4")).then([
      { type: "ProxySwitchUplinkChanged", data: { host: "esx-01", vds: "dvs-prod", uplink: "uplink2", pnic: "vmnic4" } },
    ]);
    expect(state.switches["dvs-prod"]?.members["esx-01"]?.uplinks).toEqual({ uplink1: "vmnic3", uplink2: "vmnic4" });
  });

  it("yields nothing when the vmnic already backs the port", () => {
    on().when(add("uplink1", "vmnic3")).thenNothing();
  });

  it.each<[HostCommand, DomainErrorCode, RegExp]>([
    [add("uplink1", "vmnic4"), InUse, /DVPort uplink1 of DVS dvs-prod is already backed by vmnic3/],
    [add("uplink2", "vmnic1"), InUse, /Uplink vmnic1 is already in use by vSwitch1/],
    [add("uplink2", "vmnic9"), InvalidArgument, /Invalid uplink vmnic9/],
    [add("256", "vmnic4"), InvalidArgument, /DVPort 256 is not an uplink port of DVS dvs-prod on this host \(its uplink ports: uplink1, uplink2\)/],
    [add("uplink1", "vmnic4", "dvs-lab"), NotFound, /Unable to find DVS dvs-lab: a distributed switch is created from vCenter, not from a host/],
  ])("refuses %j", (command, code, message) => {
    on().when(command).thenThrows(code, message);
  });

  it("finds the uplink by the key of the host's uplink dvPort", () => {
    const keyed = host.map((e) => (e.type === "HostAddedToDistributedSwitch" ? hostJoined("dvs-prod", "esx-01", { uplink1: "vmnic3" }, { uplink1: "16", uplink2: "17" }) : e));
    on(keyed).when(add("17", "vmnic4")).then([
      { type: "ProxySwitchUplinkChanged", data: { host: "esx-01", vds: "dvs-prod", uplink: "uplink2", pnic: "vmnic4" } },
    ]);
    on(keyed).when(remove("16", "vmnic3")).then([
      { type: "ProxySwitchUplinkChanged", data: { host: "esx-01", vds: "dvs-prod", uplink: "uplink1", pnic: null } },
    ]);
    on(keyed).when(add("18", "vmnic4")).thenThrows(InvalidArgument, /DVPort 18 is not an uplink port of DVS dvs-prod on this host \(its uplink ports: 16, 17\)/);
  });

  it("refuses a switch the host is not a member of", () => {
    on([...host, switchCreated("dvs-lab")]).when(add("uplink1", "vmnic4", "dvs-lab")).thenThrows(InvalidArgument, /Host esx-01 is not a member of DVS dvs-lab/);
  });

  it("takes the vmnic off the port, and yields nothing when the port has none", () => {
    on().when(remove("uplink1", "vmnic3")).then([
      { type: "ProxySwitchUplinkChanged", data: { host: "esx-01", vds: "dvs-prod", uplink: "uplink1", pnic: null } },
    ]);
    on().when(remove("uplink2", "vmnic4")).thenNothing();
    on().when(remove("uplink1", "vmnic4")).thenThrows(InvalidArgument, /Uplink vmnic4 does not back DVPort uplink1 of DVS dvs-prod \(vmnic3 does\)/);
  });
});

describe("a VMkernel NIC on the switch", () => {
  it("counts as a user of a standard switch", () => {
    on([...host, vmkNicAdded("esx-01", "vmk1", { kind: "standard", vswitch: "vSwitch1", portgroup: "PG1" })])
      .when({ type: "RemoveStandardSwitch", vswitch: "vSwitch1" })
      .thenThrows(InUse, /in use by vmk1/);
  });
});
