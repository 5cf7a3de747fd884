import { describe, expect, it } from "vitest";
import { buildInventory } from "./build-inventory.js";
import { SAMPLE, foldCommands } from "./cluster.spec-support.js";
import { InventoryContext } from "./context.js";
import { portGroupRef } from "./refs.js";
import { valueAt, type VimValue } from "../soap/values.js";

const ctx = new InventoryContext(foldCommands([...SAMPLE, { type: "SetDistributedPortGroupPolicy", vds: "dvs1", portgroup: "web", patch: { ingressShaping: { enabled: true, averageKbps: 1000, peakKbps: 2000, burstKB: 64 } } }]), () => "connected", new Date("2026-12-03T08:00:00Z"));
const inventory = buildInventory(ctx);

const plain = (v: VimValue | undefined): unknown => {
  if (v === undefined) return undefined;
  switch (v.kind) {
    case "primitive":
    case "enum":
      return v.value;
    case "mor":
      return v.ref.value;
    case "array":
      return v.items.map(plain);
    case "data":
      return Object.fromEntries(Object.entries(v.props).filter(([, p]) => p !== undefined).map(([k, p]) => [k, plain(p)]));
    case "any":
      return plain(v.value);
  }
};

describe("a distributed switch and its port groups as vCenter shows them", () => {
  const vds = ctx.state.switches["dvs1"];
  if (!vds) throw new Error("the sample has dvs1");
  const sw = inventory.get(ctx.switchRef(vds));
  const config = sw?.props["config"];

  it("gives the switch's config: name, uuid, configVersion as a string, MTU, uplink names, each member with its pnic backing", () => {
    expect(plain(valueAt(config, ["configVersion"]))).toBe("2");
    expect(plain(valueAt(config, ["maxMtu"]))).toBe("1500");
    expect(plain(valueAt(config, ["uplinkPortPolicy", "uplinkPortName"]))).toEqual(["uplink1", "uplink2"]);
    const hosts = plain(valueAt(config, ["host"])) as Array<{ config: { host: string; backing: { pnicSpec: Array<{ pnicDevice: string; uplinkPortgroupKey: string }> } } }>;
    expect(hosts.map((h) => [h.config.host, h.config.backing.pnicSpec.map((p) => [p.pnicDevice, p.uplinkPortgroupKey])])).toEqual([
      ["host-10", [["vmnic1", vds.uplinkPortGroup.key]]],
      ["host-11", [["vmnic1", vds.uplinkPortGroup.key]]],
    ]);
    expect(plain(sw?.props["uuid"])).toBe(ctx.switchUuid(vds));
  });

  it("gives a port group's config with its setting in the API's units, ingress and egress apart", () => {
    const web = ctx.state.portGroups["web"];
    if (!web) throw new Error("the sample has web");
    const pg = inventory.get(portGroupRef(web.key));
    const setting = valueAt(pg?.props["config"], ["defaultPortConfig"]);
    expect(plain(valueAt(setting, ["vlan", "vlanId"]))).toBe("10");
    expect(plain(valueAt(setting, ["inShapingPolicy"]))).toEqual({
      inherited: "false",
      enabled: { inherited: "false", value: "true" },
      averageBandwidth: { inherited: "false", value: "1000000" },
      peakBandwidth: { inherited: "false", value: "2000000" },
      burstSize: { inherited: "false", value: "65536" },
    });
    expect(plain(valueAt(setting, ["outShapingPolicy", "enabled", "value"]))).toBe("false");
    expect(plain(valueAt(pg?.props["config"], ["configVersion"]))).toBe("1");
    expect(plain(valueAt(pg?.props["config"], ["type"]))).toBe("earlyBinding");
    expect((plain(pg?.props["portKeys"]) as string[]).length).toBe(web.portKeys.length);
  });
});
