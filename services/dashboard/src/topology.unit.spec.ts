import { describe, expect, it } from "vitest";
import { threeHostLog } from "./log.spec-support.js";
import { buildTopology } from "./topology.js";

describe("buildTopology", () => {
  it("lays out each host's standard switches, proxy switches, port groups, vmknics and VMs", () => {
    const log = threeHostLog();
    const topo = buildTopology(log.state, log.seq);
    expect(topo.seq).toBe(log.seq);
    expect(topo.hosts.map((h) => [h.name, h.vms])).toEqual([
      ["esx-01", ["web-01"]],
      ["esx-02", ["web-02"]],
      ["esx-03", []],
    ]);
    const esx2 = topo.hosts[1]!;
    expect(esx2.switches.map((s) => [s.kind, s.name, s.uplinks])).toEqual([
      ["standard", "vSwitch0", ["vmnic0"]],
      ["proxy", "dvs1", ["uplink1=vmnic1"]],
    ]);
    const vss = esx2.switches[0]!;
    expect(vss.portGroups.map((pg) => [pg.name, pg.endpoints.map((e) => `${e.kind}:${e.name}#${e.nic}`)])).toEqual([
      ["Management Network", ["vmknic:vmk0#0"]],
      ["VM Network", ["vm:web-02#1"]],
    ]);
    const web = esx2.switches[1]!.portGroups.find((pg) => pg.name === "web");
    expect(web).toMatchObject({ vlan: "10", blocked: false, endpoints: [{ kind: "vm", name: "web-02", nic: 0 }] });
    expect(topo.hosts[2]!.switches[1]!.portGroups[0]!.endpoints).toEqual([]);
    expect(topo.switches.map((s) => s.name)).toEqual(["dvs1"]);
    expect(topo.portGroups.map((p) => [p.name, p.vlan])).toEqual([["web", "10"]]);
  });

  it("shows a policy change on every member's proxy switch", () => {
    const log = threeHostLog();
    log.run({ type: "SetDistributedPortGroupPolicy", vds: "dvs1", portgroup: "web", patch: { vlan: { kind: "vlan", id: 20 }, blocked: true } });
    const topo = buildTopology(log.state, log.seq);
    for (const h of topo.hosts) expect(h.switches[1]!.portGroups[0]).toMatchObject({ name: "web", vlan: "20", blocked: true });
  });
});
