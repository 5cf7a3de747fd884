import { describe, expect, it } from "vitest";
import { DomainErrorCode } from "../errors.js";
import type { DomainEvent } from "../events.js";
import { given, hostAdded, vmCreated } from "../testing/given.js";
import { standardPortGroupAdded, standardPortGroupChanged, standardSwitchAdded, uplinkAdded } from "../testing/host-events.js";
import type { HostCommand } from "./commands.js";
import { defaultStandardPolicy } from "./standard-policy.js";

const { NotFound, AlreadyExists, InvalidArgument, InUse } = DomainErrorCode;

const host: DomainEvent[] = [
  hostAdded("esx-01"),
  standardSwitchAdded("esx-01", "vSwitch1"),
  uplinkAdded("esx-01", "vSwitch1", "vmnic1"),
  uplinkAdded("esx-01", "vSwitch1", "vmnic2"),
  standardPortGroupAdded("esx-01", "vSwitch1", "PG1", 10),
];
const on = (events: DomainEvent[] = host) => ({ when: (command: HostCommand) => given(events).onHost("esx-01").when(command) });
const policy = defaultStandardPolicy(["vmnic1", "vmnic2"]);
const changed = (overrides: object, vlan = 10): DomainEvent[] => [standardPortGroupChanged("esx-01", "vSwitch1", "PG1", vlan, overrides)];

describe("AddStandardPortGroup", () => {
  it("adds an untagged port group, or one on a VLAN, or one passing every VLAN (4095)", () => {
    on().when({ type: "AddStandardPortGroup", vswitch: "vSwitch1", portgroup: "PG2" }).then([standardPortGroupAdded("esx-01", "vSwitch1", "PG2", 0)]);
    on().when({ type: "AddStandardPortGroup", vswitch: "vSwitch1", portgroup: "Trunk", vlan: 4095 }).then([
      standardPortGroupAdded("esx-01", "vSwitch1", "Trunk", 4095),
    ]);
  });

  it("refuses a name already used on the host, even on another switch", () => {
    on().when({ type: "AddStandardPortGroup", vswitch: "vSwitch1", portgroup: "VM Network" }).thenThrows(
      AlreadyExists,
      /^A portgroup with the name VM Network already exists$/,
    );
  });

  it.each<[HostCommand, DomainErrorCode, RegExp]>([
    [{ type: "AddStandardPortGroup", vswitch: "vSwitch1", portgroup: "PG2", vlan: 4096 }, InvalidArgument, /Invalid VLAN ID 4096: expected 0-4095 \(0 for none, 4095 for all VLANs\)/],
    [{ type: "AddStandardPortGroup", vswitch: "vSwitch1", portgroup: "PG2", vlan: -1 }, InvalidArgument, /Invalid VLAN ID -1/],
    [{ type: "AddStandardPortGroup", vswitch: "vSwitch1", portgroup: "PG|2" }, InvalidArgument, /Invalid port group name "PG\|2"/],
    [{ type: "AddStandardPortGroup", vswitch: "vSwitch9", portgroup: "PG2" }, NotFound, /Unable to find vswitch vSwitch9/],
  ])("refuses %j", (command, code, message) => {
    on().when(command).thenThrows(code, message);
  });

  it("refuses a 513th port group on a switch", () => {
    const many = Array.from({ length: 511 }, (_, i) => standardPortGroupAdded("esx-01", "vSwitch1", `pg${i}`));
    on([...host, ...many]).when({ type: "AddStandardPortGroup", vswitch: "vSwitch1", portgroup: "one-more" }).thenThrows(InvalidArgument, /maximum of 512/);
  });
});

describe("RemoveStandardPortGroup", () => {
  it("removes a port group nothing uses", () => {
    on().when({ type: "RemoveStandardPortGroup", portgroup: "PG1", vswitch: "vSwitch1" }).then([
      { type: "StandardPortGroupRemoved", data: { host: "esx-01", vswitch: "vSwitch1", portgroup: "PG1" } },
    ]);
  });

  it("refuses a port group in use by a VMkernel NIC or a VM", () => {
    on().when({ type: "RemoveStandardPortGroup", portgroup: "Management Network" }).thenThrows(InUse, /^The resource 'Management Network' is in use by vmk0$/);
    on([...host, vmCreated("web-01", "esx-01", [{ vswitch: "vSwitch1", portgroup: "PG1", mac: 0 }])])
      .when({ type: "RemoveStandardPortGroup", portgroup: "PG1" })
      .thenThrows(InUse, /in use by web-01.eth0/);
  });

  it("refuses an unknown port group, or one of another switch", () => {
    on().when({ type: "RemoveStandardPortGroup", portgroup: "PG9" }).thenThrows(NotFound, /^Unable to find port group PG9$/);
    on().when({ type: "RemoveStandardPortGroup", portgroup: "PG1", vswitch: "vSwitch0" }).thenThrows(
      NotFound,
      /Unable to find port group PG1 on vswitch vSwitch0 \(it is on vSwitch1\)/,
    );
  });
});

describe("SetStandardPortGroupVlan", () => {
  it("changes the VLAN, and yields nothing when it is already so", () => {
    on().when({ type: "SetStandardPortGroupVlan", portgroup: "PG1", vlan: 20 }).then(changed({}, 20));
    on().when({ type: "SetStandardPortGroupVlan", portgroup: "PG1", vlan: 10, vswitch: "vSwitch1" }).thenNothing();
  });

  it("refuses a VLAN outside 0-4095", () => {
    on().when({ type: "SetStandardPortGroupVlan", portgroup: "PG1", vlan: 5000 }).thenThrows(InvalidArgument, /Invalid VLAN ID 5000/);
  });
});

describe("SetStandardPortGroupPolicy", () => {
  const set = (patch: object): HostCommand => ({ type: "SetStandardPortGroupPolicy", portgroup: "PG1", patch });

  it("overrides only the section it sets, starting from the switch's values", () => {
    const state = on().when(set({ allowPromiscuous: true })).then(changed({ security: { ...policy.security, allowPromiscuous: true } }));
    expect(state.hosts["esx-01"]?.standardPortGroups.PG1?.overrides).toMatchObject({ shaping: null, teaming: null });
  });

  it("overrides shaping and teaming", () => {
    on().when(set({ averageKbps: 1000, peakKbps: 1000, burstKB: 100 })).then(
      changed({ shaping: { enabled: true, averageKbps: 1000, peakKbps: 1000, burstKB: 100 } }),
    );
    on().when(set({ activeUplinks: ["vmnic2"], standbyUplinks: ["vmnic1"] })).then(
      changed({ teaming: { ...policy.teaming, activeUplinks: ["vmnic2"], standbyUplinks: ["vmnic1"] } }),
    );
  });

  it("yields nothing when the override is already so", () => {
    const security = { ...policy.security, allowPromiscuous: true };
    on([...host, ...changed({ security })]).when(set({ allowPromiscuous: true })).thenNothing();
  });

  it("refuses uplinks of another switch, bad shaping and an empty patch", () => {
    on().when(set({ activeUplinks: ["vmnic0"] })).thenThrows(InvalidArgument, /Uplink vmnic0 is not linked to port group PG1/);
    on().when(set({ averageKbps: 2000, peakKbps: 1000 })).thenThrows(InvalidArgument, /peak bandwidth 1000 kbit\/s is below average/);
    on().when(set({})).thenThrows(InvalidArgument, /Nothing to set on port group PG1/);
    on().when({ type: "SetStandardPortGroupPolicy", portgroup: "PG9", patch: { failback: false } }).thenThrows(NotFound, /Unable to find port group PG9/);
  });
});

describe("port group uplinks (vicfg-vswitch -M / -N)", () => {
  it("drops an uplink from the port group's teaming, overriding the switch's", () => {
    on().when({ type: "RemoveStandardPortGroupUplink", portgroup: "PG1", uplink: "vmnic1", vswitch: "vSwitch1" }).then(
      changed({ teaming: { ...policy.teaming, activeUplinks: ["vmnic2"] } }),
    );
  });

  it("adds an uplink as active, taking it off standby", () => {
    const teaming = { ...policy.teaming, activeUplinks: ["vmnic2"], standbyUplinks: ["vmnic1"] };
    on([...host, ...changed({ teaming })])
      .when({ type: "AddStandardPortGroupUplink", portgroup: "PG1", uplink: "vmnic1" })
      .then(changed({ teaming: { ...teaming, activeUplinks: ["vmnic2", "vmnic1"], standbyUplinks: [] } }));
  });

  it("yields nothing when already so", () => {
    on().when({ type: "AddStandardPortGroupUplink", portgroup: "PG1", uplink: "vmnic1" }).thenNothing();
    const teaming = { ...policy.teaming, activeUplinks: ["vmnic2"] };
    on([...host, ...changed({ teaming })]).when({ type: "RemoveStandardPortGroupUplink", portgroup: "PG1", uplink: "vmnic1" }).thenNothing();
  });

  it("refuses an uplink the switch does not have", () => {
    on().when({ type: "AddStandardPortGroupUplink", portgroup: "PG1", uplink: "vmnic0" }).thenThrows(InvalidArgument, /Uplink vmnic0 is not linked to vswitch vSwitch1/);
    on().when({ type: "RemoveStandardPortGroupUplink", portgroup: "PG1", uplink: "vmnic3" }).thenThrows(InvalidArgument, /Uplink vmnic3 is not linked/);
  });
});
