import { describe, expect, it } from "vitest";
import { DomainErrorCode } from "../errors.js";
import { fold } from "../evolve.js";
import { hostRealizedConfig, hostsConcernedBy } from "../host-view.js";
import { initialState } from "../state.js";
import { given, history, hostAdded, hostJoined, portGroupAdded, switchCreated, vmCreated } from "../testing/given.js";

const { NotFound, AlreadyExists, InvalidArgument, InUse } = DomainErrorCode;

describe("RegisterHost", () => {
  it("adds a host with its physical NICs", () => {
    given([])
      .when({ type: "RegisterHost", host: "esx-01", pnics: ["vmnic0", "vmnic1"] })
      .then([{ type: "HostAdded", data: { host: "esx-01", pnics: ["vmnic0", "vmnic1"] } }]);
  });

  it("is a no-op when the same host registers again with the same NICs", () => {
    given([hostAdded("esx-01", ["vmnic0", "vmnic1"])])
      .when({ type: "RegisterHost", host: "esx-01", pnics: ["vmnic0", "vmnic1"] })
      .thenNothing();
  });

  it("refuses a host name already registered with different NICs", () => {
    given([hostAdded("esx-01", ["vmnic0", "vmnic1"])])
      .when({ type: "RegisterHost", host: "esx-01", pnics: ["vmnic0", "vmnic1", "vmnic2"] })
      .thenThrows(AlreadyExists, /Host "esx-01" already exists with physical NICs vmnic0, vmnic1/);
  });

  it("refuses a host with no physical NIC", () => {
    given([])
      .when({ type: "RegisterHost", host: "esx-01", pnics: [] })
      .thenThrows(InvalidArgument, /Host "esx-01" must have at least one physical NIC/);
  });

  it.each(["", " esx", "-esx", "esx/01", "esx:01", "x".repeat(81)])("refuses the invalid host name %j", (host) => {
    given([])
      .when({ type: "RegisterHost", host, pnics: ["vmnic0"] })
      .thenThrows(InvalidArgument, `Invalid host name "${host}"`);
  });
});

describe("CreateDistributedSwitch", () => {
  it("creates a switch with vSphere's defaults: 2 uplinks, MTU 1500, 8192 ports", () => {
    given([])
      .when({ type: "CreateDistributedSwitch", vds: "dvs-prod" })
      .then([switchCreated("dvs-prod", { uplinkPortGroupKey: 1 })]);
  });

  it("names the requested number of uplinks uplink1..uplinkN", () => {
    given([])
      .when({ type: "CreateDistributedSwitch", vds: "dvs-prod", uplinks: 4, mtu: 9000, maxPorts: 64 })
      .then([
        {
          type: "DistributedSwitchCreated",
          data: {
            vds: "dvs-prod",
            uplinks: ["uplink1", "uplink2", "uplink3", "uplink4"],
            mtu: 9000,
            maxPorts: 64,
            uplinkPortGroup: { portgroup: "dvs-prod-DVUplinks-1", key: "dvportgroup-1" },
          },
        },
      ]);
  });

  it.each([
    { uplinks: 1, mtu: 1280, maxPorts: 1 },
    { uplinks: 32, mtu: 9000, maxPorts: 60_000 },
  ])("accepts the limits %o", (limits) => {
    given([]).when({ type: "CreateDistributedSwitch", vds: "dvs-edge", ...limits }).then([switchCreated("dvs-edge", { ...limits, uplinkPortGroupKey: 1 })]);
  });

  it("refuses a switch name that already exists", () => {
    given([switchCreated("dvs-prod")])
      .when({ type: "CreateDistributedSwitch", vds: "dvs-prod" })
      .thenThrows(AlreadyExists, /Distributed switch "dvs-prod" already exists/);
  });

  it.each(["", "_dvs", "dvs#1", "y".repeat(81)])("refuses the invalid switch name %j", (vds) => {
    given([])
      .when({ type: "CreateDistributedSwitch", vds })
      .thenThrows(InvalidArgument, `Invalid distributed switch name "${vds}"`);
  });

  it.each([
    ["uplinks", 0, /Invalid number of uplinks 0: expected an integer 1-32/],
    ["uplinks", 33, /Invalid number of uplinks 33/],
    ["uplinks", 1.5, /Invalid number of uplinks 1.5/],
    ["mtu", 1279, /Invalid MTU 1279: expected an integer 1280-9000/],
    ["mtu", 9001, /Invalid MTU 9001/],
    ["maxPorts", 0, /Invalid max ports 0: expected an integer 1-60000/],
    ["maxPorts", 60_001, /Invalid max ports 60001/],
  ] as const)("refuses %s = %d", (field, value, message) => {
    given([])
      .when({ type: "CreateDistributedSwitch", vds: "dvs-prod", [field]: value })
      .thenThrows(InvalidArgument, message);
  });
});

describe("ReconfigureDistributedSwitch", () => {
  it("changes the MTU, and every member host's proxy switch takes it", () => {
    given([hostAdded("esx-01"), switchCreated("dvs1"), hostJoined("dvs1", "esx-01")])
      .when({ type: "ReconfigureDistributedSwitch", vds: "dvs1", mtu: 9000 })
      .then([{ type: "DistributedSwitchReconfigured", data: { vds: "dvs1", mtu: 9000 } }]);
    const state = fold([hostAdded("esx-01"), switchCreated("dvs1"), hostJoined("dvs1", "esx-01"), { type: "DistributedSwitchReconfigured", data: { vds: "dvs1", mtu: 9000 } }], initialState());
    expect(state.switches["dvs1"]?.mtu).toBe(9000);
    expect(hostRealizedConfig(state, "esx-01").proxySwitches[0]?.mtu).toBe(9000);
    expect(hostsConcernedBy({ type: "DistributedSwitchReconfigured", data: { vds: "dvs1", mtu: 1500 } }, state)).toEqual(["esx-01"]);
  });

  it("is a no-op at the MTU the switch has", () => {
    given([switchCreated("dvs1", { mtu: 9000 })]).when({ type: "ReconfigureDistributedSwitch", vds: "dvs1", mtu: 9000 }).thenNothing();
  });

  it("refuses an MTU out of 1280-9000 and an unknown switch", () => {
    given([switchCreated("dvs1")]).when({ type: "ReconfigureDistributedSwitch", vds: "dvs1", mtu: 9001 }).thenThrows(InvalidArgument, /MTU/);
    given([]).when({ type: "ReconfigureDistributedSwitch", vds: "dvs1", mtu: 9000 }).thenThrows(NotFound, /dvs1/);
  });
});

describe("RemoveDistributedSwitch", () => {
  it("removes a switch nothing uses", () => {
    given([hostAdded("esx-01"), switchCreated("dvs-prod"), hostJoined("dvs-prod", "esx-01"), portGroupAdded("dvs-prod", "pg-web", { key: 1 })])
      .when({ type: "RemoveDistributedSwitch", vds: "dvs-prod" })
      .then([{ type: "DistributedSwitchRemoved", data: { vds: "dvs-prod" } }]);
  });

  it("refuses an unknown switch", () => {
    given([switchCreated("dvs-prod")])
      .when({ type: "RemoveDistributedSwitch", vds: "dvs-lab" })
      .thenThrows(NotFound, /Distributed switch "dvs-lab" not found/);
  });

  it("refuses a switch that virtual machines use, naming them", () => {
    given([
      hostAdded("esx-01"),
      switchCreated("dvs-prod"),
      hostJoined("dvs-prod", "esx-01"),
      portGroupAdded("dvs-prod", "pg-web", { key: 1 }),
      vmCreated("web-01", "esx-01", [{ vds: "dvs-prod", portgroup: "pg-web", portKey: "0", mac: 0 }]),
      vmCreated("web-02", "esx-01", [{ vds: "dvs-prod", portgroup: "pg-web", portKey: "1", mac: 1 }]),
    ])
      .when({ type: "RemoveDistributedSwitch", vds: "dvs-prod" })
      .thenThrows(InUse, /Distributed switch "dvs-prod" is in use by virtual machines: web-01, web-02/);
  });
});

describe("RemoveDistributedSwitch takes its port groups with it", () => {
  const removedWithPortGroup = history([
    { type: "RegisterHost", host: "esx-01", pnics: ["vmnic0", "vmnic1", "vmnic2"] },
    { type: "CreateDistributedSwitch", vds: "dvs-prod" },
    { type: "AddHostToDistributedSwitch", vds: "dvs-prod", host: "esx-01" },
    { type: "AddDistributedPortGroup", vds: "dvs-prod", portgroup: "pg-web" },
    { type: "RemoveDistributedSwitch", vds: "dvs-prod" },
  ]);

  it("leaves no port group behind in the state", () => {
    expect(fold(removedWithPortGroup, initialState()).portGroups).toEqual({});
  });

  it("frees the port group's name for another switch", () => {
    given([...removedWithPortGroup, switchCreated("dvs-lab")])
      .when({ type: "AddDistributedPortGroup", vds: "dvs-lab", portgroup: "pg-web" })
      .then([portGroupAdded("dvs-lab", "pg-web", { key: 3 })]);
  });
});
