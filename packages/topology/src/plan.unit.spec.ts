import { describe, expect, it } from "vitest";
import { fold, initialState, type ClusterState } from "@vdsim/model";
import { exportTopology, topologyHash } from "./export.js";
import { parseTopology } from "./files.js";
import { plan } from "./plan.js";
import { simulate } from "./simulate.js";
import type { Topology } from "./schema.js";

const hostsRegistered = (...hosts: string[]): ClusterState =>
  fold(
    hosts.map((host) => ({ type: "HostAdded", data: { host, pnics: ["vmnic0", "vmnic1", "vmnic2"] } }) as const),
    initialState(),
  );

/** given a state, when a topology is applied (planned and decided), then the state it leads to */
function applied(topology: Topology, state: ClusterState): ClusterState {
  const p = plan(topology, state);
  expect(p.problems).toEqual([]);
  const run = simulate(p.steps, state);
  expect(run.problem).toBeUndefined();
  return run.state;
}

const BASIC = parseTopology(`
hosts:
  esx-01:
    standardSwitches:
      vSwitch0:
        security: { allowPromiscuous: true }
        portGroups:
          Prod: { vlan: 10, shaping: { averageKbps: 1000, peakKbps: 2000, burstKB: 50 } }
          vMotion: { security: { allowForgedTransmits: false } }
    vmknics:
      vmk1: { portGroup: vMotion, ip: 192.168.50.1, netmask: 255.255.255.0, vmotion: true }
  esx-02:
    standardSwitches:
      vSwitch1:
        ports: 64
        uplinks: [vmnic1]
        teaming: { standbyUplinks: [vmnic1], activeUplinks: [] }
        portGroups:
          Backup: { teaming: { loadBalancing: failover_explicit } }
distributedSwitches:
  dvs1:
    uplinks: 2
    hosts:
      esx-01: [vmnic1]
      esx-02: [vmnic2]
    portGroups:
      web: { vlan: 10, ports: 16, security: { allowPromiscuous: true }, shaping: { averageKbps: 1000, peakKbps: 2000, burstKB: 100 } }
      db: { vlan: "100-200,300", teaming: { activeUplinks: [uplink1], standbyUplinks: [uplink2] } }
vms:
  web-01: { host: esx-01, networks: [web] }
  web-02: { host: esx-02, networks: [web] }
  prod-01: { host: esx-01, networks: [Prod] }
`).value;

describe("plan", () => {
  it("given a fresh cluster, when the topology is planned, then it creates everything in dependency order", () => {
    const { steps, problems } = plan(BASIC, hostsRegistered("esx-01", "esx-02"));
    expect(problems).toEqual([]);
    const types = steps.map((s) => s.command.type);
    expect(types.indexOf("AddStandardPortGroup")).toBeLessThan(types.indexOf("CreateVm"));
    expect(types.indexOf("CreateDistributedSwitch")).toBeLessThan(types.indexOf("AddHostToDistributedSwitch"));
    expect(types.indexOf("AddDistributedPortGroup")).toBeLessThan(types.indexOf("SetDistributedPortGroupPolicy"));
    expect(types.filter((t) => t === "CreateVm")).toHaveLength(3);
    expect(steps.find((s) => s.command.type === "SetVmkNicServices")).toMatchObject({ kind: "host", host: "esx-01", command: { vmotion: true } });
    expect(types.indexOf("AddStandardSwitchUplink")).toBeLessThan(types.indexOf("SetStandardSwitchPolicy"));
  });

  it("given standard switch and port group policies, when applied, then the switch sets them and port groups override whole sections", () => {
    const state = applied(BASIC, hostsRegistered("esx-01", "esx-02"));
    const esx01 = state.hosts["esx-01"]!;
    expect(esx01.standardSwitches.vSwitch0?.policy.security).toEqual({ allowPromiscuous: true, allowMacChanges: true, allowForgedTransmits: true });
    expect(esx01.standardPortGroups.Prod?.overrides).toMatchObject({ security: null, teaming: null, shaping: { enabled: true, averageKbps: 1000, peakKbps: 2000, burstKB: 50 } });
    expect(esx01.standardPortGroups.vMotion?.overrides.security).toEqual({ allowPromiscuous: true, allowMacChanges: true, allowForgedTransmits: false });
    const esx02 = state.hosts["esx-02"]!;
    expect(esx02.standardSwitches.vSwitch1?.policy.teaming).toMatchObject({ activeUplinks: [], standbyUplinks: ["vmnic1"] });
    expect(esx02.standardPortGroups.Backup?.overrides.teaming).toMatchObject({ loadBalancing: "failover_explicit", standbyUplinks: ["vmnic1"] });
  });

  it("given the topology applied, when the same topology is planned again, then it plans nothing", () => {
    const state = applied(BASIC, hostsRegistered("esx-01", "esx-02"));
    expect(plan(BASIC, state).steps).toEqual([]);
  });

  it("given a cluster, when its export is planned against it, then it plans nothing", () => {
    const state = applied(BASIC, hostsRegistered("esx-01", "esx-02"));
    expect(plan(exportTopology(state), state)).toEqual({ steps: [], problems: [] });
  });

  it("given an export, when it is applied to a fresh cluster, then the topology hash is the same", () => {
    const state = applied(BASIC, hostsRegistered("esx-01", "esx-02"));
    const fresh = applied(exportTopology(state), hostsRegistered("esx-02", "esx-01"));
    expect(topologyHash(fresh)).toBe(topologyHash(state));
  });

  it("given objects the file no longer lists, when planned, then VMs go before the switch they use", () => {
    const state = applied(BASIC, hostsRegistered("esx-01", "esx-02"));
    const p = plan({ distributedSwitches: {}, vms: {} }, state);
    expect(p.steps.map((s) => s.command.type)).toEqual(["RemoveVm", "RemoveVm", "RemoveVm", "RemoveDistributedSwitch"]);
    expect(simulate(p.steps, state).problem).toBeUndefined();
  });

  it("given a changed policy, when planned, then one policy change carries only what differs", () => {
    const state = applied(BASIC, hostsRegistered("esx-01", "esx-02"));
    const changed = structuredClone(BASIC);
    changed.distributedSwitches!.dvs1!.portGroups!.web = { vlan: 20, ports: 16, security: { allowPromiscuous: true }, shaping: { averageKbps: 1000, peakKbps: 2000, burstKB: 100 } };
    const p = plan(changed, state);
    expect(p.steps).toHaveLength(1);
    expect(p.steps[0]?.command).toEqual({ type: "SetDistributedPortGroupPolicy", vds: "dvs1", portgroup: "web", patch: { vlan: { kind: "vlan", id: 20 } } });
  });

  it("given a port group shaped one way in and another out (as the vSphere API sets it), when exported and applied again, then nothing changes", () => {
    const state = applied(BASIC, hostsRegistered("esx-01", "esx-02"));
    const shaped = structuredClone(BASIC);
    shaped.distributedSwitches!.dvs1!.portGroups!.web = { ...shaped.distributedSwitches!.dvs1!.portGroups!.web, shaping: { averageKbps: 1000, peakKbps: 2000, burstKB: 100 }, egressShaping: { enabled: false } };
    const after = applied(shaped, state);
    const pg = after.portGroups.web;
    expect(pg?.policy.ingressShaping).toEqual({ enabled: true, averageKbps: 1000, peakKbps: 2000, burstKB: 100 });
    expect(pg?.policy.egressShaping).toEqual({ enabled: false, averageKbps: 1000, peakKbps: 2000, burstKB: 100 });
    const exported = exportTopology(after);
    expect(exported.distributedSwitches?.dvs1?.portGroups?.web?.egressShaping).toEqual({ enabled: false });
    expect(plan(exported, after)).toEqual({ steps: [], problems: [] });
    const fresh = applied(exported, hostsRegistered("esx-02", "esx-01"));
    expect(topologyHash(fresh)).toBe(topologyHash(after));
  });

  it("given a VM on another host in the file, when planned, then it is removed and created again", () => {
    const state = applied(BASIC, hostsRegistered("esx-01", "esx-02"));
    const moved = structuredClone(BASIC);
    moved.vms!["web-01"] = { host: "esx-02", networks: ["web"] };
    expect(plan(moved, state).steps.map((s) => s.command.type)).toEqual(["RemoveVm", "CreateVm"]);
  });

  it("given a member whose first uplink has no vmnic, when applied, then only the second is backed and an export says so", () => {
    const gap: Topology = { distributedSwitches: { dvs9: { hosts: { "esx-01": [null, "vmnic2"] } } } };
    const state = applied(gap, hostsRegistered("esx-01"));
    expect(state.switches.dvs9?.members["esx-01"]?.uplinks).toEqual({ uplink2: "vmnic2" });
    expect(exportTopology(state).distributedSwitches?.dvs9?.hosts).toEqual({ "esx-01": [null, "vmnic2"] });
    expect(plan(gap, state).steps).toEqual([]);
    expect(plan(exportTopology(state), state).steps).toEqual([]);
  });

  it("given a vmknic on a distributed port group, when applied, then it takes a free dvPort, and again plans nothing", () => {
    const withVmk = structuredClone(BASIC);
    withVmk.distributedSwitches!.dvs1!.portGroups!["vmk-pg"] = { ports: 2 };
    withVmk.hosts!["esx-02"] = { vmknics: { vmk2: { portGroup: "vmk-pg", distributedSwitch: "dvs1", ip: "10.9.0.2", vmotion: true } } };
    const state = applied(withVmk, hostsRegistered("esx-01", "esx-02"));
    const vmk2 = state.hosts["esx-02"]!.vmknics.vmk2!;
    expect(vmk2).toMatchObject({ ipv4: { address: "10.9.0.2" }, services: { vmotion: true }, connection: { kind: "distributed", vds: "dvs1" } });
    expect(plan(withVmk, state).steps).toEqual([]);
    expect(exportTopology(state).hosts?.["esx-02"]?.vmknics?.vmk2).toMatchObject({ portGroup: "vmk-pg", distributedSwitch: "dvs1" });
    const fresh = applied(exportTopology(state), hostsRegistered("esx-01", "esx-02"));
    expect(topologyHash(fresh)).toBe(topologyHash(state));
  });

  it("given a host the cluster does not run, when planned, then the problem names its field", () => {
    const { problems } = plan({ hosts: { "esx-09": null }, vms: { a: { host: "esx-09", networks: ["VM Network"] } } }, hostsRegistered("esx-01"));
    expect(problems.map((p) => p.path.join("."))).toEqual(["hosts.esx-09", "vms.a.host"]);
    expect(problems[0]?.message).toMatch(/not part of the cluster \(it has esx-01\)/);
  });

  it("given a switch whose uplink count differs, when planned, then it is a problem, not a change", () => {
    const state = applied(BASIC, hostsRegistered("esx-01", "esx-02"));
    const p = plan({ distributedSwitches: { dvs1: { ...BASIC.distributedSwitches!.dvs1, uplinks: 4 } } }, state);
    expect(p.problems).toEqual([{ path: ["distributedSwitches", "dvs1", "uplinks"], message: expect.stringMatching(/has uplinks 2, the file says 4/) }]);
  });

  it("given a switch whose MTU differs, when applied, then the switch is reconfigured, and again plans nothing", () => {
    const state = applied(BASIC, hostsRegistered("esx-01", "esx-02"));
    const jumbo: Topology = { distributedSwitches: { dvs1: { ...BASIC.distributedSwitches!.dvs1, mtu: 9000 } } };
    expect(plan(jumbo, state).steps.map((s) => s.command)).toEqual([{ type: "ReconfigureDistributedSwitch", vds: "dvs1", mtu: 9000 }]);
    const after = applied(jumbo, state);
    expect(after.switches.dvs1?.mtu).toBe(9000);
    expect(plan(jumbo, after).steps).toEqual([]);
  });

  it("given a VM on a network nowhere defined, when simulated, then the refusal names the VM's field", () => {
    const state = hostsRegistered("esx-01");
    const p = plan({ vms: { a: { host: "esx-01", networks: ["nowhere"] } } }, state);
    const { problem } = simulate(p.steps, state);
    expect(problem?.path).toEqual(["vms", "a"]);
    expect(problem?.message).toMatch(/nowhere/);
  });
});
