// Test support only: one host's networking, built through the deciders as the agents would.
import { decide, decideHost, evolve, initialState, type ClusterState, type HostCommand, type ManagementCommand } from "@vdsim/model";

export function fixtureState(): ClusterState {
  const state = initialState();
  const ctx = { isHostResponding: () => true };
  const mgmt = (command: ManagementCommand): void => {
    for (const e of decide(command, state, ctx)) evolve(state, e);
  };
  const host = (command: HostCommand): void => {
    for (const e of decideHost(command, state, "esx-01")) evolve(state, e);
  };
  mgmt({ type: "RegisterHost", host: "esx-01", pnics: ["vmnic0", "vmnic1", "vmnic2", "vmnic3"] });
  mgmt({ type: "RegisterHost", host: "esx-02", pnics: ["vmnic0", "vmnic1"] });
  mgmt({ type: "CreateDistributedSwitch", vds: "dvs-prod", mtu: 9000, maxPorts: 256 });
  mgmt({ type: "AddHostToDistributedSwitch", vds: "dvs-prod", host: "esx-01", pnics: ["vmnic3"] });
  mgmt({ type: "AddDistributedPortGroup", vds: "dvs-prod", portgroup: "pg-web", ports: 4 });
  host({ type: "AddStandardSwitch", vswitch: "vSwitch1", numPorts: 64 });
  host({ type: "AddStandardSwitchUplink", vswitch: "vSwitch1", uplink: "vmnic1" });
  host({ type: "AddStandardSwitchUplink", vswitch: "vSwitch1", uplink: "vmnic2" });
  host({ type: "SetStandardSwitchPolicy", vswitch: "vSwitch1", patch: { averageKbps: 1000, peakKbps: 2000, burstKB: 100 } });
  host({ type: "AddStandardPortGroup", vswitch: "vSwitch1", portgroup: "PG1", vlan: 10 });
  host({ type: "SetStandardPortGroupPolicy", portgroup: "PG1", patch: { activeUplinks: ["vmnic2"], standbyUplinks: ["vmnic1"], allowPromiscuous: true } });
  host({ type: "AddVmkNic", target: { portgroup: "PG1" }, ipv4: { address: "10.0.0.5", netmask: "255.255.255.0" }, mtu: 9000 });
  host({ type: "SetVmkNicServices", vmknic: { name: "vmk1" }, vmotion: true });
  host({ type: "AddVmkNic", target: { vds: "dvs-prod", portKey: "2" } });
  mgmt({ type: "CreateVm", vm: "web-01", host: "esx-01", networks: ["pg-web", "PG1"] });
  mgmt({ type: "CreateVm", vm: "db-01", host: "esx-01", networks: ["VM Network"] });
  mgmt({ type: "CreateVm", vm: "web-02", host: "esx-02", networks: ["VM Network"] });
  return state;
}
