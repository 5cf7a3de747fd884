import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { VdsimClient } from "@vdsim/client";
import { startCluster, type ClusterHandle } from "@vdsim/cluster";
import { waitFor } from "@vdsim/runtime";
import { hasPyVmomi, runPyVmomi, startVsphereApi, type VsphereApi } from "./support/vsphere.js";

/** esxcli's default "blocks" output: one block per object, "   Field: value" lines under its name. */
function blocks(stdout: string): Array<Record<string, string>> {
  return stdout
    .split(/\n(?=\S)/)
    .filter((b) => b.trim() !== "")
    .map((b) => Object.fromEntries(b.split("\n").slice(1).flatMap((l) => {
      const m = /^\s+([^:]+): ?(.*)$/.exec(l);
      return m ? [[m[1]!, m[2]!]] : [];
    })));
}

/** esxcli --formatter=csv: a header row, then one row per object. */
function csv(stdout: string): Array<Record<string, string>> {
  const [head, ...rows] = stdout.trim().split("\n");
  const names = (head ?? "").split(",");
  return rows.map((r) => Object.fromEntries(r.split(",").map((v, i) => [names[i] ?? "", v])));
}

interface Read {
  vswitches: Array<{ name: string; key: string; numPorts: number; numPortsAvailable: number; mtu: number; uplinks: string[]; portgroups: string[]; bridge: string[] | null; activeNic: string[] }>;
  portgroups: Array<{ name: string; key: string; vlanId: number; vswitchName: string; vswitch: string; ports: string[] }>;
  vnics: Array<{ device: string; key: string; portgroup: string; mac: string; mtu: number; ip: { dhcp: boolean; address: string | null; netmask: string | null }; dvPort: unknown }>;
  pnics: Array<{ device: string; key: string; mac: string }>;
  proxySwitches: Array<{ dvsName: string; backing: string[]; pnics: string[] }>;
  networkSystem: string;
  virtualNicManager: string;
  sameNetworkInfo: boolean;
  vmotionSelected: string[];
  managementSelected: string[];
  infoNicTypes: string[];
  vmotionEnabled: boolean;
  datastores: Array<{ name: string; id: string; type: string; hosts: string[]; inFolder: boolean }>;
  hostId: string;
  everyProperty: number;
  hardware: { cpus: number; nics: number; memory: number; packages: number };
}

/** HostSystem's config.network, HostNetworkSystem and HostVirtualNicManager through pyVmomi, against a 2-host cluster and its esxcli. */
describe("the vSphere API's hosts: config.network, HostNetworkSystem, HostVirtualNicManager", () => {
  let cluster: ClusterHandle;
  let client: VdsimClient;
  let api: VsphereApi;
  const wait = { waitMs: 10_000 };
  const lastSeq = async (): Promise<number> => (await client.eventStore()).lastSeq();
  const esxcli = async (host: string, ...argv: string[]): Promise<string> => {
    const reply = await client.hostCli(host, "esxcli", argv);
    expect(reply.exitCode).toBe(0);
    return reply.stdout;
  };

  beforeAll(async () => {
    cluster = await startCluster({ hosts: 2 });
    client = cluster.client;
    await client.createSwitch("dvs1");
    await client.addHostToSwitch("dvs1", "esx-01", ["vmnic1"], wait);
    await client.addPortGroup("dvs1", "storage-dv", { vlan: { kind: "vlan", id: 40 } }, wait);
    await client.createVm("a", "esx-01", ["VM Network"], wait);
    api = await startVsphereApi(cluster);
  });

  afterAll(async () => {
    await api?.stop();
    await cluster?.down();
  });

  it.skipIf(!hasPyVmomi)("shows a host's config.network as esxcli on that host lists it, its managers and its datastore1", async () => {
    const read = await runPyVmomi<Read>("hosts_read.py", api, ["esx-01"]);
    const switches = blocks(await esxcli("esx-01", "network", "vswitch", "standard", "list"));
    expect(read.vswitches.map((s) => [s.name, String(s.numPorts), String(s.numPorts - s.numPortsAvailable), String(s.mtu), s.uplinks.join(", "), s.portgroups.join(", ")])).toEqual(
      switches.map((s) => [s["Name"], s["Num Ports"], s["Used Ports"], s["MTU"], s["Uplinks"], s["Portgroups"]]),
    );
    expect(read.vswitches[0]).toMatchObject({ name: "vSwitch0", key: "key-vim.host.VirtualSwitch-vSwitch0", bridge: ["vmnic0"], activeNic: ["vmnic0"] });
    const pgs = csv(await esxcli("esx-01", "--formatter=csv", "network", "vswitch", "standard", "portgroup", "list"));
    expect(read.portgroups.map((p) => [p.name, String(p.vlanId), p.vswitchName]).sort()).toEqual(pgs.map((p) => [p["Name"], p["VLANID"], p["VirtualSwitch"]]).sort());
    expect(read.portgroups.find((p) => p.name === "Management Network")).toMatchObject({ key: "key-vim.host.PortGroup-Management Network", vswitch: "key-vim.host.VirtualSwitch-vSwitch0", ports: ["host"] });
    expect(read.portgroups.find((p) => p.name === "VM Network")?.ports).toEqual(["virtualMachine"]);
    const vmks = blocks(await esxcli("esx-01", "network", "ip", "interface", "list"));
    const ipv4 = csv(await esxcli("esx-01", "--formatter=csv", "network", "ip", "interface", "ipv4", "get"));
    expect(read.vnics.map((v) => [v.device, v.portgroup, v.mac, String(v.mtu), v.ip.address, v.ip.netmask])).toEqual(
      vmks.map((v) => {
        const ip = ipv4.find((r) => r["Name"] === v["Name"]);
        return [v["Name"], v["Portgroup"], v["MAC Address"], v["MTU"], ip?.["IPv4Address"] ?? null, ip?.["IPv4Netmask"] ?? null];
      }),
    );
    expect(read.vnics[0]).toMatchObject({ device: "vmk0", key: "key-vim.host.VirtualNic-vmk0", dvPort: null, ip: { dhcp: false } });
    expect(read.pnics.map((p) => p.device)).toEqual(["vmnic0", "vmnic1", "vmnic2", "vmnic3"]);
    expect(read.pnics[0]?.key).toBe("key-vim.host.PhysicalNic-vmnic0");
    expect(read.proxySwitches).toEqual([expect.objectContaining({ dvsName: "dvs1", backing: ["vmnic1"], pnics: ["vmnic1"] })]);
    expect(read.networkSystem).toBe(`networkSystem-${read.hostId}`);
    expect(read.virtualNicManager).toBe(`virtualNicManager-${read.hostId}`);
    expect(read.sameNetworkInfo).toBe(true);
    expect(read.managementSelected).toEqual(["management.key-vim.host.VirtualNic-vmk0"]);
    expect(read.vmotionSelected).toEqual([]);
    expect(read.infoNicTypes).toContain("vmotion");
    // the host, its two managers and its datastore, every property of each through the strict deserializer
    expect(read.everyProperty).toBe(4);
    expect(read.hardware).toEqual({ cpus: 8, nics: 4, memory: 32 * 1024 ** 3, packages: 2 });
    expect(read.datastores).toEqual([{ name: "datastore1", id: expect.stringMatching(/^datastore-\d+$/), type: "VMFS", hosts: [read.hostId], inFolder: true }]);
  });

  it.skipIf(!hasPyVmomi)("adds a vSwitch, port groups and a vMotion vmknic; esxcli sees them, and vMotion's precheck passes", async () => {
    // before: the precheck refuses, neither host has a vMotion vmknic
    const m0 = await client.migrate("a", "esx-02");
    const before = (await client.waitForMigration(m0.migration, m0.seq)).outcome?.rollbackReason;
    expect(before).toMatchObject({ kind: "precheckFailed", reasons: expect.arrayContaining([expect.stringMatching(/no vMotion-enabled VMkernel interface/)]) });
    for (const [host, ip] of [["esx-01", "192.168.50.1"], ["esx-02", "192.168.50.2"]] as const) {
      const out = await runPyVmomi<Record<string, unknown>>("hosts_change.py", api, [host, ip]);
      expect(out).toEqual({
        device: "vmk1",
        vswitch: { numPorts: 64, mtu: 9000, bridge: ["vmnic2"], activeNic: ["vmnic2"] },
        storage: { vlanId: 30, vswitchName: "vSwitch1", ownPromiscuous: true, computedPromiscuous: true },
        vnic: { portgroup: "vMotion", address: ip, netmask: "255.255.255.0", mtu: 1500 },
        selected: ["vmotion.key-vim.host.VirtualNic-vmk1"],
        vmotionEnabled: true,
        configVmotion: ["key-vim.host.VirtualNic-vmk1", ip],
      });
    }
    const list = blocks(await esxcli("esx-01", "network", "vswitch", "standard", "list", "-v", "vSwitch1"));
    expect(list[0]).toMatchObject({ Name: "vSwitch1", MTU: "9000", Uplinks: "vmnic2", Portgroups: "Storage" });
    const tags = await esxcli("esx-01", "network", "ip", "interface", "tag", "get", "-i", "vmk1");
    expect(tags).toContain("VMotion");
    const m = await client.migrate("a", "esx-02");
    expect((await client.waitForMigration(m.migration, m.seq)).result).toBe("completed");
  });

  it.skipIf(!hasPyVmomi)("adds a vmknic on a free dvPort of a distributed port group; esxcli shows it on that dvPort", async () => {
    const out = await runPyVmomi<{ device: string; portgroup: string; switchUuid: boolean; portgroupKey: boolean; portKey: string; address: string }>("hosts_dvport.py", api, [
      "esx-01",
      "storage-dv",
      "192.168.60.1",
    ]);
    expect(out).toMatchObject({ device: "vmk2", portgroup: "", switchUuid: true, portgroupKey: true, address: "192.168.60.1" });
    const vmk2 = blocks(await esxcli("esx-01", "network", "ip", "interface", "list")).find((v) => v["Name"] === "vmk2");
    expect(vmk2).toMatchObject({ "VDS Name": "dvs1", "VDS Port": out.portKey });
  });

  it.skipIf(!hasPyVmomi)("setting every switch, port group and vmknic to what it reads back changes nothing", async () => {
    const seq = await lastSeq();
    const out = await runPyVmomi<{ calls: number; same: boolean }>("hosts_replay.py", api, ["esx-01"]);
    expect(out.calls).toBeGreaterThanOrEqual(8);
    expect(out.same).toBe(true);
    expect(await lastSeq()).toBe(seq);
  });

  it.skipIf(!hasPyVmomi)("refuses bad calls with the fault by type, naming the property, with nothing recorded in the log", async () => {
    const seq = await lastSeq();
    const out = await runPyVmomi<Record<string, unknown>>("hosts_faults.py", api, ["esx-01"]);
    expect(out).toEqual({
      switchExists: "AlreadyExists",
      portgroupExists: "AlreadyExists",
      noSuchSwitch: "NotFound",
      noSuchSwitchForPortgroup: "NotFound",
      noSuchPortgroup: "NotFound",
      noSuchDevice: "NotFound",
      noSuchDeviceSelect: "NotFound",
      switchInUse: "ResourceInUse",
      portgroupInUse: "ResourceInUse",
      mtu: "InvalidArgument",
      mtuProperty: "spec.mtu",
      vlan: "InvalidArgument",
      vlanProperty: "portgrp.vlanId",
      badIpProperty: "nic.ip",
      nicTypeProperty: "nicType",
    });
    expect(await lastSeq()).toBe(seq);
  });

  it.skipIf(!hasPyVmomi)("a change made with the vdsim client reads back through pyVmomi", async () => {
    await client.hostCommand("esx-02", { type: "AddStandardPortGroup", vswitch: "vSwitch0", portgroup: "FromClient", vlan: 42 });
    const read = await waitFor(
      "the port group in config.network",
      async () => {
        const r = await runPyVmomi<Read>("hosts_read.py", api, ["esx-02"]);
        return r.portgroups.some((p) => p.name === "FromClient") ? r : undefined;
      },
      20_000,
      200,
    );
    expect(read.portgroups.find((p) => p.name === "FromClient")).toMatchObject({ vlanId: 42, vswitchName: "vSwitch0" });
    expect(read.vswitches.find((s) => s.name === "vSwitch0")?.portgroups[0]).toBe("FromClient");
  });

  it.skipIf(!hasPyVmomi)("a change on a host whose agent is down is HostNotConnected, with nothing recorded in the log", async () => {
    await cluster.killHost("esx-02");
    const seq = await lastSeq();
    const out = await runPyVmomi<{ addSwitch: string }>("hosts_down.py", api, ["esx-02"]);
    expect(out.addSwitch).toBe("HostNotConnected");
    expect(await lastSeq()).toBe(seq);
  });
});
