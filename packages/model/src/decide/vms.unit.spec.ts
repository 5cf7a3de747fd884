import { describe, expect, it } from "vitest";
import type { ManagementCommand } from "../commands.js";
import { DomainErrorCode } from "../errors.js";
import type { DomainEvent } from "../events.js";
import { defaultStandardPolicy } from "../host/standard-policy.js";
import { NO_SERVICES } from "../host/state.js";
import { given, hostAdded, hostJoined, portGroupAdded, switchCreated, vmCreated, vmRemoved } from "../testing/given.js";

const { NotFound, AlreadyExists, InvalidArgument, NoFreePort, HostNotResponding } = DomainErrorCode;

const cluster: DomainEvent[] = [
  hostAdded("esx-01"),
  hostAdded("esx-02"),
  hostAdded("esx-03"),
  switchCreated("dvs-prod"),
  switchCreated("dvs-lab"),
  hostJoined("dvs-prod", "esx-01"),
  hostJoined("dvs-prod", "esx-02"),
  hostJoined("dvs-lab", "esx-01", { uplink1: "vmnic3" }),
  portGroupAdded("dvs-prod", "pg-web", { key: 1, ports: 2 }),
  portGroupAdded("dvs-prod", "pg-db", { key: 2, firstPort: 2, ports: 8 }),
  portGroupAdded("dvs-lab", "pg-test", { key: 3, ports: 8 }),
];

const create = (vm: string, networks: readonly string[], host = "esx-01"): ManagementCommand => ({ type: "CreateVm", vm, host, networks });

describe("CreateVm", () => {
  it("connects each vNIC to the first free port of its port group, with the next vCenter MAC", () => {
    given(cluster)
      .when(create("app-01", ["pg-db", "pg-test", "pg-db"]))
      .then([
        {
          type: "VmCreated",
          data: {
            vm: "app-01",
            host: "esx-01",
            nics: [
              { index: 0, mac: "00:50:56:80:00:00", vds: "dvs-prod", portgroup: "pg-db", portKey: "2" },
              { index: 1, mac: "00:50:56:80:00:01", vds: "dvs-lab", portgroup: "pg-test", portKey: "0" },
              { index: 2, mac: "00:50:56:80:00:02", vds: "dvs-prod", portgroup: "pg-db", portKey: "3" },
            ],
          },
        },
      ]);
  });

  it("continues the MAC sequence and skips connected ports", () => {
    given([...cluster, vmCreated("web-01", "esx-01", [{ vds: "dvs-prod", portgroup: "pg-web", portKey: "0", mac: 0 }])])
      .when(create("web-02", ["pg-web"], "esx-02"))
      .then([vmCreated("web-02", "esx-02", [{ vds: "dvs-prod", portgroup: "pg-web", portKey: "1", mac: 1 }])]);
  });

  it("reuses a port a removed VM freed, but not its MAC", () => {
    given([...cluster, vmCreated("web-01", "esx-01", [{ vds: "dvs-prod", portgroup: "pg-web", portKey: "0", mac: 0 }]), vmRemoved("web-01")])
      .when(create("web-02", ["pg-web"]))
      .then([vmCreated("web-02", "esx-01", [{ vds: "dvs-prod", portgroup: "pg-web", portKey: "0", mac: 1 }])]);
  });

  it("refuses a port group with no free port once VMs have taken them all", () => {
    const events = [...cluster];
    for (const [i, name] of ["web-01", "web-02"].entries()) {
      const created = vmCreated(name, "esx-01", [{ vds: "dvs-prod", portgroup: "pg-web", portKey: String(i), mac: i }]);
      const state = given(events).when(create(name, ["pg-web"])).then([created]);
      expect(state.switches["dvs-prod"]?.ports[String(i)]?.connectee).toEqual({ vm: name, nic: 0 });
      events.push(created);
    }
    given(events)
      .when(create("web-03", ["pg-web"]))
      .thenThrows(NoFreePort, /^Port group "pg-web" on distributed switch "dvs-prod" has no free port \(all 2 in use\)$/);
  });

  it("refuses more vNICs on a port group than it has free ports", () => {
    given(cluster).when(create("web-01", ["pg-web", "pg-web", "pg-web"])).thenThrows(NoFreePort, /Port group "pg-web"/);
  });

  it("refuses a host that is not responding, naming it", () => {
    given(cluster)
      .when(create("web-01", ["pg-web"], "esx-02"), ["esx-02"])
      .thenThrows(HostNotResponding, /^Host "esx-02" is not responding$/);
  });

  it("does not care whether other hosts respond", () => {
    given(cluster)
      .when(create("web-01", ["pg-web"]), ["esx-02", "esx-03"])
      .then([vmCreated("web-01", "esx-01", [{ vds: "dvs-prod", portgroup: "pg-web", portKey: "0", mac: 0 }])]);
  });

  it("refuses a VM name already in use, naming its host", () => {
    given([...cluster, vmCreated("web-01", "esx-02", [{ vds: "dvs-prod", portgroup: "pg-web", portKey: "0", mac: 0 }])])
      .when(create("web-01", ["pg-db"]))
      .thenThrows(AlreadyExists, /Virtual machine "web-01" already exists on host "esx-02"/);
  });

  it.each(["", "-web", "web|01", "web\n01", "w".repeat(81)])("refuses the invalid VM name %j", (vm) => {
    given(cluster).when(create(vm, ["pg-web"])).thenThrows(InvalidArgument, `Invalid virtual machine name "${vm}"`);
  });

  it("refuses an unknown host", () => {
    given(cluster).when(create("web-01", ["pg-web"], "esx-09")).thenThrows(NotFound, /Host "esx-09" not found/);
  });

  it("refuses an unknown network", () => {
    given(cluster).when(create("web-01", ["pg-web", "pg-none"])).thenThrows(NotFound, /Network "pg-none" not found/);
  });

  it("refuses a port group on a switch the host is not a member of", () => {
    given(cluster)
      .when(create("test-01", ["pg-test"], "esx-02"))
      .thenThrows(InvalidArgument, /Host "esx-02" is not a member of distributed switch "dvs-lab", which holds port group "pg-test"/);
  });

  it("refuses a VM with no network", () => {
    given(cluster).when(create("web-01", [])).thenThrows(InvalidArgument, /Virtual machine "web-01" needs at least one network/);
  });

  it("refuses more than 10 vNICs", () => {
    given(cluster)
      .when(create("web-01", Array.from({ length: 11 }, () => "pg-db")))
      .thenThrows(InvalidArgument, /Virtual machine "web-01" asks for 11 vNICs; a VM has at most 10/);
  });
});

describe("RemoveVm", () => {
  it("removes a VM", () => {
    given([...cluster, vmCreated("web-01", "esx-01", [{ vds: "dvs-prod", portgroup: "pg-web", portKey: "0", mac: 0 }])])
      .when({ type: "RemoveVm", vm: "web-01" })
      .then([vmRemoved("web-01")]);
  });

  it("refuses an unknown VM", () => {
    given(cluster).when({ type: "RemoveVm", vm: "web-09" }).thenThrows(NotFound, /Virtual machine "web-09" not found/);
  });

  it("refuses a VM already removed", () => {
    given([...cluster, vmCreated("web-01", "esx-01", [{ vds: "dvs-prod", portgroup: "pg-web", portKey: "0", mac: 0 }]), vmRemoved("web-01")])
      .when({ type: "RemoveVm", vm: "web-01" })
      .thenThrows(NotFound, /Virtual machine "web-01" not found/);
  });
});

describe("CreateVm on standard port groups", () => {
  const withStandard: DomainEvent[] = [
    ...cluster,
    { type: "StandardSwitchAdded", data: { host: "esx-01", vswitch: "vSwitch1", numPorts: 8, mtu: 1500, policy: defaultStandardPolicy([]) } },
    { type: "StandardPortGroupAdded", data: { host: "esx-01", vswitch: "vSwitch1", portgroup: "pg-web", vlan: 0 } },
    { type: "StandardPortGroupAdded", data: { host: "esx-01", vswitch: "vSwitch1", portgroup: "Lab", vlan: 0 } },
  ];

  it("attaches a vNIC to a standard port group of the VM's host, recording the vSwitch", () => {
    given(withStandard)
      .when(create("vm-01", ["VM Network", "pg-db"]))
      .then([
        vmCreated("vm-01", "esx-01", [
          { vswitch: "vSwitch0", portgroup: "VM Network", mac: 0 },
          { vds: "dvs-prod", portgroup: "pg-db", portKey: "2", mac: 1 },
        ]),
      ]);
  });

  it("prefers a distributed port group of the same name", () => {
    given(withStandard).when(create("web-01", ["pg-web"])).then([vmCreated("web-01", "esx-01", [{ vds: "dvs-prod", portgroup: "pg-web", portKey: "0", mac: 0 }])]);
  });

  it("refuses a standard port group the host does not have", () => {
    given(withStandard).when(create("vm-01", ["Lab"], "esx-02")).thenThrows(NotFound, /Network "Lab" not found \(no distributed port group, nor standard port group on host "esx-02"\)/);
  });

  it("refuses a standard switch whose ports are all taken by vNICs and VMkernel NICs", () => {
    const full = [...withStandard, ...Array.from({ length: 7 }, (_, i) => vmCreated(`vm${i}`, "esx-01", [{ vswitch: "vSwitch1", portgroup: "Lab", mac: i }]))];
    given([...full, { type: "VmkNicAdded", data: { host: "esx-01", vmknic: "vmk1", mac: "00:50:56:50:00:01", mtu: 1500, enabled: true, ipv4: null, services: NO_SERVICES, connection: { kind: "standard", vswitch: "vSwitch1", portgroup: "Lab" } } }])
      .when(create("vm-09", ["Lab"]))
      .thenThrows(NoFreePort, /Standard switch "vSwitch1" on host "esx-01" has no free port for port group "Lab" \(all 8 in use\)/);
    given(full).when(create("vm-09", ["Lab", "Lab"])).thenThrows(NoFreePort, /all 8 in use/);
  });

  it("frees the standard port when the VM is removed", () => {
    const full = [...withStandard, ...Array.from({ length: 8 }, (_, i) => vmCreated(`vm${i}`, "esx-01", [{ vswitch: "vSwitch1", portgroup: "Lab", mac: i }]))];
    given([...full, vmRemoved("vm3")]).when(create("vm-09", ["Lab"])).then([vmCreated("vm-09", "esx-01", [{ vswitch: "vSwitch1", portgroup: "Lab", mac: 8 }])]);
  });
});
