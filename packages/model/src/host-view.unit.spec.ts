import { describe, expect, it } from "vitest";
import type { DomainEvent } from "./events.js";
import { fold } from "./evolve.js";
import { canonicalHash, clusterStateHash, hostStateHash } from "./hash.js";
import { hostRealizedConfig, hostsConcernedBy, memberHosts } from "./host-view.js";
import { defaultDistributedPolicy, type PortGroupPolicy } from "./policy.js";
import { initialState, type ClusterState } from "./state.js";
import { history, hostAdded, hostJoined, portGroupAdded, switchCreated, vmCreated } from "./testing/given.js";

// esx-01 and esx-02 are members of dvs-prod; esx-02 alone of dvs-lab; esx-03 of nothing.
const cluster: DomainEvent[] = [
  hostAdded("esx-01"),
  hostAdded("esx-02"),
  hostAdded("esx-03"),
  switchCreated("dvs-prod"),
  switchCreated("dvs-lab", { uplinks: 2, mtu: 9000 }),
  hostJoined("dvs-prod", "esx-02"),
  hostJoined("dvs-prod", "esx-01"),
  hostJoined("dvs-lab", "esx-02", { uplink1: "vmnic3" }),
  portGroupAdded("dvs-prod", "pg-web", { key: 1, ports: 4 }),
  portGroupAdded("dvs-prod", "pg-db", { key: 2, firstPort: 4, ports: 4 }),
  portGroupAdded("dvs-lab", "pg-test", { key: 3, ports: 4 }),
  vmCreated("web-01", "esx-01", [{ vds: "dvs-prod", portgroup: "pg-web", portKey: "0", mac: 0 }]),
  vmCreated("app-01", "esx-02", [
    { vds: "dvs-prod", portgroup: "pg-db", portKey: "4", mac: 1 },
    { vds: "dvs-lab", portgroup: "pg-test", portKey: "0", mac: 2 },
  ]),
];

const policy = defaultDistributedPolicy(["uplink1", "uplink2"], { kind: "none" });
const state = (events: readonly DomainEvent[] = cluster): ClusterState => fold(events, initialState());

const policyChanged = (vds: string, portgroup: string, next: PortGroupPolicy): DomainEvent => ({
  type: "DistributedPortGroupPolicyChanged",
  data: { vds, portgroup, changes: next },
});

describe("hostRealizedConfig", () => {
  it("shows a host only the switches it is a member of and only its own VMs' dvPorts", () => {
    expect(hostRealizedConfig(state(), "esx-01")).toMatchObject({
      host: "esx-01",
      proxySwitches: [
        {
          vds: "dvs-prod",
          mtu: 1500,
          uplinks: { uplink1: "vmnic1", uplink2: "vmnic2" },
          portGroups: [
            { name: "pg-db", key: "dvportgroup-2", policy },
            { name: "pg-web", key: "dvportgroup-1", policy },
          ],
        },
      ],
      dvPorts: [{ vds: "dvs-prod", key: "0", portgroup: "pg-web", vm: "web-01", nic: 0, mac: "00:50:56:80:00:00", policy }],
    });
  });

  it("lists proxy switches by name and leaves an unbacked uplink null", () => {
    const view = hostRealizedConfig(state(), "esx-02");
    expect(view.proxySwitches.map((p) => [p.vds, p.mtu, p.uplinks])).toEqual([
      ["dvs-lab", 9000, { uplink1: "vmnic3", uplink2: null }],
      ["dvs-prod", 1500, { uplink1: "vmnic1", uplink2: "vmnic2" }],
    ]);
    expect(view.dvPorts.map((p) => [p.vm, p.nic, p.vds, p.key, p.mac])).toEqual([
      ["app-01", 0, "dvs-prod", "4", "00:50:56:80:00:01"],
      ["app-01", 1, "dvs-lab", "0", "00:50:56:80:00:02"],
    ]);
  });

  it("is empty for a host in no switch, and for an unknown host", () => {
    expect(hostRealizedConfig(state(), "esx-03")).toMatchObject({ host: "esx-03", proxySwitches: [], dvPorts: [], standardPorts: [] });
    expect(hostRealizedConfig(state(), "esx-99")).toEqual({
      host: "esx-99",
      proxySwitches: [],
      dvPorts: [],
      pnics: [],
      standardSwitches: [],
      standardPorts: [],
      vmknics: [],
    });
  });

  it("carries a port group's current policy onto its dvPorts", () => {
    const blocked = { ...policy, blocked: true };
    const view = hostRealizedConfig(state([...cluster, policyChanged("dvs-prod", "pg-web", blocked)]), "esx-01");
    expect(view.dvPorts[0]?.policy).toEqual(blocked);
  });
});

describe("memberHosts", () => {
  it("lists a switch's members sorted, and nothing for an unknown switch", () => {
    expect(memberHosts(state(), "dvs-prod")).toEqual(["esx-01", "esx-02"]);
    expect(memberHosts(state(), "dvs-none")).toEqual([]);
  });
});

describe("hostsConcernedBy", () => {
  it.each<[string, DomainEvent, string[]]>([
    ["a host being added", hostAdded("esx-04"), ["esx-04"]],
    ["a switch being created", switchCreated("dvs-new"), []],
    ["a host joining: the members and the joiner", hostJoined("dvs-lab", "esx-01", { uplink1: "vmnic3" }), ["esx-01", "esx-02"]],
    ["a host leaving: the members, the leaver included", { type: "HostRemovedFromDistributedSwitch", data: { vds: "dvs-prod", host: "esx-01" } }, ["esx-01", "esx-02"]],
    ["a switch being removed", { type: "DistributedSwitchRemoved", data: { vds: "dvs-lab" } }, ["esx-02"]],
    ["a port group being added", portGroupAdded("dvs-prod", "pg-new", { key: 4, firstPort: 8 }), ["esx-01", "esx-02"]],
    ["a policy change", policyChanged("dvs-lab", "pg-test", policy), ["esx-02"]],
    ["a port group being removed", { type: "DistributedPortGroupRemoved", data: { vds: "dvs-prod", portgroup: "pg-db" } }, ["esx-01", "esx-02"]],
    ["a VM being created", vmCreated("web-02", "esx-02", [{ vds: "dvs-prod", portgroup: "pg-web", portKey: "1", mac: 3 }]), ["esx-02"]],
    ["a VM being removed", { type: "VmRemoved", data: { vm: "web-01" } }, ["esx-01"]],
    ["an unknown VM being removed", { type: "VmRemoved", data: { vm: "web-99" } }, []],
  ])("names the hosts concerned by %s", (_, event, hosts) => {
    expect(hostsConcernedBy(event, state())).toEqual(hosts);
  });

  it("names every host whose state hash an event changes", () => {
    const hosts = ["esx-01", "esx-02", "esx-03"];
    const events = history([
      ...["esx-01", "esx-02", "esx-03"].map((host) => ({ type: "RegisterHost", host, pnics: ["vmnic0", "vmnic1", "vmnic2", "vmnic3"] }) as const),
      { type: "CreateDistributedSwitch", vds: "dvs-prod" },
      { type: "CreateDistributedSwitch", vds: "dvs-lab", uplinks: 1 },
      { type: "AddHostToDistributedSwitch", vds: "dvs-prod", host: "esx-01" },
      { type: "AddHostToDistributedSwitch", vds: "dvs-prod", host: "esx-02" },
      { type: "AddHostToDistributedSwitch", vds: "dvs-lab", host: "esx-02" },
      { type: "AddDistributedPortGroup", vds: "dvs-prod", portgroup: "pg-web" },
      { type: "AddDistributedPortGroup", vds: "dvs-lab", portgroup: "pg-test" },
      { type: "CreateVm", vm: "web-01", host: "esx-01", networks: ["pg-web"] },
      { type: "CreateVm", vm: "app-01", host: "esx-02", networks: ["pg-web", "pg-test"] },
      { type: "SetDistributedPortGroupPolicy", vds: "dvs-prod", portgroup: "pg-web", patch: { blocked: true } },
      { type: "SetDistributedPortGroupPolicy", vds: "dvs-lab", portgroup: "pg-test", patch: { vlan: { kind: "vlan", id: 5 } } },
      { type: "RemoveVm", vm: "app-01" },
      { type: "RemoveHostFromDistributedSwitch", vds: "dvs-lab", host: "esx-02" },
      { type: "AddDistributedPortGroup", vds: "dvs-prod", portgroup: "pg-db" },
      { type: "RemoveDistributedPortGroup", vds: "dvs-prod", portgroup: "pg-db" },
      { type: "RemoveVm", vm: "web-01" },
      { type: "RemoveDistributedSwitch", vds: "dvs-prod" },
    ]);
    const s = initialState();
    for (const event of events) {
      const concerned = hostsConcernedBy(event, s);
      const before = hosts.map((h) => hostStateHash(s, h));
      fold([event], s);
      const changed = hosts.filter((h, i) => hostStateHash(s, h) !== before[i]);
      expect(concerned, event.type).toEqual(expect.arrayContaining(changed));
    }
  });
});

describe("hostStateHash", () => {
  const vlan105 = { ...policy, vlan: { kind: "vlan", id: 105 } } as const;

  it("changes for every member when a member port group's policy changes", () => {
    const after = state([...cluster, policyChanged("dvs-prod", "pg-db", vlan105)]);
    expect(hostStateHash(after, "esx-01")).not.toBe(hostStateHash(state(), "esx-01"));
    expect(hostStateHash(after, "esx-02")).not.toBe(hostStateHash(state(), "esx-02"));
  });

  it("does not change for a host that is not a member of the port group's switch", () => {
    const after = state([...cluster, policyChanged("dvs-lab", "pg-test", vlan105)]);
    expect(hostStateHash(after, "esx-02")).not.toBe(hostStateHash(state(), "esx-02"));
    expect(hostStateHash(after, "esx-01")).toBe(hostStateHash(state(), "esx-01"));
    expect(hostStateHash(after, "esx-03")).toBe(hostStateHash(state(), "esx-03"));
  });

  it("does not change for a host when another host's VM is created", () => {
    const after = state([...cluster, vmCreated("web-02", "esx-02", [{ vds: "dvs-prod", portgroup: "pg-web", portKey: "1", mac: 3 }])]);
    expect(hostStateHash(after, "esx-01")).toBe(hostStateHash(state(), "esx-01"));
    expect(hostStateHash(after, "esx-02")).not.toBe(hostStateHash(state(), "esx-02"));
  });

  it("is the hash of the host's realized config", () => {
    expect(hostStateHash(state(), "esx-01")).toBe(canonicalHash(hostRealizedConfig(state(), "esx-01")));
    expect(hostStateHash(state(), "esx-01")).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe("clusterStateHash", () => {
  const events = history([
    { type: "RegisterHost", host: "esx-01", pnics: ["vmnic0", "vmnic1", "vmnic2"] },
    { type: "CreateDistributedSwitch", vds: "dvs-prod" },
    { type: "AddHostToDistributedSwitch", vds: "dvs-prod", host: "esx-01" },
    { type: "AddDistributedPortGroup", vds: "dvs-prod", portgroup: "pg-web" },
    { type: "CreateVm", vm: "web-01", host: "esx-01", networks: ["pg-web"] },
    { type: "SetDistributedPortGroupPolicy", vds: "dvs-prod", portgroup: "pg-web", patch: { vlan: { kind: "vlan", id: 7 } } },
    { type: "RemoveVm", vm: "web-01" },
  ]);

  it("is the same when the same events are folded twice from initialState", () => {
    expect(clusterStateHash(fold(events, initialState()))).toBe(clusterStateHash(fold(events, initialState())));
  });

  it("differs when the history differs", () => {
    expect(clusterStateHash(fold(events.slice(0, -1), initialState()))).not.toBe(clusterStateHash(fold(events, initialState())));
  });

  it("does not depend on the order keys were inserted in", () => {
    expect(canonicalHash({ a: 1, b: { c: [1, 2], d: null } })).toBe(canonicalHash({ b: { d: null, c: [1, 2] }, a: 1 }));
    expect(canonicalHash([1, 2])).not.toBe(canonicalHash([2, 1]));
  });
});
