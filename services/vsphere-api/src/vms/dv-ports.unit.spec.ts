import { describe, expect, it } from "vitest";
import { InventoryContext } from "../inventory/context.js";
import { SAMPLE, foldCommands } from "../inventory/cluster.spec-support.js";
import { parseXml } from "../soap/xml-tree.js";
import { valueAt, type VimValue } from "../soap/values.js";
import { decodeCriteria, portRows, portValue, selectPorts } from "./dv-ports.js";

const ctx = new InventoryContext(foldCommands(SAMPLE), (h) => (h === "esx-02" ? "notResponding" : "connected"), new Date("2026-12-03T08:00:00Z"));
const vds = ctx.state.switches["dvs1"]!;
const web = ctx.state.portGroups["web"]!;
const appPort = ctx.state.vms["a"]!.nics[0]!.portKey!;
const XSI = 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"';
const criteria = (body: string) => decodeCriteria(parseXml(`<criteria ${XSI} xsi:type="DistributedVirtualSwitchPortCriteria">${body}</criteria>`));
const text = (v: VimValue | undefined): string | undefined => (v?.kind === "primitive" || v?.kind === "enum" ? v.value : v?.kind === "mor" ? v.ref.value : undefined);

describe("FetchDVPorts: a switch's dvPorts by criteria", () => {
  it("given no criteria, then every port of the port groups and every member's uplink ports", () => {
    const rows = selectPorts(ctx, portRows(ctx, vds), decodeCriteria(undefined));
    expect(rows.filter((r) => !r.uplink).map((r) => r.key)).toEqual(web.portKeys);
    expect(rows.filter((r) => r.uplink)).toHaveLength(Object.values(vds.members).reduce((n, m) => n + Object.keys(m.uplinkPorts).length, 0));
  });

  it("given portKey, portgroupKey with inside, connected, active and uplinkPort, then each filters as vCenter's", () => {
    const rows = portRows(ctx, vds);
    expect(selectPorts(ctx, rows, criteria(`<portKey>${appPort}</portKey>`)).map((r) => r.key)).toEqual([appPort]);
    expect(selectPorts(ctx, rows, criteria(`<portgroupKey>${web.key}</portgroupKey>`))).toHaveLength(web.portKeys.length);
    expect(selectPorts(ctx, rows, criteria(`<portgroupKey>${web.key}</portgroupKey><inside>false</inside>`)).every((r) => r.uplink)).toBe(true);
    expect(selectPorts(ctx, rows, criteria("<connected>true</connected><uplinkPort>false</uplinkPort>")).map((r) => r.key)).toEqual([appPort]);
    // esx-02 is not responding: its uplink ports are connected but not active
    const active = selectPorts(ctx, rows, criteria("<active>true</active>"));
    expect(active.every((r) => r.host === "esx-01")).toBe(true);
  });

  it("given the VM's port and its host's counters, then the port shows its VM, host, VLAN and counters", () => {
    const [row] = selectPorts(ctx, portRows(ctx, vds), criteria(`<portKey>${appPort}</portKey>`));
    const v = portValue(ctx, vds, row!, { packetsIn: 5, bytesIn: 500, packetsOut: 7, bytesOut: 700, dropped: 2 });
    expect(text(valueAt(v, ["proxyHost"]))).toBe(ctx.hostRef("esx-01")?.value);
    expect(text(valueAt(v, ["portgroupKey"]))).toBe(web.key);
    expect(text(valueAt(v, ["dvsUuid"]))).toBe(ctx.switchUuid(vds));
    expect(text(valueAt(v, ["connectee", "connectedEntity"]))).toBe(ctx.vmRef("a").value);
    expect(text(valueAt(v, ["connectee", "nicKey"]))).toBe("4000");
    expect(text(valueAt(v, ["connectee", "type"]))).toBe("vmVnic");
    expect(text(valueAt(v, ["config", "setting", "vlan", "vlanId"]))).toBe("10");
    expect(text(valueAt(v, ["state", "runtimeInfo", "linkUp"]))).toBe("true");
    expect(text(valueAt(v, ["state", "runtimeInfo", "macAddress"]))).toBe(ctx.state.vms["a"]!.nics[0]!.mac);
    expect(["packetsInUnicast", "bytesInUnicast", "packetsOutUnicast", "bytesOutUnicast", "packetsInDropped"].map((k) => text(valueAt(v, ["state", "stats", k])))).toEqual(["5", "500", "7", "700", "2"]);
  });

  it("given a port with nothing on it, then no proxy host, no connectee, its link down and counters at zero", () => {
    const free = portRows(ctx, vds).find((r) => !r.uplink && r.key !== appPort)!;
    const v = portValue(ctx, vds, free, undefined);
    expect(valueAt(v, ["proxyHost"])).toBeUndefined();
    expect(valueAt(v, ["connectee"])).toBeUndefined();
    expect(text(valueAt(v, ["state", "runtimeInfo", "linkUp"]))).toBe("false");
    expect(text(valueAt(v, ["state", "stats", "packetsOutUnicast"]))).toBe("0");
  });
});
