import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { VdsimClient } from "@vdsim/client";
import { startCluster, type ClusterHandle } from "@vdsim/cluster";
import { toDomainEvent } from "@vdsim/model";
import { hasPyVmomi, runPyVmomi, startVsphereApi, type VsphereApi } from "./support/vsphere.js";

type Json = Record<string, unknown>;

/** The expected reconfigured setting (switches_common.reconfigured_setting), as pyVmomi reads it back. */
const RECONFIGURED = {
  vlan: 20,
  security: [true, true, false],
  in: { enabled: true, average: 100_000_000, peak: 200_000_000, burst: 104_857_600 },
  out: { enabled: true, average: 50_000_000, peak: 60_000_000, burst: 1_048_576 },
  teaming: { policy: "failover_explicit", notifySwitches: false, rollingOrder: true, active: ["uplink2"], standby: ["uplink1"] },
  blocked: true,
  mac: [true, true, false],
};

/** Switches and port groups through pyVmomi against a 2-host cluster, and the same state seen from the vdsim client. */
describe("the vSphere API's distributed switches", () => {
  let cluster: ClusterHandle;
  let client: VdsimClient;
  let api: VsphereApi;
  const lastSeq = async (): Promise<number> => (await client.eventStore()).lastSeq();

  beforeAll(async () => {
    cluster = await startCluster({ hosts: 2 });
    client = cluster.client;
    api = await startVsphereApi(cluster);
  });

  afterAll(async () => {
    await api?.stop();
    await cluster?.down();
  });

  it.skipIf(!hasPyVmomi)("creates a VDS, adds both hosts with vmnic1, adds a port group on VLAN 10 and reconfigures it; everything reads back as set", async () => {
    const out = await runPyVmomi<Json>("switches_build.py", api, ["vds-api", "pg-api"]);
    expect(out["productSpecs"]).toEqual([["DVS", "VMware, Inc.", "6.6.0"]]);
    expect(out["hostSpecs"]).toEqual([["embeddedEsx", "6.7.0"]]);
    const sw = out["switch"] as Json;
    expect(sw["name"]).toBe("vds-api");
    expect(sw["maxMtu"]).toBe(9000);
    expect(sw["uplinks"]).toEqual(["uplink1", "uplink2"]);
    expect(sw["createdVersion"]).toBe("0");
    expect(sw["configVersion"]).toBe("2"); // two hosts joined
    expect(sw["hosts"]).toEqual([["esx-01", [["vmnic1", true, true]]], ["esx-02", [["vmnic1", true, true]]]]);
    expect(sw["summaryHosts"]).toEqual(["esx-01", "esx-02"]);
    expect(sw["portgroups"]).toEqual(["pg-api", expect.stringMatching(/^vds-api-DVUplinks-\d+$/)]);
    expect(out["switchProperties"]).toEqual(expect.arrayContaining(["config", "name", "portgroup", "summary", "uuid"]));
    expect(out["portgroupProperties"]).toEqual(expect.arrayContaining(["config", "key", "name", "portKeys"]));
    expect(out["managerProperties"]).toEqual([]);
    expect(out["byUuid"]).toBe(sw["moId"]);
    const whole = out["whole"] as Json;
    expect(whole["taskEntity"]).toBe(whole["moId"]);
    expect(whole["configVersion"]).toBe("2");
    expect(whole["hosts"]).toEqual([["esx-01", ["vmnic2", "vmnic3"]], ["esx-02", ["vmnic2", "vmnic3"]]]);
    expect(out["lookup"]).toBe("pg-api");
    expect(out["switchLookup"]).toBe("pg-api");
    const added = out["added"] as Json;
    expect(added).toMatchObject({ name: "pg-api", numPorts: 16, type: "earlyBinding", configVersion: "0", switch: sw["moId"], portKeys: 16 });
    // vCenter's defaults beside the VLAN set
    expect(added["setting"]).toEqual({
      vlan: 10,
      security: [false, false, false],
      in: { enabled: false, average: 100_000_000, peak: 100_000_000, burst: 104_857_600 },
      out: { enabled: false, average: 100_000_000, peak: 100_000_000, burst: 104_857_600 },
      teaming: { policy: "loadbalance_srcid", notifySwitches: true, rollingOrder: false, active: ["uplink1", "uplink2"], standby: [] },
      blocked: false,
      mac: [false, false, false],
    });
    const reconfigured = out["reconfigured"] as Json;
    expect(reconfigured["setting"]).toEqual(RECONFIGURED);
    expect(reconfigured["configVersion"]).toBe("1");
    // the same reconfigure again is a no-op: the model records nothing, so configVersion stays
    expect(out["again"]).toEqual(reconfigured);
    const pg = (await client.status()).switches.find((s) => s.name === "vds-api");
    expect(pg?.portGroups).toEqual(["pg-api"]);
    // the log holds the change in the model's units: kbit/s and KB, ingress and egress apart, failback off
    const changes: unknown[] = [];
    for await (const e of client.events()) {
      const event = toDomainEvent(e.envelope);
      if (event.type === "DistributedPortGroupPolicyChanged" && event.data.portgroup === "pg-api") changes.push(event.data.changes);
    }
    expect(changes).toEqual([
      expect.objectContaining({
        vlan: { kind: "vlan", id: 20 },
        ingressShaping: { enabled: true, averageKbps: 100_000, peakKbps: 200_000, burstKB: 102_400 },
        egressShaping: { enabled: true, averageKbps: 50_000, peakKbps: 60_000, burstKB: 1024 },
        teaming: { loadBalancing: "failover_explicit", activeUplinks: ["uplink2"], standbyUplinks: ["uplink1"], notifySwitches: false, failback: false },
        blocked: true,
      }),
    ]);
  });

  it.skipIf(!hasPyVmomi)("records nothing for a second run of the same reconfigure: the task succeeds, the port group reads back the same", async () => {
    const before = await lastSeq();
    const out = await runPyVmomi<Json>("switches_again.py", api, ["pg-api"]);
    expect(out["state"]).toBe("success");
    expect((out["portgroup"] as Json)["setting"]).toEqual(RECONFIGURED);
    expect((out["portgroup"] as Json)["configVersion"]).toBe("1");
    expect(await lastSeq()).toBe(before);
  });

  it.skipIf(!hasPyVmomi)("shows a port group changed with the vdsim client through pyVmomi", async () => {
    await client.addPortGroup("vds-api", "pg-cli", { vlan: { kind: "trunk", ranges: [[100, 200], [300, 300]] } }, { waitMs: 10_000 });
    await client.setPortGroupPolicy("vds-api", "pg-cli", { allowForgedTransmits: true, averageKbps: 2000, peakKbps: 4000, burstKB: 64, failback: false, blocked: true }, { waitMs: 10_000 });
    const read = async (): Promise<Json> => runPyVmomi<Json>("switches_read.py", api, ["pg-cli"]);
    let out = await read();
    for (let i = 0; i < 50 && out["configVersion"] !== "1"; i++) out = await read();
    expect(out["configVersion"]).toBe("1");
    const setting = out["setting"] as Json;
    expect(setting["vlan"]).toEqual([[100, 200], [300, 300]]);
    expect(setting["security"]).toEqual([false, false, true]);
    expect(setting["in"]).toEqual({ enabled: true, average: 2_000_000, peak: 4_000_000, burst: 65_536 });
    expect(setting["out"]).toEqual(setting["in"]);
    expect((setting["teaming"] as Json)["rollingOrder"]).toBe(true);
    expect(setting["blocked"]).toBe(true);
    expect(setting["mac"]).toEqual([false, false, true]);
  });

  it.skipIf(!hasPyVmomi)("refuses bad input with the fault a client catches by type, recording nothing in the log", async () => {
    await client.createVm("vm-api", "esx-01", ["pg-api"], { waitMs: 10_000 });
    const before = await lastSeq();
    const out = await runPyVmomi<Json>("switches_faults.py", api, ["vds-api", "pg-api"]);
    expect(out).toMatchObject({
      duplicateSwitch: "DuplicateName",
      duplicatePortgroup: "DuplicateName",
      stalePortgroup: "ConcurrentAccess",
      staleSwitch: "ConcurrentAccess",
      unknownHost: "NotFound",
      unknownHostAtCreate: "NotFound",
      vlan5000: "InvalidArgument",
      reconfigureVlan5000: "InvalidArgument",
      renamedUplinks: "InvalidArgument",
      rename: "NotSupported",
      ephemeral: "NotSupported",
      destroyInUse: "ResourceInUse",
      destroySwitchInUse: "ResourceInUse",
      removeHostInUse: "ResourceInUse",
      addMemberAgain: "AlreadyExists",
      moveUplinks: "NotSupported",
      badMtu: "InvalidArgument",
      byUuid: "NotFound",
      lookup: "NotFound",
    });
    expect(out["staleMessage"]).toContain('"vds-api"');
    expect(out["badMtuProperty"]).toBe("spec.maxMtu");
    expect(await lastSeq()).toBe(before);
  });

  it.skipIf(!hasPyVmomi)("destroys a port group no VM uses and the switch once nothing uses it", async () => {
    await client.removeVm("vm-api", { waitMs: 10_000 });
    const out = await runPyVmomi<Json>("switches_destroy.py", api, ["vds-api", "pg-cli", "pg-api"]);
    expect(out).toEqual({ portgroupsLeft: [], switchGone: true });
    expect((await client.status()).switches.map((s) => s.name)).not.toContain("vds-api");
  });
});
