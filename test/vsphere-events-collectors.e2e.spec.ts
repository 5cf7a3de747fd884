import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { VdsimClient } from "@vdsim/client";
import { startCluster, type ClusterHandle } from "@vdsim/cluster";
import { enableVmotion, migrateAndWait } from "./support/vmotion.js";
import { hasPyVmomi, runPyVmomi, startVsphereApi, type VsphereApi } from "./support/vsphere.js";

interface Ev {
  readonly type: string;
  readonly key: number;
  readonly chainId: number;
  readonly createdTime: string;
  readonly userName: string;
  readonly datacenter: string | null;
  readonly computeResource: string | null;
  readonly host: string | null;
  readonly vm: string | null;
  readonly net: string | null;
  readonly dvs: string | null;
  readonly message: string;
  readonly [k: string]: unknown;
}

interface Queried {
  readonly all: Ev[];
  readonly dvs: Ev[];
  readonly byTypeId: Ev[];
  readonly hostSelf: Ev[];
  readonly hostAll: Ev[];
  readonly vmSelf: Ev[];
  readonly dcAll: number;
  readonly latest: Ev;
  readonly eventInfo: string[];
  readonly maxCollector: number;
  readonly badRecursion: { fault: string; invalidProperty: string | null } | null;
  readonly chain?: Ev[];
}

const types = (events: readonly Ev[]): string[] => events.map((e) => e.type);

/**
 * (Beside test/vsphere-events.e2e.spec.ts, which reads every event type and message: the checks
 * across areas.) The events area of the vSphere API against real processes: changes made with the vdsim client
 * (a VDS on two hosts, a port group and its reconfiguration, VMs, a vMotion, one that fails its
 * precheck) read back through pyVmomi as vCenter's events, by type, by entity, by chain, paged
 * by an event history collector; a task history collector lists the finished migration task.
 */
describe.skipIf(!hasPyVmomi)("the vSphere API's events: EventManager and history collectors", () => {
  let cluster: ClusterHandle;
  let client: VdsimClient;
  let api: VsphereApi;
  const wait = { waitMs: 10_000 };
  const query = (vm: string, chain?: number) => runPyVmomi<Queried>("events_query.py", api, chain === undefined ? [vm] : [vm, String(chain)]);

  beforeAll(async () => {
    cluster = await startCluster({ hosts: 2 });
    client = cluster.client;
    await client.createSwitch("dvs1", {}, wait);
    for (const h of ["esx-01", "esx-02"]) await client.addHostToSwitch("dvs1", h, ["vmnic1"], wait);
    await client.addPortGroup("dvs1", "web", { vlan: { kind: "vlan", id: 10 } }, wait);
    await client.setPortGroupPolicy("dvs1", "web", { vlan: { kind: "vlan", id: 20 } }, wait);
    await client.createVm("app", "esx-01", ["web"], wait);
    await enableVmotion(client, "esx-01", "192.168.50.1");
    await enableVmotion(client, "esx-02", "192.168.50.2");
    // a VM on a standard port group only esx-01 has: its migration fails the precheck
    expect((await client.hostCli("esx-01", "vicfg-vswitch", ["-A", "local", "vSwitch0"])).exitCode).toBe(0);
    await client.createVm("solo", "esx-01", ["local"], wait);
    const failed = await migrateAndWait(client, "solo", "esx-02");
    expect(failed.result).toBe("rolledBack");
    expect((await migrateAndWait(client, "app", "esx-02")).result).toBe("completed");
    // started after the changes: its events are folded from the log on start
    api = await startVsphereApi(cluster);
  }, 180_000);

  afterAll(async () => {
    await api?.stop();
    await cluster?.down();
  });

  it("a migration through MigrateVM_Task: its events' chainId is its task's eventChainId; a task collector lists the finished task", async () => {
    const migrated = await runPyVmomi<{ eventChainId: number; host: string; error: unknown }>("vms_migrate.py", api, ["app", "esx-01", "migrate"]);
    expect(migrated).toMatchObject({ host: "esx-01", error: null });
    const out = await query("app", migrated.eventChainId);
    expect(types(out.chain ?? [])).toEqual(["VmMigratedEvent", "VmBeingHotMigratedEvent"]);
    for (const e of out.chain ?? []) expect(e.chainId).toBe(migrated.eventChainId);
    const tasks = await runPyVmomi<{ page: { name: string; entity: string; state: string; eventChainId: number }[]; forward: unknown[]; back: unknown[]; all: number; destroyed: string | null }>("events_tasks.py", api, ["app"]);
    expect(tasks.page).toEqual([{ name: "VirtualMachine.migrate", entity: "app", state: "success", eventChainId: migrated.eventChainId }]);
    expect(tasks.forward).toEqual(tasks.page);
    expect(tasks.back).toEqual(tasks.page);
    expect(tasks.destroyed).toBe("ManagedObjectNotFound");
  });

  it("an event history collector pages with ReadNextEvents / ReadPreviousEvents, and its latestPage follows a new event", async () => {
    const out = await runPyVmomi<{ page: number[]; total: number; afterReset: number[]; end: number[]; back: number[]; forward: number[]; head: number[]; resetPrev: number[]; filter: Record<string, string>; newest: Ev[]; watched: Ev[]; destroyed: string | null; query: number[] }>(
      "events_collector.py",
      api,
      ["fresh", "esx-01", "VM Network"],
    );
    expect(out.page).toHaveLength(3);
    expect(out.afterReset).toEqual([...out.page].reverse());
    expect(out.end).toEqual([]);
    expect(out.back).toEqual(out.page.slice(0, 2));
    expect(out.forward).toHaveLength(out.total);
    expect(out.head).toEqual([]);
    const ascending = [...out.forward].sort((a, b) => a - b);
    expect(out.forward).toEqual(ascending);
    expect(out.resetPrev).toEqual(out.forward.slice(-5, -3).reverse());
    expect(out.newest[0]).toMatchObject({ type: "VmCreatedEvent", vm: "fresh", host: "esx-01" });
    // a WaitForUpdatesEx watcher on the collector's latestPage saw the new event come in
    expect(out.watched[0]).toEqual(out.newest[0]);
    expect(out.destroyed).toBe("ManagedObjectNotFound");
    expect(out.filter).toEqual({ recursion: "all", entity: "datacenter-2" });
  });

  it("removals and reconfigurations: DvsReconfiguredEvent, DVPortgroupDestroyedEvent, DvsHostLeftEvent, DvsDestroyedEvent, VmRemovedEvent, naming what is gone", async () => {
    await client.reconfigureSwitch("dvs1", { mtu: 9000 }, wait);
    await client.addPortGroup("dvs1", "tmp", {}, wait);
    await client.removePortGroup("dvs1", "tmp", wait);
    await client.createSwitch("dvs2", {}, wait);
    await client.addHostToSwitch("dvs2", "esx-02", ["vmnic2"], wait);
    await client.removeHostFromSwitch("dvs2", "esx-02", wait);
    await client.removeSwitch("dvs2", wait);
    await client.removeVm("solo", wait);
    const out = await runPyVmomi<{ events: Ev[] }>("events_types.py", api, ["DvsReconfiguredEvent", "DVPortgroupDestroyedEvent", "DvsHostLeftEvent", "DvsDestroyedEvent", "VmRemovedEvent"]);
    expect(out.events).toEqual([
      expect.objectContaining({ type: "VmRemovedEvent", vm: "solo", host: "esx-01", message: "Removed solo on esx-01 from vdsim-dc" }),
      expect.objectContaining({ type: "DvsDestroyedEvent", dvs: "dvs2", message: "vSphere Distributed Switch dvs2 in vdsim-dc was deleted." }),
      expect.objectContaining({ type: "DvsHostLeftEvent", dvs: "dvs2", hostLeft: "esx-02" }),
      expect.objectContaining({ type: "DVPortgroupDestroyedEvent", net: "tmp", dvs: "dvs1" }),
      expect.objectContaining({ type: "DvsReconfiguredEvent", dvs: "dvs1" }),
    ]);
    expect(out.events.map((e) => e.key)).toEqual([...out.events.map((e) => e.key)].sort((a, b) => b - a));
  });

});
