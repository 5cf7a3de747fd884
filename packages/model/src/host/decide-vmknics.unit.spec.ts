import { describe, expect, it } from "vitest";
import { DomainErrorCode } from "../errors.js";
import type { DomainEvent } from "../events.js";
import { given, hostAdded, hostJoined, portGroupAdded, switchCreated, vmCreated } from "../testing/given.js";
import { standardPortGroupAdded, standardSwitchAdded, vmkNicAdded } from "../testing/host-events.js";
import type { HostCommand } from "./commands.js";
import { NO_SERVICES } from "./state.js";

const { NotFound, AlreadyExists, InvalidArgument, InUse, NoFreePort } = DomainErrorCode;

// esx-02 (index 1) is a member of dvs-prod, which has pg-vmotion with dvPorts 0-3; vSwitch1 has 8 ports.
const host: DomainEvent[] = [
  hostAdded("esx-01"),
  hostAdded("esx-02"),
  switchCreated("dvs-prod"),
  switchCreated("dvs-lab"),
  hostJoined("dvs-prod", "esx-02"),
  portGroupAdded("dvs-prod", "pg-vmotion", { key: 1, ports: 4 }),
  standardSwitchAdded("esx-02", "vSwitch1", { numPorts: 8 }),
  standardPortGroupAdded("esx-02", "vSwitch1", "vMotion"),
  standardPortGroupAdded("esx-02", "vSwitch1", "Storage"),
];
const on = (events: DomainEvent[] = host) => ({ when: (command: HostCommand) => given(events).onHost("esx-02").when(command) });
const vmotionPg = { kind: "standard", vswitch: "vSwitch1", portgroup: "vMotion" } as const;
const withVmk1 = [...host, vmkNicAdded("esx-02", "vmk1", vmotionPg, { hostIndex: 1, ipv4: { address: "10.0.0.2", netmask: "255.255.255.0" } })];

describe("AddVmkNic", () => {
  it("adds the lowest free vmkN on a standard port group, with the host's next VMkernel MAC", () => {
    on()
      .when({ type: "AddVmkNic", target: { portgroup: "vMotion" }, ipv4: { address: "10.0.0.2", netmask: "255.255.255.0" } })
      .then([vmkNicAdded("esx-02", "vmk1", vmotionPg, { hostIndex: 1, slot: 1, ipv4: { address: "10.0.0.2", netmask: "255.255.255.0" } })]);
  });

  it("takes the name and MTU given, and no address", () => {
    on()
      .when({ type: "AddVmkNic", vmknic: "vmk7", target: { portgroup: "vMotion" }, mtu: 9000 })
      .then([vmkNicAdded("esx-02", "vmk7", vmotionPg, { hostIndex: 1, slot: 1, mtu: 9000 })]);
  });

  it("plugs into a free dvPort of a distributed switch the host is a member of, connecting the port", () => {
    const connection = { kind: "distributed", vds: "dvs-prod", portKey: "2" } as const;
    const state = on()
      .when({ type: "AddVmkNic", target: { vds: "dvs-prod", portKey: "2" } })
      .then([vmkNicAdded("esx-02", "vmk1", connection, { hostIndex: 1 })]);
    expect(state.switches["dvs-prod"]?.ports["2"]?.connectee).toEqual({ host: "esx-02", vmknic: "vmk1" });
  });

  it.each<[HostCommand, DomainErrorCode, RegExp]>([
    [{ type: "AddVmkNic", vmknic: "vmk0", target: { portgroup: "vMotion" } }, AlreadyExists, /^A vmkernel nic with the name vmk0 already exists$/],
    [{ type: "AddVmkNic", target: { portgroup: "Management Network" } }, AlreadyExists, /^A vmkernel nic for the connection point already exists: vmk0 on port group Management Network$/],
    [{ type: "AddVmkNic", vmknic: "eth0", target: { portgroup: "vMotion" } }, InvalidArgument, /Invalid interface name eth0: expected vmk and a number/],
    [{ type: "AddVmkNic", target: { portgroup: "PG9" } }, NotFound, /Unable to find port group PG9/],
    [{ type: "AddVmkNic", target: { portgroup: "vMotion" }, mtu: 10000 }, InvalidArgument, /Invalid MTU 10000/],
    [{ type: "AddVmkNic", target: { portgroup: "vMotion" }, ipv4: { address: "10.0.0.300", netmask: "255.255.255.0" } }, InvalidArgument, /Invalid IPv4 address 10.0.0.300/],
    [{ type: "AddVmkNic", target: { portgroup: "vMotion" }, ipv4: { address: "10.0.0.3", netmask: "255.0.255.0" } }, InvalidArgument, /Invalid IPv4 netmask 255.0.255.0/],
    [{ type: "AddVmkNic", target: { vds: "dvs-none", portKey: "0" } }, NotFound, /Unable to find DVS dvs-none/],
    [{ type: "AddVmkNic", target: { vds: "dvs-lab", portKey: "0" } }, InvalidArgument, /Host esx-02 is not a member of DVS dvs-lab/],
    [{ type: "AddVmkNic", target: { vds: "dvs-prod", portKey: "99" } }, NotFound, /DVPort 99 does not exist on DVS dvs-prod/],
  ])("refuses %j", (command, code, message) => {
    on().when(command).thenThrows(code, message);
  });

  it("refuses a dvPort already in use, naming its user", () => {
    on([...host, vmCreated("web-01", "esx-02", [{ vds: "dvs-prod", portgroup: "pg-vmotion", portKey: "0", mac: 0 }])])
      .when({ type: "AddVmkNic", target: { vds: "dvs-prod", portKey: "0" } })
      .thenThrows(InUse, /DVPort 0 of DVS dvs-prod is already in use by web-01.eth0/);
  });

  it("refuses a standard switch with no free port", () => {
    const vms = Array.from({ length: 8 }, (_, i) => vmCreated(`vm${i}`, "esx-02", [{ vswitch: "vSwitch1", portgroup: "Storage", mac: i }]));
    on([...host, ...vms]).when({ type: "AddVmkNic", target: { portgroup: "vMotion" } }).thenThrows(NoFreePort, /vswitch vSwitch1 has no free port \(all 8 in use\)/);
  });

  it("reuses the MAC slot of a removed VMkernel NIC", () => {
    on([...withVmk1, { type: "VmkNicRemoved", data: { host: "esx-02", vmknic: "vmk1" } }])
      .when({ type: "AddVmkNic", vmknic: "vmk2", target: { portgroup: "Storage" } })
      .then([vmkNicAdded("esx-02", "vmk2", { kind: "standard", vswitch: "vSwitch1", portgroup: "Storage" }, { hostIndex: 1, slot: 1 })]);
  });
});

describe("RemoveVmkNic", () => {
  const removed: DomainEvent[] = [{ type: "VmkNicRemoved", data: { host: "esx-02", vmknic: "vmk1" } }];

  it("removes a VMkernel NIC named, or found by its port group", () => {
    on(withVmk1).when({ type: "RemoveVmkNic", vmknic: { name: "vmk1" } }).then(removed);
    on(withVmk1).when({ type: "RemoveVmkNic", vmknic: { portgroup: "vMotion" } }).then(removed);
  });

  it("removes vmk0 too, as ESXi allows", () => {
    on().when({ type: "RemoveVmkNic", vmknic: { name: "vmk0" } }).then([{ type: "VmkNicRemoved", data: { host: "esx-02", vmknic: "vmk0" } }]);
  });

  it("frees the dvPort of a VMkernel NIC on a distributed switch", () => {
    const events = [...host, vmkNicAdded("esx-02", "vmk1", { kind: "distributed", vds: "dvs-prod", portKey: "1" }, { hostIndex: 1 })];
    const state = on(events).when({ type: "RemoveVmkNic", vmknic: { vds: "dvs-prod", portKey: "1" } }).then(removed);
    expect(state.switches["dvs-prod"]?.ports["1"]?.connectee).toBeNull();
  });

  it("refuses what it cannot find", () => {
    on().when({ type: "RemoveVmkNic", vmknic: { name: "vmk9" } }).thenThrows(NotFound, /^Unable to find vmknic vmk9$/);
    on().when({ type: "RemoveVmkNic", vmknic: { portgroup: "Storage" } }).thenThrows(NotFound, /Unable to find vmknic for port group Storage/);
    on().when({ type: "RemoveVmkNic", vmknic: { vds: "dvs-prod", portKey: "3" } }).thenThrows(NotFound, /Unable to find vmknic for dvPort 3 of DVS dvs-prod/);
  });
});

describe("changing a VMkernel NIC", () => {
  const vmk1 = (changes: object): DomainEvent[] => [
    {
      type: "VmkNicChanged",
      data: {
        host: "esx-02",
        vmknic: "vmk1",
        mtu: 1500,
        enabled: true,
        ipv4: { address: "10.0.0.2", netmask: "255.255.255.0" },
        services: NO_SERVICES,
        ...changes,
      },
    },
  ];

  it("disables it and sets its MTU", () => {
    on(withVmk1).when({ type: "SetVmkNic", vmknic: { name: "vmk1" }, enabled: false, mtu: 9000 }).then(vmk1({ enabled: false, mtu: 9000 }));
  });

  it("sets or clears its IPv4 address", () => {
    const ipv4 = { address: "172.16.0.9", netmask: "255.255.0.0" };
    on(withVmk1).when({ type: "SetVmkNicIpv4", vmknic: { name: "vmk1" }, ipv4 }).then(vmk1({ ipv4 }));
    on(withVmk1).when({ type: "SetVmkNicIpv4", vmknic: { name: "vmk1" }, ipv4: null }).then(vmk1({ ipv4: null }));
  });

  it("enables vMotion on the interface of a port group", () => {
    on(withVmk1).when({ type: "SetVmkNicServices", vmknic: { portgroup: "vMotion" }, vmotion: true }).then(
      vmk1({ services: { ...NO_SERVICES, vmotion: true } }),
    );
  });

  it("turns the ESXi 6.0 tags on and off, one at a time, keeping the others", () => {
    const tagged = on(withVmk1).when({ type: "SetVmkNicServices", vmknic: { name: "vmk1" }, vsan: true, faultToleranceLogging: true });
    tagged.then(vmk1({ services: { ...NO_SERVICES, vsan: true, faultToleranceLogging: true } }));
    const withTags = [...withVmk1, ...vmk1({ services: { ...NO_SERVICES, vsan: true, faultToleranceLogging: true } })];
    on(withTags).when({ type: "SetVmkNicServices", vmknic: { name: "vmk1" }, vsan: false }).then(
      vmk1({ services: { ...NO_SERVICES, faultToleranceLogging: true } }),
    );
  });

  it("yields nothing when already so", () => {
    on(withVmk1).when({ type: "SetVmkNicServices", vmknic: { name: "vmk1" }, vmotion: false }).thenNothing();
    on(withVmk1).when({ type: "SetVmkNic", vmknic: { name: "vmk1" }, enabled: true }).thenNothing();
  });

  it("refuses nothing to set and bad values", () => {
    on(withVmk1).when({ type: "SetVmkNic", vmknic: { name: "vmk1" } }).thenThrows(InvalidArgument, /Nothing to set on vmk1/);
    on(withVmk1).when({ type: "SetVmkNicServices", vmknic: { name: "vmk1" } }).thenThrows(InvalidArgument, /Nothing to set on vmk1/);
    on(withVmk1).when({ type: "SetVmkNic", vmknic: { name: "vmk1" }, mtu: 576 }).thenThrows(InvalidArgument, /Invalid MTU 576/);
    on(withVmk1)
      .when({ type: "SetVmkNicIpv4", vmknic: { name: "vmk1" }, ipv4: { address: "10.0.0.0", netmask: "255.255.255.0" } })
      .thenThrows(InvalidArgument, /network address/);
  });
});

describe("management-side refusals for VMkernel NICs on a distributed switch", () => {
  const events = [...host, vmkNicAdded("esx-02", "vmk1", { kind: "distributed", vds: "dvs-prod", portKey: "0" }, { hostIndex: 1 })];

  it("keeps the port group, the switch and the membership while the NIC uses them", () => {
    given(events).when({ type: "RemoveDistributedPortGroup", vds: "dvs-prod", portgroup: "pg-vmotion" }).thenThrows(InUse, /in use by VMkernel NICs: vmk1 \(esx-02\)/);
    given(events).when({ type: "RemoveDistributedSwitch", vds: "dvs-prod" }).thenThrows(InUse, /Distributed switch "dvs-prod" is in use by VMkernel NICs: vmk1 \(esx-02\)/);
    given(events)
      .when({ type: "RemoveHostFromDistributedSwitch", vds: "dvs-prod", host: "esx-02" })
      .thenThrows(InUse, /Host "esx-02" cannot leave distributed switch "dvs-prod": VMkernel NICs use it: vmk1 \(esx-02\)/);
  });

  it("does not give a VM the port the NIC holds", () => {
    given(events)
      .when({ type: "CreateVm", vm: "web-01", host: "esx-02", networks: ["pg-vmotion"] })
      .then([vmCreated("web-01", "esx-02", [{ vds: "dvs-prod", portgroup: "pg-vmotion", portKey: "1", mac: 0 }])]);
  });
});
