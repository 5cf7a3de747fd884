import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { VdsimClient } from "@vdsim/client";
import { startCluster, type ClusterHandle } from "@vdsim/cluster";
import { waitFor } from "@vdsim/runtime";
import { enableVmotion, migrateAndWait, reasonsOf } from "./support/vmotion.js";

/** vMotion over real processes: the VM, its port and its traffic move; a failed precheck names every reason. */
describe("vMotion between host agents", () => {
  let cluster: ClusterHandle;
  let client: VdsimClient;
  const wait = { waitMs: 10_000 };

  const flow = async (name: string) => {
    const stats = await client.trafficStats();
    return {
      sent: stats.find((s) => s.flow === name && s.role === "sender")?.sent ?? 0,
      received: stats.find((s) => s.flow === name && s.role === "receiver")?.received ?? 0,
      longestGapMs: stats.find((s) => s.flow === name && s.role === "receiver")?.longestGapMs ?? 0,
    };
  };

  beforeAll(async () => {
    cluster = await startCluster({ hosts: 3 });
    client = cluster.client;
    await client.createSwitch("dvs1");
    for (const h of ["esx-01", "esx-02"]) await client.addHostToSwitch("dvs1", h, ["vmnic1"], wait);
    await client.addPortGroup("dvs1", "web", { vlan: { kind: "vlan", id: 10 } });
    await client.createVm("app", "esx-01", ["web"], wait);
    await client.createVm("peer", "esx-02", ["web"], wait);
  });

  afterAll(async () => {
    await cluster?.down();
  });

  it("refuses with every reason when the hosts have no vMotion vmknic or the destination is not in the VDS", async () => {
    const refused = await migrateAndWait(client, "app", "esx-03");
    expect(refused.result).toBe("rolledBack");
    const reasons = reasonsOf(refused.outcome);
    expect(reasons).toEqual([
      'Host "esx-01" has no vMotion-enabled VMkernel interface (enable one with vicfg-vmknic --enable-vmotion)',
      'Host "esx-03" has no vMotion-enabled VMkernel interface (enable one with vicfg-vmknic --enable-vmotion)',
      'Host "esx-03" is not a member of distributed switch "dvs1" (Network adapter 1, port group "web")',
    ]);
    expect((await client.status()).vms.find((v) => v.name === "app")?.host).toBe("esx-01");
  });

  it("moves a VDS VM with traffic running: it keeps its dvPort key and counters, and loses frames only in the switchover", async () => {
    await enableVmotion(client, "esx-01", "192.168.50.1");
    await enableVmotion(client, "esx-02", "192.168.50.2");
    await client.startTraffic({ flow: "to-app", fromVm: "peer", to: "app", pps: 500 });
    await waitFor("traffic to flow", async () => ((await flow("to-app")).received > 100 ? true : undefined));
    const before = (await client.portCounters()).find((p) => p.owner === "app")!;
    const done = await migrateAndWait(client, "app", "esx-02");
    expect(done.result).toBe("completed");
    const outcome = done.outcome!;
    const stunMs = outcome.stunMs ?? Number.NaN;
    expect(outcome.traffic?.flows).toBe(1);
    expect(outcome.traffic?.framesLost).toBeLessThanOrEqual(Math.ceil((stunMs + 50) / 2) + 5);
    expect(outcome.precopyIterations).toBeGreaterThanOrEqual(1);
    expect(outcome.rarpSent).toBe(true);
    await waitFor("traffic after the move", async () => ((await flow("to-app")).received > (await flow("to-app")).sent - 50 ? true : undefined));
    await client.stopTraffic("to-app");
    const after = (await client.portCounters()).find((p) => p.owner === "app")!;
    expect(after.host).toBe("esx-02");
    expect(after.portId).toBe(before.portId);
    expect(after.packetsOut).toBeGreaterThan(before.packetsOut);
    const f = await waitFor("the last frames", async () => {
      const x = await flow("to-app");
      return x.sent - x.received < 500 ? x : undefined;
    });
    // at 500 frames/s, the frames of the stun window (plus one tick) at most
    expect(f.sent - f.received).toBeLessThanOrEqual(Math.ceil((stunMs + 50) / 2) + 5);
    expect(f.longestGapMs).toBeLessThan(stunMs + 200);
    expect((await client.pingFromVm({ vm: "peer", target: "app", count: 2, intervalMs: 20 })).received).toBe(2);
  });

  it("replays the migrations to the same state on every process", async () => {
    const { replay } = await import("@vdsim/client");
    const r = await replay(client, { verify: true });
    expect(r.checks.map((c) => [c.who, c.ok])).toEqual([
      ["management", true],
      ["esx-01", true],
      ["esx-02", true],
      ["esx-03", true],
    ]);
  });
});
