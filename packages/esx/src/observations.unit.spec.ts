import { arpRequest, HostDataPlane, IpEndpoint } from "@vdsim/dataplane";
import { decide, evolve, hostRealizedConfig, initialState, type ManagementCommand } from "@vdsim/model";
import { describe, expect, it } from "vitest";
import { observeEndpoints } from "./observations.js";
import { hostTopology } from "./topology.js";

function freshHostWithVm() {
  const state = initialState();
  const run = (c: ManagementCommand): void => {
    for (const e of decide(c, state, { isHostResponding: () => true })) evolve(state, e);
  };
  run({ type: "RegisterHost", host: "esx-01", pnics: ["vmnic0", "vmnic1"] });
  run({ type: "CreateVm", vm: "web-01", host: "esx-01", networks: ["VM Network"] });
  const topology = hostTopology(hostRealizedConfig(state, "esx-01"));
  const dataPlane = new HostDataPlane();
  dataPlane.configure(topology.dataPlane);
  const endpoints = topology.endpoints.map((spec) => ({ spec, stack: new IpEndpoint({ mac: spec.mac, ip: spec.ip, netmask: spec.netmask }) }));
  return { dataPlane, endpoints };
}

describe("what a host observes for its command surface", () => {
  it("lists each vmknic's ARP entries with the seconds left of ESXi's 1200, and each vNIC's address and team uplink", () => {
    const { dataPlane, endpoints } = freshHostWithVm();
    const vmk0 = endpoints.find((e) => e.spec.owner === "vmk0");
    vmk0?.stack.handle(arpRequest("00:50:56:50:01:00", "192.168.0.11", "192.168.0.10"), 1_000);
    const seen = observeEndpoints(endpoints, dataPlane, 61_500);
    expect(seen.neighbors).toEqual([{ ip: "192.168.0.11", mac: "00:50:56:50:01:00", vmknic: "vmk0", expirySeconds: 1140 }]);
    const web = endpoints.find((e) => e.spec.owner === "web-01");
    expect(seen.vnicPorts).toEqual([{ vm: "web-01", nic: 0, ip: web?.spec.ip, teamUplink: "vmnic0" }]);
    expect(observeEndpoints(endpoints, dataPlane, 5_000_000).neighbors[0]?.expirySeconds).toBe(0);
  });
});
