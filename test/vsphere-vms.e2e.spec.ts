import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { VdsimClient } from "@vdsim/client";
import { startCluster, type ClusterHandle } from "@vdsim/cluster";
import { waitFor } from "@vdsim/runtime";
import { enableVmotion } from "./support/vmotion.js";
import { hasPyVmomi, runPyVmomi, startVsphereApi, type VsphereApi } from "./support/vsphere.js";

interface Fault {
  readonly fault: string;
  readonly invalidProperty?: string | null;
  readonly faultMessage?: readonly string[];
  readonly [k: string]: unknown;
}

interface Nic {
  readonly type: string;
  readonly key: number;
  readonly label: string;
  readonly macAddress: string;
  readonly addressType: string;
  readonly startConnected: boolean;
  readonly connected: boolean;
  readonly backing: Record<string, string | null>;
}

interface Port {
  readonly key: string;
  readonly portgroupKey: string;
  readonly proxyHost: string | null;
  readonly connectee: { entity: string; nicKey: string; type: string } | null;
  readonly vlan: number;
  readonly blocked: boolean;
  readonly linkUp: boolean;
  readonly packetsInUnicast: number;
  readonly packetsOutUnicast: number;
  readonly bytesOutUnicast: number;
}

interface Migrated {
  readonly task: string;
  readonly states: readonly string[];
  readonly progress: readonly number[];
  readonly result: string | null;
  readonly error: Fault | null;
  readonly eventChainId: number;
  readonly entity: string;
  readonly host: string;
}

/**
 * The VM area of the vSphere API against real processes: pyVmomi creates a VM on a distributed
 * port group, migrates it with traffic running (MigrateVM_Task, RelocateVM_Task) and follows its
 * dvPort with FetchDVPorts; every refusal is the fault a vCenter raises, with nothing in the log.
 */
describe.skipIf(!hasPyVmomi)("the vSphere API's VMs: create, vMotion, dvPorts, destroy", () => {
  let cluster: ClusterHandle;
  let client: VdsimClient;
  let api: VsphereApi;
  const wait = { waitMs: 10_000 };
  const lastSeq = async (): Promise<number> => (await client.eventStore()).lastSeq();
  const ports = (vm: string) => runPyVmomi<{ ports: Port[]; all: number; keys: string[]; allKeys: number; connected: string[]; uplinks: number; inPortgroup: number; outsidePortgroup: number }>("vms_ports.py", api, ["dvs1", vm]);
  const received = async (flow: string): Promise<number> => (await client.trafficStats()).find((s) => s.flow === flow && s.role === "receiver")?.received ?? 0;

  beforeAll(async () => {
    cluster = await startCluster({ hosts: 3 });
    client = cluster.client;
    await client.createSwitch("dvs1");
    for (const h of ["esx-01", "esx-02"]) await client.addHostToSwitch("dvs1", h, ["vmnic1"], wait);
    await client.addPortGroup("dvs1", "web", { vlan: { kind: "vlan", id: 10 } }, wait);
    await client.createVm("peer", "esx-02", ["web"], wait);
    api = await startVsphereApi(cluster);
  });

  afterAll(async () => {
    await client?.stopTraffic().catch(() => undefined);
    await api?.stop();
    await cluster?.down();
  });

  it("creates a VM on the distributed port group and a standard network with CreateVM_Task, and reads its vNICs back as created", async () => {
    const out = await runPyVmomi<{ result: string; name: string; host: string; powerState: string; memoryMB: number; numCPU: number; guestId: string; networks: string[]; nics: Nic[]; inFolder: boolean; task: string }>(
      "vms_create.py",
      api,
      ["app", "web", "VM Network", "esx-01", "4096"],
    );
    const vm = (await client.status()).vms.find((v) => v.name === "app");
    expect(vm?.host).toBe("esx-01");
    const [dvNic, stdNic] = vm?.nics ?? [];
    expect(out).toMatchObject({ name: "app", host: "esx-01", powerState: "poweredOn", memoryMB: 4096, numCPU: 2, guestId: "debian10_64Guest", inFolder: true, task: "Folder.createVm" });
    expect(out.result).toMatch(/^vm-\d+$/);
    expect(out.networks).toEqual(["VM Network", "web"]);
    expect(out.nics).toEqual([
      {
        type: "VirtualVmxnet3",
        key: 4000,
        label: "Network adapter 1",
        macAddress: dvNic?.mac,
        addressType: "assigned",
        startConnected: true,
        connected: true,
        backing: { switchUuid: expect.stringMatching(/^([0-9a-f]{2} ){7}[0-9a-f]{2}-([0-9a-f]{2} ){7}[0-9a-f]{2}$/), portgroupKey: expect.stringMatching(/^dvportgroup-\d+$/), portKey: dvNic?.portKey },
      },
      { type: "VirtualE1000", key: 4001, label: "Network adapter 2", macAddress: stdNic?.mac, addressType: "assigned", startConnected: true, connected: true, backing: { deviceName: "VM Network", network: "VM Network" } },
    ]);
  });

  it("places a VM without a host on the first connected host that can take its vNICs", async () => {
    const out = await runPyVmomi<{ host: string }>("vms_create.py", api, ["placed", "web"]);
    expect(out.host).toBe("esx-01");
  });

  it("refuses a duplicate name (DuplicateName), a bad backing (InvalidArgument naming the property) and what vdsim cannot hold, recording nothing", async () => {
    const before = await lastSeq();
    const out = await runPyVmomi<Record<string, Fault | null | string[]>>("vms_create_faults.py", api, ["app", "web", "esx-03"]);
    expect(out["duplicate"]).toMatchObject({ fault: "DuplicateName", name: "app", object: "app" });
    expect(out["badSwitchUuid"]).toMatchObject({ fault: "InvalidArgument", invalidProperty: "config.deviceChange[0].device.backing.port.switchUuid" });
    expect(out["badPortgroupKey"]).toMatchObject({ fault: "InvalidArgument", invalidProperty: "config.deviceChange[0].device.backing.port.portgroupKey" });
    expect(out["badNetwork"]).toMatchObject({ fault: "InvalidArgument", invalidProperty: "config.deviceChange[0].device.backing.deviceName" });
    expect(out["noNic"]).toMatchObject({ fault: "InvalidArgument", invalidProperty: "config.deviceChange" });
    expect(out["disk"]).toMatchObject({ fault: "InvalidArgument", invalidProperty: "config.deviceChange[0].device" });
    expect(out["badMemory"]).toMatchObject({ fault: "InvalidArgument", invalidProperty: "config.memoryMB" });
    expect(out["hostNotOnSwitch"]).toMatchObject({ fault: "InvalidArgument", invalidProperty: "config.deviceChange[0].device.backing" });
    expect(out["vmsAfter"]).toEqual(["app", "peer", "placed"]);
    expect(await lastSeq()).toBe(before);
  });

  it("refuses a migration whose precheck fails with vCenter's fault (no vMotion vmknic, the destination's network), recording nothing", async () => {
    const before = await lastSeq();
    const migrations = (await client.migrations()).length;
    const out = await runPyVmomi<Record<string, Fault | null | string>>("vms_migrate_faults.py", api, ["app", "esx-02"]);
    const notConfigured = { fault: "VMotionNotConfigured", atSourceHost: true, failedHost: "esx-01" };
    expect(out["migrate"]).toMatchObject(notConfigured);
    expect(out["relocate"]).toMatchObject(notConfigured);
    expect((out["migrate"] as Fault).faultMessage).toEqual([
      'Host "esx-01" has no vMotion-enabled VMkernel interface (enable one with vicfg-vmknic --enable-vmotion)',
      'Host "esx-02" has no vMotion-enabled VMkernel interface (enable one with vicfg-vmknic --enable-vmotion)',
    ]);
    expect(out["noHost"]).toMatchObject({ fault: "InvalidArgument", invalidProperty: "host" });
    expect(out["datastore"]).toMatchObject({ fault: "InvalidArgument", invalidProperty: "spec.datastore" });
    expect(out["poweredOff"]).toMatchObject({ fault: "InvalidPowerState" });
    // to the host it is on: nothing to do, as vCenter's relocate to the current host
    expect(out["sameHost"]).toBeNull();
    expect(out["sameHostRelocate"]).toBeNull();
    expect(out["host"]).toBe("esx-01");

    await enableVmotion(client, "esx-01", "192.168.50.1");
    await enableVmotion(client, "esx-02", "192.168.50.2");
    // esx-03 has a vMotion vmknic (on another subnet) but is not in the VDS of the VM's port group
    await enableVmotion(client, "esx-03", "192.168.60.3");
    const mid = await lastSeq();
    const outside = await runPyVmomi<Record<string, Fault | null | string>>("vms_migrate_faults.py", api, ["app", "esx-03"]);
    expect(outside["migrate"]).toMatchObject({ fault: "CannotAccessNetwork", device: "Network adapter 1", backing: "web" });
    expect((outside["migrate"] as Fault).faultMessage).toEqual(['Host "esx-03" is not a member of distributed switch "dvs1" (Network adapter 1, port group "web")']);
    expect(await lastSeq()).toBe(mid);
    expect((await client.migrations()).length).toBe(migrations);
    expect(before).toBeLessThan(mid);
  });

  it("migrates the VM with traffic running (MigrateVM_Task): the task's progress rises, its dvPort keeps its key and counters and moves to the new host", async () => {
    await client.startTraffic({ flow: "to-app", fromVm: "peer", to: "app", pps: 500 });
    await waitFor("traffic to app", async () => ((await received("to-app")) > 100 ? true : undefined), 20_000);
    const before = await ports("app");
    expect(before.ports).toHaveLength(1);
    const [port] = before.ports;
    expect(port).toMatchObject({ proxyHost: "esx-01", connectee: { entity: "app", nicKey: "4000", type: "vmVnic" }, vlan: 10, blocked: false, linkUp: true });
    expect(port?.packetsOutUnicast).toBeGreaterThan(100);

    const out = await runPyVmomi<Migrated>("vms_migrate.py", api, ["app", "esx-02", "migrate"]);
    expect(out.error).toBeNull();
    expect(out).toMatchObject({ task: "VirtualMachine.migrate", result: null, entity: "app", host: "esx-02" });
    expect(out.states.at(-1)).toBe("success");
    expect(out.eventChainId).toBeGreaterThan(0);
    expect(out.progress.length).toBeGreaterThanOrEqual(2);
    for (let i = 1; i < out.progress.length; i++) expect(out.progress[i]).toBeGreaterThan(out.progress[i - 1] ?? 0);
    expect((await client.status()).vms.find((v) => v.name === "app")?.host).toBe("esx-02");
    // the task's chain is the log's sequence of the migration's request, as its events'
    let requested: number | undefined;
    for await (const e of client.events()) if (e.envelope.type === "MigrationRequested" && e.envelope.data.vm === "app") requested = e.seq;
    expect(out.eventChainId).toBe(requested);

    const counted = (await ports("app")).ports[0];
    await waitFor("traffic after the move", async () => {
      const now = (await ports("app")).ports[0];
      return now && now.packetsOutUnicast > (counted?.packetsOutUnicast ?? 0) ? now : undefined;
    }, 20_000);
    const after = (await ports("app")).ports[0];
    expect(after).toMatchObject({ key: port?.key, portgroupKey: port?.portgroupKey, proxyHost: "esx-02", connectee: { entity: "app", nicKey: "4000", type: "vmVnic" } });
    expect(after?.packetsOutUnicast).toBeGreaterThan(port?.packetsOutUnicast ?? 0);
    expect(after?.bytesOutUnicast).toBeGreaterThan(port?.bytesOutUnicast ?? 0);
    // the data plane's own figures for the port, on the host it is on now
    const dataPlane = (await client.portCounters()).find((p) => p.owner === "app" && p.portId === `dvs/dvs1/${port?.key}`);
    expect(dataPlane?.host).toBe("esx-02");
    expect(dataPlane?.packetsOut).toBeGreaterThanOrEqual(after?.packetsOutUnicast ?? 0);
  });

  it("moves it back with RelocateVM_Task while traffic runs, and lists the switch's ports by criteria", async () => {
    const before = (await ports("app")).ports[0];
    const out = await runPyVmomi<Migrated>("vms_migrate.py", api, ["app", "esx-01", "relocate"]);
    expect(out.error).toBeNull();
    expect(out).toMatchObject({ task: "VirtualMachine.relocate", host: "esx-01" });
    expect(out.progress.length).toBeGreaterThanOrEqual(2);
    const listed = await waitFor("the port counting on esx-01", async () => {
      const now = await ports("app");
      return (now.ports[0]?.packetsOutUnicast ?? 0) > (before?.packetsOutUnicast ?? 0) ? now : undefined;
    }, 20_000);
    expect(listed.ports[0]).toMatchObject({ key: before?.key, proxyHost: "esx-01" });
    // web has 8 ports; app, placed and peer hold three; each member has two uplink ports, one backed by vmnic1
    expect(listed.connected).toHaveLength(3 + 2);
    expect(listed.uplinks).toBe(4);
    expect(listed.inPortgroup).toBe(8);
    expect(listed.outsidePortgroup).toBe(listed.all - 8);
    expect(listed.keys).toEqual([before?.key]);
    expect(listed.allKeys).toBe(listed.all);
  });

  it("refuses a second migration of a VM that is migrating (InvalidState) and lets the first one end", async () => {
    const migrations = (await client.migrations()).length;
    const out = await runPyVmomi<Record<string, Fault | null | string>>("vms_migrate_faults.py", api, ["app", "esx-02", "concurrent"]);
    expect(out["second"]).toMatchObject({ fault: "InvalidState" });
    expect(out["first"]).toBeNull();
    expect(out["host"]).toBe("esx-02");
    expect((await client.migrations()).length).toBe(migrations + 1);
  });

  it("ends the task with the migration's fault when the vMotion network fails at run time (VMotionLinkDown), and the VM stays", async () => {
    await client.addHostToSwitch("dvs1", "esx-03", ["vmnic1"], wait);
    // esx-03's vMotion port group on another VLAN: the vmknics no longer reach each other
    expect((await client.hostCli("esx-03", "vicfg-vswitch", ["-v", "99", "-p", "vMotion", "vSwitch0"])).exitCode).toBe(0);
    const out = await runPyVmomi<Migrated>("vms_migrate.py", api, ["app", "esx-03", "migrate"]);
    expect(out.states.at(-1)).toBe("error");
    expect(out.error).toMatchObject({ fault: "VMotionLinkDown", failedHost: "esx-02" });
    expect(out.host).toBe("esx-02");
    const last = (await client.migrations()).at(-1);
    expect(last).toMatchObject({ vm: "app", destination: "esx-03", result: "rolledBack" });
  });

  it("ends the task with NetworkCopyFault when the memory pre-copy gets no data through (a hop with a smaller MTU)", async () => {
    for (const host of ["esx-01", "esx-02"]) {
      expect((await client.hostCli(host, "esxcli", ["network", "vswitch", "standard", "set", "-v", "vSwitch0", "-m", "9000"])).exitCode).toBe(0);
      expect((await client.hostCli(host, "esxcli", ["network", "ip", "interface", "set", "-i", "vmk1", "--mtu", "9000"])).exitCode).toBe(0);
    }
    expect((await client.hostCli("esx-01", "vicfg-vswitch", ["-m", "1500", "vSwitch0"])).exitCode).toBe(0);
    const out = await runPyVmomi<Migrated>("vms_migrate.py", api, ["app", "esx-01", "relocate"]);
    expect(out.error).toMatchObject({ fault: "NetworkCopyFault" });
    expect(out.host).toBe("esx-02");
  });

  it("refuses a migration to a host that is not responding, and a VM created on it (HostNotConnected), recording nothing", async () => {
    cluster.pauseHost("esx-03");
    try {
      await waitFor("esx-03 not responding", async () => ((await client.status()).hosts.find((h) => h.name === "esx-03")?.status === "connected" ? undefined : true), 15_000);
      const before = await lastSeq();
      const out = await runPyVmomi<Record<string, Fault | null | string>>("vms_migrate_faults.py", api, ["app", "esx-03"]);
      expect(out["migrate"]).toMatchObject({ fault: "HostNotConnected", faultMessage: ['Host "esx-03" is not responding'] });
      expect(out["relocate"]).toMatchObject({ fault: "HostNotConnected" });
      // a VM created on it: the management service refuses, as for `vdsim vm create`
      const created = await runPyVmomi<Record<string, Fault | null>>("vms_create_faults.py", api, ["app", "web", "esx-03"]);
      expect(created["hostNotOnSwitch"]).toMatchObject({ fault: "HostNotConnected" });
      expect(await lastSeq()).toBe(before);
    } finally {
      cluster.resumeHost("esx-03");
    }
  });

  it("answers PowerOn (InvalidPowerState) and PowerOff (NotSupported) of a running VM, and destroys it with Destroy_Task", async () => {
    await client.stopTraffic("to-app");
    const out = await runPyVmomi<Record<string, unknown>>("vms_power_destroy.py", api, ["app"]);
    expect(out).toMatchObject({ powerState: "poweredOn", powerStateAfter: "poweredOn", powerOn: { fault: "InvalidPowerState" }, powerOff: { fault: "NotSupported" }, destroy: null, destroyTask: "VirtualMachine.destroy" });
    expect(out["vms"]).toEqual(["peer", "placed"]);
    expect(out["again"]).toMatchObject({ fault: "ManagedObjectNotFound" });
    expect((await client.status()).vms.map((v) => v.name).sort()).toEqual(["peer", "placed"]);
  });
});
