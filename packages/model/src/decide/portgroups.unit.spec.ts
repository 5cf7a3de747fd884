import { describe, it } from "vitest";
import { DomainErrorCode } from "../errors.js";
import type { DomainEvent } from "../events.js";
import type { ManagementCommand } from "../commands.js";
import { defaultDistributedPolicy, type VlanSpec } from "../policy.js";
import { given, hostAdded, hostJoined, portGroupAdded, switchCreated, vmCreated, vmRemoved } from "../testing/given.js";

const { NotFound, AlreadyExists, InvalidArgument, InUse } = DomainErrorCode;

const twoSwitches: DomainEvent[] = [hostAdded("esx-01"), switchCreated("dvs-prod"), switchCreated("dvs-lab"), hostJoined("dvs-prod", "esx-01")];

const add = (portgroup: string, extra: Partial<Extract<ManagementCommand, { type: "AddDistributedPortGroup" }>> = {}): ManagementCommand => ({
  type: "AddDistributedPortGroup",
  vds: "dvs-prod",
  portgroup,
  ...extra,
});

describe("AddDistributedPortGroup", () => {
  it("adds 8 ports, untagged, with key dvportgroup-1 and vSphere's default policy", () => {
    given(twoSwitches)
      .when(add("pg-web"))
      .then([
        {
          type: "DistributedPortGroupAdded",
          data: {
            vds: "dvs-prod",
            portgroup: "pg-web",
            key: "dvportgroup-1",
            portKeys: ["0", "1", "2", "3", "4", "5", "6", "7"],
            policy: defaultDistributedPolicy(["uplink1", "uplink2"], { kind: "none" }),
          },
        },
      ]);
  });

  it("numbers keys and ports on from those already given", () => {
    given([...twoSwitches, portGroupAdded("dvs-prod", "pg-web", { key: 1 })])
      .when(add("pg-db", { ports: 3, vlan: { kind: "vlan", id: 105 } }))
      .then([portGroupAdded("dvs-prod", "pg-db", { key: 2, firstPort: 8, ports: 3, vlan: { kind: "vlan", id: 105 } })]);
  });

  it.each<VlanSpec>([
    { kind: "vlan", id: 1 },
    { kind: "vlan", id: 4094 },
    { kind: "trunk", ranges: [[0, 4094]] },
    { kind: "trunk", ranges: [[100, 200], [300, 300]] },
  ])("accepts the VLAN setting %j", (vlan) => {
    given(twoSwitches).when(add("pg-web", { vlan })).then([portGroupAdded("dvs-prod", "pg-web", { key: 1, vlan })]);
  });

  it("accepts a port group that exactly fills the switch", () => {
    given([switchCreated("dvs-small", { maxPorts: 12 }), portGroupAdded("dvs-small", "pg-a", { key: 1, ports: 8 })])
      .when({ type: "AddDistributedPortGroup", vds: "dvs-small", portgroup: "pg-b", ports: 4 })
      .then([portGroupAdded("dvs-small", "pg-b", { key: 2, firstPort: 8, ports: 4 })]);
  });

  it("refuses an unknown switch", () => {
    given(twoSwitches)
      .when(add("pg-web", { vds: "dvs-none" }))
      .thenThrows(NotFound, /Distributed switch "dvs-none" not found/);
  });

  it("refuses a name already used on the same switch", () => {
    given([...twoSwitches, portGroupAdded("dvs-prod", "pg-web", { key: 1 })])
      .when(add("pg-web"))
      .thenThrows(AlreadyExists, /Distributed port group "pg-web" already exists on distributed switch "dvs-prod"/);
  });

  it("refuses a name already used on another switch", () => {
    given([...twoSwitches, portGroupAdded("dvs-prod", "pg-web", { key: 1 })])
      .when(add("pg-web", { vds: "dvs-lab" }))
      .thenThrows(AlreadyExists, /Distributed port group "pg-web" already exists on distributed switch "dvs-prod"/);
  });

  it.each(["", " VM Network", "pg/web", "pg*", "p".repeat(81)])("refuses the invalid name %j", (portgroup) => {
    given(twoSwitches).when(add(portgroup)).thenThrows(InvalidArgument, `Invalid port group name "${portgroup}"`);
  });

  it("accepts a name with spaces, as vSphere's \"VM Network\"", () => {
    given(twoSwitches).when(add("VM Network")).then([portGroupAdded("dvs-prod", "VM Network", { key: 1 })]);
  });

  it.each([4095, -1, 5000, 1.5])("refuses VLAN ID %d", (id) => {
    given(twoSwitches)
      .when(add("pg-web", { vlan: { kind: "vlan", id } }))
      .thenThrows(InvalidArgument, `Invalid VLAN ID ${id}: a distributed port group takes 0-4094`);
  });

  it.each<[string, VlanSpec]>([
    ["above 4094", { kind: "trunk", ranges: [[100, 5000]] }],
    ["4095", { kind: "trunk", ranges: [[4095, 4095]] }],
    ["negative", { kind: "trunk", ranges: [[-1, 10]] }],
    ["start above end", { kind: "trunk", ranges: [[200, 100]] }],
    ["with no range", { kind: "trunk", ranges: [] }],
  ])("refuses a VLAN trunk %s", (_, vlan) => {
    given(twoSwitches).when(add("pg-web", { vlan })).thenThrows(InvalidArgument, /VLAN/);
  });

  it.each([0, 8193, 2.5])("refuses %d ports", (ports) => {
    given(twoSwitches)
      .when(add("pg-web", { ports }))
      .thenThrows(InvalidArgument, `Invalid number of ports ${ports}: expected an integer 1-8192`);
  });

  it("refuses more ports than the switch has left", () => {
    given([switchCreated("dvs-small", { maxPorts: 12 }), portGroupAdded("dvs-small", "pg-a", { key: 1, ports: 8 })])
      .when({ type: "AddDistributedPortGroup", vds: "dvs-small", portgroup: "pg-b", ports: 5 })
      .thenThrows(InvalidArgument, /Distributed switch "dvs-small" has 4 of 12 ports left; port group "pg-b" asks for 5/);
  });
});

describe("RemoveDistributedPortGroup", () => {
  const inUse: DomainEvent[] = [
    ...twoSwitches,
    portGroupAdded("dvs-prod", "pg-web", { key: 1 }),
    vmCreated("web-01", "esx-01", [
      { vds: "dvs-prod", portgroup: "pg-web", portKey: "0", mac: 0 },
      { vds: "dvs-prod", portgroup: "pg-web", portKey: "1", mac: 1 },
    ]),
    vmCreated("web-02", "esx-01", [{ vds: "dvs-prod", portgroup: "pg-web", portKey: "2", mac: 2 }]),
  ];
  const remove: ManagementCommand = { type: "RemoveDistributedPortGroup", vds: "dvs-prod", portgroup: "pg-web" };

  it("removes a port group no VM uses", () => {
    given([...twoSwitches, portGroupAdded("dvs-prod", "pg-web", { key: 1 })])
      .when(remove)
      .then([{ type: "DistributedPortGroupRemoved", data: { vds: "dvs-prod", portgroup: "pg-web" } }]);
  });

  it("refuses while VMs use it, naming each VM once", () => {
    given(inUse).when(remove).thenThrows(InUse, /^Port group "pg-web" is in use by virtual machines: web-01, web-02$/);
  });

  it("allows it once the VMs are gone", () => {
    given([...inUse, vmRemoved("web-01"), vmRemoved("web-02")])
      .when(remove)
      .then([{ type: "DistributedPortGroupRemoved", data: { vds: "dvs-prod", portgroup: "pg-web" } }]);
  });

  it("refuses an unknown switch", () => {
    given(inUse)
      .when({ ...remove, vds: "dvs-none" })
      .thenThrows(NotFound, /Distributed switch "dvs-none" not found/);
  });

  it("refuses an unknown port group", () => {
    given(inUse)
      .when({ ...remove, portgroup: "pg-db" })
      .thenThrows(NotFound, /Distributed port group "pg-db" not found on distributed switch "dvs-prod"/);
  });

  it("refuses a port group of another switch", () => {
    given(inUse)
      .when({ ...remove, vds: "dvs-lab" })
      .thenThrows(NotFound, /Distributed port group "pg-web" not found on distributed switch "dvs-lab"/);
  });
});
