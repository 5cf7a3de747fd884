import { describe, expect, it } from "vitest";
import { InventoryContext } from "../inventory/context.js";
import { SAMPLE, foldCommands } from "../inventory/cluster.spec-support.js";
import { isVimFault } from "../soap/faults.js";
import { parseXml } from "../soap/xml-tree.js";
import { createVmCommand, decodeCreateVmSpec, firstMisfit, hostFits } from "./create-spec.js";

const ctx = new InventoryContext(foldCommands(SAMPLE), () => "connected", new Date("2026-12-03T08:00:00Z"));
const uuid = ctx.switchUuid(ctx.state.switches["dvs1"]!);
const webKey = ctx.state.portGroups["web"]!.key;

const XSI = 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"';
const dvsNic = (type = "VirtualVmxnet3", switchUuid = uuid, key = webKey, extra = "") =>
  `<deviceChange><operation>add</operation><device xsi:type="${type}"><key>-1</key><backing xsi:type="VirtualEthernetCardDistributedVirtualPortBackingInfo"><port><switchUuid>${switchUuid}</switchUuid><portgroupKey>${key}</portgroupKey></port></backing>${extra}</device></deviceChange>`;
const stdNic = (name: string) =>
  `<deviceChange><operation>add</operation><device xsi:type="VirtualE1000"><key>-2</key><backing xsi:type="VirtualEthernetCardNetworkBackingInfo"><deviceName>${name}</deviceName></backing><connectable><startConnected>false</startConnected><allowGuestControl>true</allowGuestControl><connected>false</connected></connectable></device></deviceChange>`;
const config = (body: string) => parseXml(`<config ${XSI} xsi:type="VirtualMachineConfigSpec">${body}</config>`);

function faultOf(f: () => unknown): { type: string; property: string | undefined } {
  try {
    f();
  } catch (err) {
    if (!isVimFault(err)) throw err;
    const p = err.props["invalidProperty"];
    return { type: err.faultType, property: p?.kind === "primitive" ? p.value : undefined };
  }
  throw new Error("no fault");
}

describe("decoding CreateVM_Task's VirtualMachineConfigSpec", () => {
  it("given a vmxnet3 on a dvPort backing and an e1000 on a standard network, when decoded, then it is vdsim's CreateVm with one network per vNIC", () => {
    const req = decodeCreateVmSpec(ctx, config(`<name>web-1</name><numCPUs>2</numCPUs><memoryMB>2048</memoryMB>${dvsNic()}${stdNic("VM Network")}`));
    expect(req).toMatchObject({ name: "web-1", memoryMB: 2048, numCPUs: 2 });
    expect(req.nics.map((n) => [n.type, n.network, n.vds, n.startConnected])).toEqual([
      ["VirtualVmxnet3", "web", "dvs1", true],
      ["VirtualE1000", "VM Network", undefined, false],
    ]);
    expect(createVmCommand(req, "esx-01")).toEqual({ type: "CreateVm", vm: "web-1", host: "esx-01", networks: ["web", "VM Network"], memoryMB: 2048 });
  });

  it("given a bad backing, when decoded, then InvalidArgument names the property that is wrong", () => {
    expect(faultOf(() => decodeCreateVmSpec(ctx, config(`<name>x</name>${dvsNic("VirtualVmxnet3", "00 01-02")}`)))).toEqual({ type: "InvalidArgument", property: "config.deviceChange[0].device.backing.port.switchUuid" });
    expect(faultOf(() => decodeCreateVmSpec(ctx, config(`<name>x</name>${dvsNic("VirtualVmxnet3", uuid, "dvportgroup-99")}`)))).toEqual({ type: "InvalidArgument", property: "config.deviceChange[0].device.backing.port.portgroupKey" });
    expect(faultOf(() => decodeCreateVmSpec(ctx, config(`<name>x</name>${dvsNic()}${stdNic("nowhere")}`)))).toEqual({ type: "InvalidArgument", property: "config.deviceChange[1].device.backing.deviceName" });
  });

  it("given what vdsim cannot hold (no name, no vNIC, a disk, a manual MAC, a bad memory size), when decoded, then InvalidArgument names it", () => {
    expect(faultOf(() => decodeCreateVmSpec(ctx, config(dvsNic())))).toEqual({ type: "InvalidArgument", property: "config.name" });
    expect(faultOf(() => decodeCreateVmSpec(ctx, config("<name>x</name>")))).toEqual({ type: "InvalidArgument", property: "config.deviceChange" });
    expect(faultOf(() => decodeCreateVmSpec(ctx, config(`<name>x</name>${dvsNic("VirtualDisk")}`)))).toEqual({ type: "InvalidArgument", property: "config.deviceChange[0].device" });
    expect(faultOf(() => decodeCreateVmSpec(ctx, config(`<name>x</name>${dvsNic("VirtualVmxnet3", uuid, webKey, "<addressType>manual</addressType>")}`)))).toEqual({
      type: "InvalidArgument",
      property: "config.deviceChange[0].device.addressType",
    });
    expect(faultOf(() => decodeCreateVmSpec(ctx, config(`<name>x</name><memoryMB>-1</memoryMB>${dvsNic()}`)))).toEqual({ type: "InvalidArgument", property: "config.memoryMB" });
  });

  it("given the hosts, when placing, then a host fits when it is in every vNIC's switch and has every standard port group", () => {
    const req = decodeCreateVmSpec(ctx, config(`<name>x</name>${dvsNic()}`));
    const esx1 = ctx.state.hosts["esx-01"]!;
    expect(hostFits(ctx.state, esx1, req.nics)).toBe(true);
    const outsider = { ...esx1, name: "esx-09" };
    expect(firstMisfit(ctx.state, outsider, req.nics)?.path).toBe("config.deviceChange[0].device");
  });
});
