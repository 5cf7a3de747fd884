import { describe, expect, it } from "vitest";
import { InventoryContext } from "./context.js";
import { SAMPLE, foldCommands } from "./cluster.spec-support.js";
import { valueAt, type VimValue } from "../soap/values.js";
import { vmObject } from "./vm-objects.js";
import { forgetVm, rememberVm } from "../vms/vm-presentation.js";

const text = (v: VimValue | undefined): string | undefined => (v?.kind === "primitive" || v?.kind === "enum" ? v.value : v?.kind === "mor" ? v.ref.value : undefined);
const devices = (v: VimValue | undefined): VimValue[] => (v?.kind === "array" ? [...v.items] : []);

describe("a VM's object as vCenter shows it", () => {
  it("given a VM made by the CLI, then one VirtualVmxnet3 per vNIC from key 4000 with its MAC and dvPort backing, powered on", () => {
    const ctx = new InventoryContext(foldCommands(SAMPLE), () => "connected", new Date("2026-12-03T08:00:00Z"));
    const vm = ctx.state.vms["a"]!;
    const o = vmObject(ctx, vm);
    const [nic] = devices(valueAt(o.props["config"], ["hardware", "device"]));
    expect(nic?.kind === "data" ? nic.type : undefined).toBe("VirtualVmxnet3");
    expect(text(valueAt(nic, ["key"]))).toBe("4000");
    expect(text(valueAt(nic, ["deviceInfo", "label"]))).toBe("Network adapter 1");
    expect(text(valueAt(nic, ["macAddress"]))).toBe(vm.nics[0]?.mac);
    expect(text(valueAt(nic, ["backing", "port", "portKey"]))).toBe(vm.nics[0]?.portKey);
    expect(text(valueAt(o.props["runtime"], ["powerState"]))).toBe("poweredOn");
    expect(text(valueAt(o.props["runtime"], ["host"]))).toBe(ctx.hostRef("esx-01")?.value);
  });

  it("given a VM created through the API as an E1000 with 2 CPUs, then it reads back so, until a VM of that name is another one", () => {
    const ctx = new InventoryContext(foldCommands(SAMPLE), () => "connected", new Date("2026-12-03T08:00:00Z"));
    const vm = ctx.state.vms["b"]!;
    rememberVm(ctx, "b", { macs: vm.nics.map((n) => n.mac), nics: [{ type: "VirtualE1000", startConnected: false, allowGuestControl: true, wakeOnLanEnabled: false }], numCPUs: 2, guestId: "debian10_64Guest" });
    const o = vmObject(ctx, vm);
    const [nic] = devices(valueAt(o.props["config"], ["hardware", "device"]));
    expect(nic?.kind === "data" ? nic.type : undefined).toBe("VirtualE1000");
    expect(text(valueAt(nic, ["connectable", "startConnected"]))).toBe("false");
    expect(text(valueAt(nic, ["backing", "deviceName"]))).toBe("VM Network");
    expect(text(valueAt(o.props["config"], ["hardware", "numCPU"]))).toBe("2");
    expect(text(valueAt(o.props["config"], ["guestId"]))).toBe("debian10_64Guest");
    // the same name with other MACs (made again by the CLI) is shown with vCenter's defaults
    const again = { ...vm, nics: vm.nics.map((n) => ({ ...n, mac: "00:50:56:00:00:ff" })) };
    expect(text(valueAt(vmObject(ctx, again).props["config"], ["hardware", "numCPU"]))).toBe("1");
    forgetVm(ctx, "b");
    expect(text(valueAt(vmObject(ctx, vm).props["config"], ["hardware", "numCPU"]))).toBe("1");
  });
});
