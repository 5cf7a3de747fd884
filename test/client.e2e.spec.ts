import { describe, expect, it } from "vitest";
import { DomainErrorCode, RemoteError, type VdsimEvent } from "@vdsim/client";
import { startCluster } from "@vdsim/cluster";
import { waitFor } from "@vdsim/runtime";

/** The typed client against real processes: calls, typed refusals, the live event iterator, process control. */
describe("VdsimClient on a real cluster", () => {
  it("management and host calls are typed; refusals are RemoteErrors with the domain's code", async () => {
    await using cluster = await startCluster({ hosts: 2 });
    const { client } = cluster;
    expect((await client.createSwitch("dvs1", { uplinks: 2 })).events).toEqual(["DistributedSwitchCreated"]);
    await client.addHostToSwitch("dvs1", "esx-01", ["vmnic1"], { waitMs: 10_000 });
    await client.addPortGroup("dvs1", "web", { vlan: { kind: "vlan", id: 10 } });

    const added = await client.hostCommand("esx-02", { type: "AddStandardSwitch", vswitch: "vSwitch1", numPorts: 64 });
    expect(added.seq).toBeGreaterThan(0);
    expect(await client.hostCommand("esx-02", { type: "AddStandardPortGroup", vswitch: "vSwitch1", portgroup: "Prod", vlan: 10 })).toEqual({ seq: expect.any(Number) });
    expect(await client.hostCommand("esx-02", { type: "SetStandardPortGroupVlan", portgroup: "Prod", vlan: 10 })).toEqual({ seq: null });
    const esx02 = await client.hostState("esx-02");
    expect(esx02.config.standardSwitches.find((s) => s.name === "vSwitch1")).toMatchObject({ numPorts: 64 });

    const hostRefusal = await client.hostCommand("esx-02", { type: "AddStandardPortGroup", vswitch: "vSwitch9", portgroup: "x" }).catch((e: unknown) => e);
    expect(hostRefusal).toBeInstanceOf(RemoteError);
    expect(hostRefusal).toMatchObject({ code: DomainErrorCode.NotFound, message: expect.stringContaining("vSwitch9") });
    const mgmtRefusal = await client.createVm("vm1", "esx-02", ["web"]).catch((e: unknown) => e);
    expect(mgmtRefusal).toBeInstanceOf(RemoteError);
    expect((mgmtRefusal as RemoteError).message).toMatch(/esx-02/);
    const unknownHost = await client.hostCommand("esx-07", { type: "AddStandardSwitch", vswitch: "v" }).catch((e: unknown) => e);
    expect(unknownHost).toMatchObject({ code: "NOT_RESPONDING" });
  });

  it("watch() iterates the live log with typed events and stops when the loop ends", async () => {
    await using cluster = await startCluster({ hosts: 1 });
    const { client } = cluster;
    const seen: VdsimEvent[] = [];
    const events = await client.watch();
    const watching = (async () => {
      for await (const e of events) {
        seen.push(e);
        if (e.type === "DistributedPortGroupAdded") return e.data.portgroup;
      }
      return undefined;
    })();
    await client.createSwitch("dvs1");
    await client.addPortGroup("dvs1", "web");
    expect(await watching).toBe("web");
    expect(seen.map((e) => [e.type, e.v])).toEqual([
      ["DistributedSwitchCreated", 2],
      ["DistributedPortGroupAdded", 1],
    ]);
    const first = seen[0];
    if (first?.type !== "DistributedSwitchCreated") throw new Error("expected DistributedSwitchCreated");
    expect(first.data.uplinks).toEqual(["uplink1", "uplink2"]);

    const aborted = new AbortController();
    const history: string[] = [];
    const replaying = (async () => {
      for await (const e of await client.watch({ fromSeq: 1, signal: aborted.signal })) {
        history.push(e.type);
        if (history.length === 3) aborted.abort();
      }
    })();
    await replaying;
    expect(history).toEqual(["HostAdded", "DistributedSwitchCreated", "DistributedPortGroupAdded"]);
  });

  it("the handle pauses, resumes, kills and restarts host agents and names every process", async () => {
    await using cluster = await startCluster({ hosts: 2 });
    const { client } = cluster;
    expect(Object.keys(cluster.pids()).sort()).toEqual(["esx-01", "esx-02", "management", "nats-server"]);
    const hostStatus = async (h: string) => (await client.status()).hosts.find((s) => s.name === h)?.status;

    cluster.pauseHost("esx-02");
    await waitFor("esx-02 to be not responding", async () => ((await hostStatus("esx-02")) === "notResponding" ? true : undefined), 15_000, 100);
    await expect(client.hostState("esx-02", 500)).rejects.toBeInstanceOf(RemoteError);
    cluster.resumeHost("esx-02");
    await waitFor("esx-02 to answer again", async () => ((await hostStatus("esx-02")) === "connected" ? true : undefined), 15_000, 100);
    expect((await client.hostState("esx-02")).host).toBe("esx-02");

    await cluster.killHost("esx-01");
    await client.createSwitch("dvs1");
    const pid = await cluster.restartHost("esx-01");
    expect(cluster.pids()["esx-01"]).toBe(pid);
    const converged = await client.waitConverged({ hosts: ["esx-01", "esx-02"] });
    expect([...converged.hosts].sort()).toEqual(["esx-01", "esx-02"]);

    cluster.pause("management");
    await expect(client.ping(500)).rejects.toBeInstanceOf(RemoteError);
    cluster.resume("management");
    expect((await client.ping()).pid).toBe(cluster.pids().management);
    expect(() => cluster.pause("esx-09")).toThrow(/no process "esx-09" in this cluster \(it has nats-server, management, esx-01, esx-02\)/);
    await expect(cluster.restart("nats-server")).rejects.toThrow(/only host agents and the management service/);

    cluster.pauseHost("esx-02"); // dispose stops a paused agent too, without waiting out a grace period
  });
});
