import { describe, expect, it } from "vitest";
import type { DomainEvent } from "./events.js";
import { evolve, fold } from "./evolve.js";
import { vcenterMac } from "./mac.js";
import { defaultDistributedPolicy } from "./policy.js";
import { initialState, type ClusterState } from "./state.js";
import type { ManagementCommand } from "./commands.js";
import { history, hostAdded, hostJoined, portGroupAdded, switchCreated, vmCreated, vmRemoved } from "./testing/given.js";

const state = (events: readonly DomainEvent[]): ClusterState => fold(events, initialState());

const cluster: DomainEvent[] = [
  hostAdded("esx-01"),
  switchCreated("dvs-prod"),
  hostJoined("dvs-prod", "esx-01"),
  portGroupAdded("dvs-prod", "pg-web", { key: 1, ports: 4 }),
];

const setup: ManagementCommand[] = [
  { type: "RegisterHost", host: "esx-01", pnics: ["vmnic0", "vmnic1", "vmnic2"] },
  { type: "CreateDistributedSwitch", vds: "dvs-prod" },
  { type: "AddHostToDistributedSwitch", vds: "dvs-prod", host: "esx-01" },
];

describe("evolve", () => {
  it("numbers a switch's uplink port group with the port groups, and its members' uplink dvPorts with the dvPorts", () => {
    const s = state(history(setup));
    expect(s.switches["dvs-prod"]?.uplinkPortGroup).toEqual({ portgroup: "dvs-prod-DVUplinks-1", key: "dvportgroup-1" });
    expect(s.switches["dvs-prod"]?.members["esx-01"]?.uplinkPorts).toEqual({ uplink1: "0", uplink2: "1" });
    expect(s.switches["dvs-prod"]?.nextPortKey).toBe(2);
    expect(s.counters.portGroupKey).toBe(1);
  });

  it("starts from an empty cluster", () => {
    expect(initialState()).toEqual({ hosts: {}, switches: {}, portGroups: {}, vms: {}, migrations: {}, counters: { portGroupKey: 0, mac: 0 } });
  });

  it("records hosts, switches and memberships", () => {
    const s = state(cluster.slice(0, 3));
    expect(s.hosts["esx-01"]).toMatchObject({ name: "esx-01", index: 0, pnics: ["vmnic0", "vmnic1", "vmnic2", "vmnic3"] });
    expect(s.switches["dvs-prod"]).toEqual({
      name: "dvs-prod",
      uplinks: ["uplink1", "uplink2"],
      uplinkPortGroup: { portgroup: "dvs-prod-DVUplinks", key: "N/A" },
      mtu: 1500,
      maxPorts: 8192,
      members: { "esx-01": { host: "esx-01", uplinks: { uplink1: "vmnic1", uplink2: "vmnic2" }, uplinkPorts: {} } },
      ports: {},
      nextPortKey: 0,
    });
  });

  it("does not share arrays or records with the events it folds", () => {
    const pnics = ["vmnic0", "vmnic1"];
    const uplinks = { uplink1: "vmnic1" };
    const s = state([hostAdded("esx-01", pnics), switchCreated("dvs-prod"), hostJoined("dvs-prod", "esx-01", uplinks)]);
    expect(s.hosts["esx-01"]?.pnics).toEqual(pnics);
    expect(s.hosts["esx-01"]?.pnics).not.toBe(pnics);
    expect(s.switches["dvs-prod"]?.members["esx-01"]?.uplinks).not.toBe(uplinks);
  });

  it("removes a member when a host leaves", () => {
    const s = state([...cluster, { type: "HostRemovedFromDistributedSwitch", data: { vds: "dvs-prod", host: "esx-01" } }]);
    expect(s.switches["dvs-prod"]?.members).toEqual({});
  });

  it("creates a port group's dvPorts disconnected", () => {
    const s = state(cluster);
    expect(Object.values(s.switches["dvs-prod"]?.ports ?? {})).toEqual(
      ["0", "1", "2", "3"].map((key) => ({ key, portgroup: "pg-web", connectee: null })),
    );
    expect(s.switches["dvs-prod"]?.nextPortKey).toBe(4);
    expect(s.portGroups["pg-web"]).toMatchObject({ name: "pg-web", key: "dvportgroup-1", vds: "dvs-prod", portKeys: ["0", "1", "2", "3"] });
  });

  it("connects a VM's vNICs to their dvPorts and disconnects them when the VM is removed", () => {
    const created = vmCreated("web-01", "esx-01", [
      { vds: "dvs-prod", portgroup: "pg-web", portKey: "1", mac: 0 },
      { vds: "dvs-prod", portgroup: "pg-web", portKey: "3", mac: 1 },
    ]);
    const s = state([...cluster, created]);
    const ports = s.switches["dvs-prod"]?.ports ?? {};
    expect(ports["1"]?.connectee).toEqual({ vm: "web-01", nic: 0 });
    expect(ports["3"]?.connectee).toEqual({ vm: "web-01", nic: 1 });
    expect(ports["0"]?.connectee).toBeNull();
    expect(s.vms["web-01"]?.host).toBe("esx-01");

    evolve(s, vmRemoved("web-01"));
    expect(Object.values(s.switches["dvs-prod"]?.ports ?? {}).map((p) => p.connectee)).toEqual([null, null, null, null]);
    expect(s.vms).toEqual({});
  });

  it("deletes a removed port group's dvPorts and a removed switch", () => {
    const s = state([...cluster, { type: "DistributedPortGroupRemoved", data: { vds: "dvs-prod", portgroup: "pg-web" } }]);
    expect(s.portGroups).toEqual({});
    expect(s.switches["dvs-prod"]?.ports).toEqual({});
    evolve(s, { type: "DistributedSwitchRemoved", data: { vds: "dvs-prod" } });
    expect(s.switches).toEqual({});
  });

  it("merges the changed sections into a port group's policy", () => {
    const policy = { ...defaultDistributedPolicy(["uplink1", "uplink2"], { kind: "vlan", id: 7 }), blocked: true };
    const s = state([
      ...cluster,
      { type: "DistributedPortGroupPolicyChanged", data: { vds: "dvs-prod", portgroup: "pg-web", changes: { vlan: policy.vlan, blocked: policy.blocked } } },
    ]);
    expect(s.portGroups["pg-web"]?.policy).toEqual(policy);
  });

  it("refuses an event about a switch it never saw", () => {
    expect(() => evolve(initialState(), hostJoined("dvs-none", "esx-01"))).toThrow(/unknown distributed switch "dvs-none"/);
  });
});

describe("port group keys and dvPort keys", () => {
  it("number on from the uplink port group's, and dvPorts from the members' uplink ports, across port groups", () => {
    const s = state(
      history([
        ...setup,
        { type: "AddDistributedPortGroup", vds: "dvs-prod", portgroup: "pg-a", ports: 2 },
        { type: "AddDistributedPortGroup", vds: "dvs-prod", portgroup: "pg-b", ports: 3 },
        { type: "AddDistributedPortGroup", vds: "dvs-prod", portgroup: "pg-c", ports: 1 },
      ]),
    );
    expect(Object.values(s.portGroups).map((pg) => [pg.name, pg.key, pg.portKeys])).toEqual([
      ["pg-a", "dvportgroup-2", ["2", "3"]],
      ["pg-b", "dvportgroup-3", ["4", "5", "6"]],
      ["pg-c", "dvportgroup-4", ["7"]],
    ]);
  });

  it("are never reused after a port group is removed", () => {
    const s = state(
      history([
        ...setup,
        { type: "AddDistributedPortGroup", vds: "dvs-prod", portgroup: "pg-a", ports: 2 },
        { type: "RemoveDistributedPortGroup", vds: "dvs-prod", portgroup: "pg-a" },
        { type: "AddDistributedPortGroup", vds: "dvs-prod", portgroup: "pg-a", ports: 2 },
      ]),
    );
    expect(s.portGroups["pg-a"]).toMatchObject({ key: "dvportgroup-3", portKeys: ["4", "5"] });
  });
});

describe("vNIC MAC addresses", () => {
  const macs = (s: ClusterState): string[] => Object.values(s.vms).flatMap((vm) => vm.nics.map((n) => n.mac));

  it("are allocated sequentially from 00:50:56:80:00:00", () => {
    const s = state(
      history([
        ...setup,
        { type: "AddDistributedPortGroup", vds: "dvs-prod", portgroup: "pg-web" },
        { type: "CreateVm", vm: "web-01", host: "esx-01", networks: ["pg-web", "pg-web"] },
        { type: "CreateVm", vm: "web-02", host: "esx-01", networks: ["pg-web"] },
      ]),
    );
    expect(macs(s)).toEqual(["00:50:56:80:00:00", "00:50:56:80:00:01", "00:50:56:80:00:02"]);
    expect(s.counters.mac).toBe(3);
  });

  it("are never reused after the VM is removed", () => {
    const s = state(
      history([
        ...setup,
        { type: "AddDistributedPortGroup", vds: "dvs-prod", portgroup: "pg-web", ports: 1 },
        { type: "CreateVm", vm: "web-01", host: "esx-01", networks: ["pg-web"] },
        { type: "RemoveVm", vm: "web-01" },
        { type: "CreateVm", vm: "web-01", host: "esx-01", networks: ["pg-web"] },
      ]),
    );
    expect(s.vms["web-01"]?.nics).toEqual([
      { index: 0, mac: "00:50:56:80:00:01", vds: "dvs-prod", portgroup: "pg-web", portKey: "2" },
    ]);
  });

  it("cover vCenter's range 00:50:56:80:00:00 to 00:50:56:bf:ff:ff", () => {
    expect(vcenterMac(0)).toBe("00:50:56:80:00:00");
    expect(vcenterMac(255)).toBe("00:50:56:80:00:ff");
    expect(vcenterMac(256)).toBe("00:50:56:80:01:00");
    expect(vcenterMac(0x3fffff)).toBe("00:50:56:bf:ff:ff");
    expect(() => vcenterMac(0x400000)).toThrow(/outside vCenter's range/);
    expect(() => vcenterMac(-1)).toThrow(/outside vCenter's range/);
  });
});
