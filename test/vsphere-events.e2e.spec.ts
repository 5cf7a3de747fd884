import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { VdsimClient } from "@vdsim/client";
import { startCluster, type ClusterHandle } from "@vdsim/cluster";
import { waitFor } from "@vdsim/runtime";
import { hasPyVmomi, runPyVmomi, startVsphereApi, type VsphereApi } from "./support/vsphere.js";
import { enableVmotion, migrateAndWait } from "./support/vmotion.js";

interface Brief {
  type: string;
  key: number;
  chainId: number;
  user: string;
  message: string;
}
interface Out {
  all: Brief[];
  byType: Brief[];
  migrated: Array<Brief & { sourceHost: string; host: string; vm: string }>;
  failed: Array<Brief & { reason: string; destHost: string }>;
  reconfigured: Array<Brief & { net: string; vlan: number }>;
  reconfiguredSwitch: { maxMtu: number; modified: string };
  chain: Brief[];
  byVm: Brief[];
  byNetworkFolder: string[];
  latestPage: number[];
  forward: number[][];
  back: number[];
  beforeLatest: number[];
  afterRewind: number[];
  zero: string | null;
  filterType: string;
  afterDestroy: string | null;
  latestEvent: number;
  eventInfo: string[];
  maxCollector: number;
  taskPage: string[];
  taskNext: string[];
}

/** The cluster's changes, made with the vdsim client, read back as vCenter's events through pyVmomi. */
describe("the vSphere API's events", () => {
  let cluster: ClusterHandle;
  let client: VdsimClient;
  let api: VsphereApi;
  let lastSeq = 0;
  const wait = { waitMs: 10_000 };

  beforeAll(async () => {
    cluster = await startCluster({ hosts: 2 });
    client = cluster.client;
    for (const [h, ip] of [["esx-01", "192.168.50.1"], ["esx-02", "192.168.50.2"]] as const) await enableVmotion(client, h, ip);
    await client.createSwitch("dvs1");
    for (const h of ["esx-01", "esx-02"]) await client.addHostToSwitch("dvs1", h, ["vmnic1"], wait);
    await client.addPortGroup("dvs1", "web", {}, wait);
    await client.setPortGroupPolicy("dvs1", "web", { vlan: { kind: "vlan", id: 42 } }, wait);
    await client.createVm("a", "esx-01", ["web"], wait);
    expect((await migrateAndWait(client, "a", "esx-02")).result).toBe("completed");
    // a standard port group only esx-01 has: a VM on it cannot move to esx-02 (the precheck refuses)
    expect((await client.hostCli("esx-01", "vicfg-vswitch", ["-A", "Only01", "vSwitch0"])).exitCode).toBe(0);
    // the management side knows the host's new port group once it folded the host's event
    await waitFor("the management side to know Only01", () => client.createVm("c", "esx-01", ["Only01"], wait).then(() => true, () => undefined), 10_000, 100);
    expect((await migrateAndWait(client, "c", "esx-02")).result).not.toBe("completed");
    // the rest of what vCenter posts events for: a switch reconfigured, a host leaving, removals
    await client.reconfigureSwitch("dvs1", { mtu: 9000 }, wait);
    await client.removeHostFromSwitch("dvs1", "esx-01", wait);
    await client.addPortGroup("dvs1", "tmp", {}, wait);
    await client.removePortGroup("dvs1", "tmp", wait);
    await client.createSwitch("dvs2", {}, wait);
    await client.removeSwitch("dvs2", wait);
    await client.removeVm("c", wait);
    lastSeq = await (await client.eventStore()).lastSeq();
    api = await startVsphereApi(cluster);
  }, 180_000);

  afterAll(async () => {
    await api?.stop();
    await cluster?.down();
  });

  it.skipIf(!hasPyVmomi)("QueryEvents by type, entity and chain, a collector paged both ways, and the event descriptions, as vCenter words them", async () => {
    const out = await runPyVmomi<Out>("events_read.py", api);
    const keys = out.all.map((e) => e.key);
    expect(keys).toEqual([...keys].sort((a, b) => b - a));
    expect(Math.max(...keys)).toBeLessThanOrEqual(lastSeq);
    const messages = (t: string) => out.all.filter((e) => e.type === t).map((e) => e.message);
    expect(messages("HostAddedEvent").sort()).toEqual(["Added host esx-01 to datacenter vdsim-dc", "Added host esx-02 to datacenter vdsim-dc"]);
    expect(messages("DvsCreatedEvent")).toEqual(["A vSphere Distributed Switch dvs2 was created in vdsim-dc.", "A vSphere Distributed Switch dvs1 was created in vdsim-dc."]);
    expect(messages("DvsReconfiguredEvent")).toEqual(["The vSphere Distributed Switch dvs1 in vdsim-dc was reconfigured."]);
    expect(messages("DvsHostLeftEvent")).toEqual(["The host esx-01 left the vSphere Distributed Switch dvs1 in vdsim-dc."]);
    expect(messages("DvsDestroyedEvent")).toEqual(["vSphere Distributed Switch dvs2 in vdsim-dc was deleted."]);
    expect(messages("DVPortgroupDestroyedEvent")).toEqual(["dvPort group tmp in vdsim-dc was deleted."]);
    expect(messages("VmRemovedEvent")).toEqual(["Removed c on esx-01 from vdsim-dc"]);
    expect(messages("DvsHostJoinedEvent")).toEqual([
      "The host esx-02 joined the vSphere Distributed Switch dvs1 in vdsim-dc.",
      "The host esx-01 joined the vSphere Distributed Switch dvs1 in vdsim-dc.",
    ]);
    expect(messages("DVPortgroupCreatedEvent")).toEqual(["dvPort group tmp in vdsim-dc was added to switch dvs1.", "dvPort group web in vdsim-dc was added to switch dvs1."]);
    expect(messages("DVPortgroupReconfiguredEvent")).toEqual(["dvPort group web in vdsim-dc was reconfigured."]);
    expect(out.reconfiguredSwitch).toEqual({ maxMtu: 9000, modified: "config.maxMtu: 9000" });
    expect(messages("VmCreatedEvent")).toEqual(["Created virtual machine c on esx-01 in vdsim-dc", "Created virtual machine a on esx-01 in vdsim-dc"]);
    expect(messages("VmMigratedEvent")).toEqual(["Migration of virtual machine a from esx-01, datastore1 to esx-02, datastore1 completed"]);
    expect(messages("VmFailedMigrateEvent")).toEqual(["Cannot migrate c from esx-01, datastore1 to esx-02, datastore1 in vdsim-dc"]);
    expect(out.all.some((e) => e.type === "GeneralHostInfoEvent" && e.message.includes("Port group Only01"))).toBe(true);
    expect(out.all.every((e) => e.user === "administrator@vsphere.local")).toBe(true);

    expect(new Set(out.byType.map((e) => e.type))).toEqual(
      new Set(["DvsCreatedEvent", "DvsHostJoinedEvent", "DVPortgroupCreatedEvent", "DVPortgroupReconfiguredEvent", "VmCreatedEvent", "VmBeingHotMigratedEvent", "VmMigratedEvent", "VmFailedMigrateEvent"]),
    );
    expect(out.migrated).toHaveLength(1);
    expect(out.migrated[0]).toMatchObject({ sourceHost: "esx-01", host: "esx-02" });
    expect(out.failed).toEqual([expect.objectContaining({ reason: "MigrationNotReady", destHost: "esx-02" })]);
    expect(out.reconfigured).toEqual([expect.objectContaining({ net: "web", vlan: 42 })]);
    // the migration's chain: its start and its end share the chainId, the seq of its start
    expect(out.chain.map((e) => e.type)).toEqual(["VmMigratedEvent", "VmBeingHotMigratedEvent"]);
    expect(out.chain[1]!.chainId).toBe(out.chain[1]!.key);
    expect(out.byVm.map((e) => e.type)).toEqual(["VmMigratedEvent", "VmBeingHotMigratedEvent", "VmCreatedEvent"]);
    expect(out.byNetworkFolder).toEqual(expect.arrayContaining(["DVPortgroupCreatedEvent", "DvsCreatedEvent", "DvsHostJoinedEvent"]));
    expect(out.byNetworkFolder).not.toContain("VmCreatedEvent");

    const oldestFirst = [...keys].reverse();
    expect(out.latestPage).toEqual(keys.slice(0, 3));
    expect(out.forward.flat()).toEqual(oldestFirst);
    expect(out.forward.every((page) => page.length <= 4)).toBe(true);
    expect(out.back).toEqual(keys.slice(0, 3));
    expect(out.beforeLatest).toEqual(keys.slice(3));
    expect(out.afterRewind).toEqual(oldestFirst.slice(0, 2));
    expect(out.zero).toBe("InvalidArgument");
    expect(out.filterType).toBe("vim.event.EventFilterSpec");
    expect(out.afterDestroy).toBe("ManagedObjectNotFound");
    expect(out.latestEvent).toBe(keys[0]);
    expect(out.eventInfo).toEqual(expect.arrayContaining(["DvsCreatedEvent", "VmMigratedEvent", "VmFailedMigrateEvent", "HostConnectionLostEvent", "DVPortgroupReconfiguredEvent"]));
    expect(out.maxCollector).toBe(32);
    expect(out.taskPage).toEqual([]);
    expect(out.taskNext).toEqual([]);
    expect(await (await client.eventStore()).lastSeq()).toBe(lastSeq);
  });

  it.skipIf(!hasPyVmomi)("posts HostConnectionLostEvent when a host stops beating, keyed above the log's range, with no user, then HostReconnectionFailedEvent", async () => {
    await cluster.killHost("esx-02");
    const lost = await runPyVmomi<{ key: number; chainId: number; user: string; message: string; host: string; latest: number; reconnectFailed: string }>("events_host_lost.py", api, ["esx-02"]);
    expect(lost.message).toBe("Host esx-02 in vdsim-dc is not responding");
    expect(lost.key).toBeGreaterThan(1_000_000_000);
    expect(lost.chainId).toBe(lost.key);
    expect(lost.user).toBe("");
    expect(lost.host).toMatch(/^host-\d+$/);
    expect(lost.latest).toBeGreaterThanOrEqual(lost.key);
    // vCenter's reconnection attempt fails while the host stays silent
    expect(lost.reconnectFailed).toBe("Cannot reconnect to esx-02 in vdsim-dc");
  });
});
