import { describe, expect, it } from "vitest";
import { fold } from "./evolve.js";
import { initialState } from "./state.js";
import { summarizePortGroups, summarizeSwitches, summarizeVms } from "./summary.js";
import { hostAdded, hostJoined, portGroupAdded, switchCreated, vmCreated } from "./testing/given.js";

const state = fold(
  [
    hostAdded("esx-02"),
    hostAdded("esx-01"),
    switchCreated("dvs-prod"),
    switchCreated("dvs-lab", { uplinks: 1 }),
    hostJoined("dvs-prod", "esx-02"),
    hostJoined("dvs-prod", "esx-01"),
    portGroupAdded("dvs-prod", "pg-web", { key: 1, ports: 4, vlan: { kind: "vlan", id: 10 } }),
    portGroupAdded("dvs-prod", "pg-db", { key: 2, firstPort: 4, ports: 2, vlan: { kind: "trunk", ranges: [[100, 200]] } }),
    portGroupAdded("dvs-lab", "pg-test", { key: 3, ports: 1, uplinks: 1 }),
    vmCreated("web-02", "esx-02", [{ vds: "dvs-prod", portgroup: "pg-web", portKey: "1", mac: 1 }]),
    vmCreated("web-01", "esx-01", [{ vds: "dvs-prod", portgroup: "pg-web", portKey: "0", mac: 0 }]),
  ],
  initialState(),
);

describe("summaries", () => {
  it("lists switches by name with ports used, members and port groups", () => {
    expect(summarizeSwitches(state)).toEqual([
      { name: "dvs-lab", uplinks: ["uplink1"], mtu: 1500, maxPorts: 8192, portsUsed: 1, hosts: [], portGroups: ["pg-test"] },
      {
        name: "dvs-prod",
        uplinks: ["uplink1", "uplink2"],
        mtu: 1500,
        maxPorts: 8192,
        portsUsed: 6,
        hosts: [
          { host: "esx-01", uplinks: { uplink1: "vmnic1", uplink2: "vmnic2" } },
          { host: "esx-02", uplinks: { uplink1: "vmnic1", uplink2: "vmnic2" } },
        ],
        portGroups: ["pg-db", "pg-web"],
      },
    ]);
  });

  it("lists port groups by name with their VLAN as the CLI prints it and ports in use", () => {
    expect(summarizePortGroups(state).map((pg) => [pg.name, pg.key, pg.vds, pg.vlan, pg.ports, pg.portsInUse])).toEqual([
      ["pg-db", "dvportgroup-2", "dvs-prod", "100-200", 2, 0],
      ["pg-test", "dvportgroup-3", "dvs-lab", "0", 1, 0],
      ["pg-web", "dvportgroup-1", "dvs-prod", "10", 4, 2],
    ]);
    expect(summarizePortGroups(state, "dvs-lab").map((pg) => pg.name)).toEqual(["pg-test"]);
  });

  it("lists VMs by name with their vNICs", () => {
    expect(summarizeVms(state)).toEqual([
      { name: "web-01", host: "esx-01", nics: [{ index: 0, mac: "00:50:56:80:00:00", vds: "dvs-prod", portgroup: "pg-web", portKey: "0" }] },
      { name: "web-02", host: "esx-02", nics: [{ index: 0, mac: "00:50:56:80:00:01", vds: "dvs-prod", portgroup: "pg-web", portKey: "1" }] },
    ]);
  });
});
