import { describe, expect, it } from "vitest";
import { buildInventory } from "../inventory/build-inventory.js";
import { SAMPLE, foldCommands } from "../inventory/cluster.spec-support.js";
import { InventoryContext } from "../inventory/context.js";
import { REFS } from "../inventory/refs.js";
import { moRef, valueAt, type VimValue } from "../soap/values.js";
import { KEYS } from "./host-refs.js";

const ctx = new InventoryContext(foldCommands(SAMPLE), () => "connected", new Date("2026-12-03T08:00:00Z"));
const inventory = buildInventory(ctx);
const host = moRef("HostSystem", "host-10");

const items = (v: VimValue | undefined): VimValue[] => (v?.kind === "array" ? [...v.items] : []);
const text = (v: VimValue | undefined): string | undefined => (v?.kind === "primitive" || v?.kind === "enum" ? v.value : v?.kind === "mor" ? v.ref.value : undefined);
const at = (v: VimValue | undefined, path: string): VimValue | undefined => valueAt(v, path.split("."));
const texts = (v: VimValue | undefined): Array<string | undefined> => items(v).map(text);

describe("a host's objects, built from the folded log", () => {
  const props = inventory.get(host)?.props ?? {};
  const network = at(props["config"], "network");

  it("shows a fresh host's vSwitch0 as ESXi does: its key, ports, uplink, port groups newest first, policy and bond bridge", () => {
    // given esx-01 as installed (vmnic0 on vSwitch0) with VM a on dvs1
    const [vswitch, ...others] = items(at(network, "vswitch"));
    // then config.network.vswitch is vSwitch0 alone, linked to its port groups and pnic by key
    expect(others).toEqual([]);
    expect(text(at(vswitch, "key"))).toBe(KEYS.vswitch("vSwitch0"));
    expect(text(at(vswitch, "numPorts"))).toBe("128");
    // one vmk0 client, one uplink and the internal port
    expect(text(at(vswitch, "numPortsAvailable"))).toBe("125");
    expect(texts(at(vswitch, "portgroup"))).toEqual([KEYS.portgroup("VM Network"), KEYS.portgroup("Management Network")]);
    expect(texts(at(vswitch, "pnic"))).toEqual([KEYS.pnic("vmnic0")]);
    expect(at(vswitch, "spec.bridge")?.kind === "data" && at(vswitch, "spec.bridge")).toMatchObject({ type: "HostVirtualSwitchBondBridge" });
    expect(texts(at(vswitch, "spec.policy.nicTeaming.nicOrder.activeNic"))).toEqual(["vmnic0"]);
    expect(text(at(vswitch, "spec.policy.shapingPolicy.averageBandwidth"))).toBe("100000000");
  });

  it("shows vmk0 on Management Network with its address, each port group's own (empty) and computed policy", () => {
    const [vmk0] = items(at(network, "vnic"));
    expect(text(at(vmk0, "device"))).toBe("vmk0");
    expect(text(at(vmk0, "key"))).toBe(KEYS.vnic("vmk0"));
    expect(text(at(vmk0, "portgroup"))).toBe("Management Network");
    expect(text(at(vmk0, "spec.ip.ipAddress"))).toBe("192.168.0.10");
    expect(text(at(vmk0, "spec.ip.dhcp"))).toBe("false");
    const mgmt = items(at(network, "portgroup")).find((pg) => text(at(pg, "spec.name")) === "Management Network");
    expect(text(at(mgmt, "vswitch"))).toBe(KEYS.vswitch("vSwitch0"));
    expect(at(mgmt, "spec.policy.security")).toEqual({ kind: "data", type: "HostNetworkSecurityPolicy", props: {} });
    expect(text(at(mgmt, "computedPolicy.security.allowPromiscuous"))).toBe("false");
    expect(items(at(mgmt, "port")).map((p) => text(at(p, "type")))).toEqual(["host"]);
  });

  it("shows the vmnics, the proxy switch of dvs1 backed by vmnic1, the managers and datastore1", () => {
    expect(items(at(network, "pnic")).map((p) => text(at(p, "device")))).toEqual(["vmnic0", "vmnic1"]);
    const [proxy] = items(at(network, "proxySwitch"));
    expect(text(at(proxy, "dvsName"))).toBe("dvs1");
    expect(texts(at(proxy, "pnic"))).toEqual([KEYS.pnic("vmnic1")]);
    expect(items(at(proxy, "spec.backing.pnicSpec")).map((s) => text(at(s, "pnicDevice")))).toEqual(["vmnic1"]);
    expect(text(at(props["configManager"], "networkSystem"))).toBe("networkSystem-host-10");
    expect(text(at(props["configManager"], "virtualNicManager"))).toBe("virtualNicManager-host-10");
    expect(inventory.get(moRef("HostNetworkSystem", "networkSystem-host-10"))?.props["networkInfo"]).toEqual(network);
    const nicInfo = inventory.get(moRef("HostVirtualNicManager", "virtualNicManager-host-10"))?.props["info"];
    const mgmt = items(at(nicInfo, "netConfig")).find((c) => text(at(c, "nicType")) === "management");
    expect(texts(at(mgmt, "selectedVnic"))).toEqual(["management.key-vim.host.VirtualNic-vmk0"]);
    const ds = texts(props["datastore"]);
    expect(ds).toEqual(["datastore-10"]);
    const datastore = inventory.get(moRef("Datastore", "datastore-10"))?.props ?? {};
    expect(text(datastore["name"])).toBe("datastore1");
    expect(items(datastore["host"]).map((m) => text(at(m, "key")))).toEqual(["host-10"]);
    expect(texts(inventory.get(REFS.datastoreFolder)?.props["childEntity"])).toEqual(["datastore-10", "datastore-11"]);
  });
});
