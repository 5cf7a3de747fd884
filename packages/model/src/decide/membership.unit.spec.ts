import { describe, it } from "vitest";
import { DomainErrorCode } from "../errors.js";
import type { DomainEvent } from "../events.js";
import { given, hostAdded, hostJoined, notResponding, portGroupAdded, switchCreated, vmCreated } from "../testing/given.js";

const { NotFound, AlreadyExists, InvalidArgument, InUse, HostNotResponding } = DomainErrorCode;

const cluster: DomainEvent[] = [hostAdded("esx-01"), hostAdded("esx-02"), switchCreated("dvs-prod"), switchCreated("dvs-lab")];

// each member's uplink dvPorts take the switch's next port keys; the members given here recorded none
const joined = (uplinks: Record<string, string>, vds = "dvs-prod", host = "esx-01"): DomainEvent[] => [
  { type: "HostAddedToDistributedSwitch", data: { vds, host, uplinks, uplinkPorts: { uplink1: "0", uplink2: "1" } } },
];

describe("AddHostToDistributedSwitch", () => {
  it("backs the uplinks with the host's NICs except vmnic0 by default", () => {
    given(cluster)
      .when({ type: "AddHostToDistributedSwitch", vds: "dvs-prod", host: "esx-01" })
      .then(joined({ uplink1: "vmnic1", uplink2: "vmnic2" }));
  });

  it("skips by default the NICs that already back another switch", () => {
    given([...cluster, hostJoined("dvs-prod", "esx-01")])
      .when({ type: "AddHostToDistributedSwitch", vds: "dvs-lab", host: "esx-01" })
      .then(joined({ uplink1: "vmnic3" }, "dvs-lab"));
  });

  it("uses the NICs given, in uplink order", () => {
    given(cluster)
      .when({ type: "AddHostToDistributedSwitch", vds: "dvs-prod", host: "esx-01", pnics: ["vmnic3", "vmnic0"] })
      .then(joined({ uplink1: "vmnic3", uplink2: "vmnic0" }));
  });

  it("lets two hosts back the switch with NICs of the same name", () => {
    given([...cluster, hostJoined("dvs-prod", "esx-01")])
      .when({ type: "AddHostToDistributedSwitch", vds: "dvs-prod", host: "esx-02" })
      .then(joined({ uplink1: "vmnic1", uplink2: "vmnic2" }, "dvs-prod", "esx-02"));
  });

  it("frees a host's NICs when it leaves a switch", () => {
    given([...cluster, hostJoined("dvs-prod", "esx-01"), { type: "HostRemovedFromDistributedSwitch", data: { vds: "dvs-prod", host: "esx-01" } }])
      .when({ type: "AddHostToDistributedSwitch", vds: "dvs-lab", host: "esx-01", pnics: ["vmnic1"] })
      .then(joined({ uplink1: "vmnic1" }, "dvs-lab"));
  });

  it("refuses an unknown switch", () => {
    given(cluster)
      .when({ type: "AddHostToDistributedSwitch", vds: "dvs-none", host: "esx-01" })
      .thenThrows(NotFound, /Distributed switch "dvs-none" not found/);
  });

  it("refuses an unknown host", () => {
    given(cluster)
      .when({ type: "AddHostToDistributedSwitch", vds: "dvs-prod", host: "esx-09" })
      .thenThrows(NotFound, /Host "esx-09" not found/);
  });

  it("refuses a host that is already a member", () => {
    given([...cluster, hostJoined("dvs-prod", "esx-01")])
      .when({ type: "AddHostToDistributedSwitch", vds: "dvs-prod", host: "esx-01" })
      .thenThrows(AlreadyExists, /Host "esx-01" already exists in distributed switch "dvs-prod"/);
  });

  it("refuses a host that is not responding", () => {
    given(cluster)
      .when({ type: "AddHostToDistributedSwitch", vds: "dvs-prod", host: "esx-02" }, ["esx-02"])
      .thenThrows(HostNotResponding, /Host "esx-02" is not responding/);
  });

  it("does not care whether other hosts respond", () => {
    given(cluster)
      .when({ type: "AddHostToDistributedSwitch", vds: "dvs-prod", host: "esx-01" }, notResponding(["esx-02"]))
      .then(joined({ uplink1: "vmnic1", uplink2: "vmnic2" }));
  });

  it("refuses a physical NIC the host does not have", () => {
    given(cluster)
      .when({ type: "AddHostToDistributedSwitch", vds: "dvs-prod", host: "esx-01", pnics: ["vmnic1", "vmnic9"] })
      .thenThrows(InvalidArgument, /Physical NIC "vmnic9" does not exist on host "esx-01" \(it has vmnic0, vmnic1, vmnic2, vmnic3\)/);
  });

  it("refuses a physical NIC that already backs another switch", () => {
    given([...cluster, hostJoined("dvs-prod", "esx-01")])
      .when({ type: "AddHostToDistributedSwitch", vds: "dvs-lab", host: "esx-01", pnics: ["vmnic3", "vmnic2"] })
      .thenThrows(InUse, /Physical NIC "vmnic2" on host "esx-01" already backs another distributed switch/);
  });

  it("refuses more NICs than the switch has uplinks", () => {
    given(cluster)
      .when({ type: "AddHostToDistributedSwitch", vds: "dvs-prod", host: "esx-01", pnics: ["vmnic1", "vmnic2", "vmnic3"] })
      .thenThrows(InvalidArgument, /Distributed switch "dvs-prod" has 2 uplinks; 3 physical NICs given/);
  });

  it("refuses a NIC listed twice", () => {
    given(cluster)
      .when({ type: "AddHostToDistributedSwitch", vds: "dvs-prod", host: "esx-01", pnics: ["vmnic1", "vmnic1"] })
      .thenThrows(InvalidArgument, /Physical NIC "vmnic1" is listed twice/);
  });
});

describe("RemoveHostFromDistributedSwitch", () => {
  const withVms: DomainEvent[] = [
    ...cluster,
    hostJoined("dvs-prod", "esx-01"),
    hostJoined("dvs-prod", "esx-02"),
    portGroupAdded("dvs-prod", "pg-web", { key: 1 }),
    vmCreated("web-01", "esx-01", [{ vds: "dvs-prod", portgroup: "pg-web", portKey: "0", mac: 0 }]),
  ];

  it("removes a member no VM of it uses the switch for", () => {
    given(withVms)
      .when({ type: "RemoveHostFromDistributedSwitch", vds: "dvs-prod", host: "esx-02" })
      .then([{ type: "HostRemovedFromDistributedSwitch", data: { vds: "dvs-prod", host: "esx-02" } }]);
  });

  it("refuses while the host's VMs use the switch, naming host, switch and VMs", () => {
    given(withVms)
      .when({ type: "RemoveHostFromDistributedSwitch", vds: "dvs-prod", host: "esx-01" })
      .thenThrows(InUse, /Host "esx-01" cannot leave distributed switch "dvs-prod": virtual machines use it: web-01/);
  });

  it("refuses an unknown switch", () => {
    given(withVms)
      .when({ type: "RemoveHostFromDistributedSwitch", vds: "dvs-none", host: "esx-02" })
      .thenThrows(NotFound, /Distributed switch "dvs-none" not found/);
  });

  it("refuses an unknown host", () => {
    given(withVms)
      .when({ type: "RemoveHostFromDistributedSwitch", vds: "dvs-prod", host: "esx-09" })
      .thenThrows(NotFound, /Host "esx-09" not found/);
  });

  it("refuses a host that is not a member", () => {
    given(withVms)
      .when({ type: "RemoveHostFromDistributedSwitch", vds: "dvs-lab", host: "esx-01" })
      .thenThrows(InvalidArgument, /Host "esx-01" is not a member of distributed switch "dvs-lab"/);
  });
});
