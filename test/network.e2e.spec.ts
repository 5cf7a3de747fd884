import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pingall, type VdsimClient } from "@vdsim/client";
import { startCluster, type ClusterHandle } from "@vdsim/cluster";
import type { PortCounters } from "@vdsim/protocol";
import { waitFor } from "@vdsim/runtime";

const portOf = async (client: VdsimClient, owner: string): Promise<PortCounters> => {
  const p = (await client.portCounters()).find((c) => c.owner === owner);
  if (!p) throw new Error(`no port for ${owner}`);
  return p;
};

describe("the data plane across host agents: frames flow, policies bite", () => {
  let cluster: ClusterHandle;
  let client: VdsimClient;
  const wait = { waitMs: 10_000 };
  const sentBy = async (flow: string): Promise<number> => (await client.trafficStats()).find((s) => s.flow === flow && s.role === "sender")?.sent ?? 0;

  beforeAll(async () => {
    cluster = await startCluster({ hosts: 2 });
    client = cluster.client;
    await client.createSwitch("dvs1");
    await client.addHostToSwitch("dvs1", "esx-01", ["vmnic1"], wait);
    await client.addHostToSwitch("dvs1", "esx-02", ["vmnic1"], wait);
    await client.addPortGroup("dvs1", "web", { vlan: { kind: "vlan", id: 10 }, ports: 16 });
    await client.addPortGroup("dvs1", "db", { vlan: { kind: "vlan", id: 20 } });
    await client.createVm("a1", "esx-01", ["web"], wait);
    await client.createVm("a2", "esx-01", ["web"], wait);
    await client.createVm("b1", "esx-02", ["web"], wait);
    await client.createVm("d1", "esx-02", ["db"], wait);
  });

  afterAll(async () => {
    await cluster?.down();
  });

  it("two VMs on one host ping each other", async () => {
    const r = await client.pingFromVm({ vm: "a1", target: "a2", count: 3, intervalMs: 20 });
    expect(r.received).toBe(3);
  });

  it("two VMs on different hosts ping over the uplinks", async () => {
    const r = await client.pingFromVm({ vm: "a1", target: "b1", count: 3, intervalMs: 20 });
    expect(r.received).toBe(3);
    expect(r.targetIp).toBe("10.128.0.2");
  });

  it("a VLAN mismatch isolates VMs, and pingall shows every pair with its reason", async () => {
    const r = await client.pingFromVm({ vm: "a1", target: "d1", count: 1, timeoutMs: 500 });
    expect(r.received).toBe(0);
    const all = await pingall(client, { timeoutMs: 500 });
    expect(all.unexpected).toBe(0);
    expect(all.pairs).toHaveLength(12);
    const isolated = all.pairs.filter((p) => !p.expected.reachable).map((p) => [p.from, p.to, p.expected.reachable ? "" : p.expected.reason]);
    expect(isolated).toEqual([
      ["a1", "d1", "vlan-mismatch"],
      ["a2", "d1", "vlan-mismatch"],
      ["b1", "d1", "vlan-mismatch"],
      ["d1", "a1", "vlan-mismatch"],
      ["d1", "a2", "vlan-mismatch"],
      ["d1", "b1", "vlan-mismatch"],
    ]);
    expect(all.pairs.filter((p) => p.reached)).toHaveLength(6);
  });

  it("forged transmits reject drops a spoofed frame and counts it; accept lets it through", async () => {
    const before = await portOf(client, "a1");
    await client.spoofFromVm("a1", "00:50:56:aa:bb:cc", "a2", 3);
    await waitFor("the drops to be counted", async () =>
      (await portOf(client, "a1")).dropped.security >= before.dropped.security + 3 ? true : undefined,
    );
    await client.setPortGroupPolicy("dvs1", "web", { allowForgedTransmits: true }, wait);
    const mid = await portOf(client, "a1");
    await client.spoofFromVm("a1", "00:50:56:aa:bb:cc", "a2", 2);
    const after = await portOf(client, "a1");
    expect(after.dropped.security).toBe(mid.dropped.security);
    expect(after.packetsIn).toBeGreaterThanOrEqual(mid.packetsIn + 2);
  });

  it("a blocked port stops traffic, and unblocking restores it", async () => {
    await client.setPortGroupPolicy("dvs1", "web", { blocked: true }, wait);
    expect((await client.pingFromVm({ vm: "a1", target: "b1", count: 1, timeoutMs: 400 })).received).toBe(0);
    expect((await portOf(client, "a1")).dropped.blocked).toBeGreaterThan(0);
    await client.setPortGroupPolicy("dvs1", "web", { blocked: false }, wait);
    expect((await client.pingFromVm({ vm: "a1", target: "b1", count: 2, intervalMs: 20 })).received).toBe(2);
  });

  it("traffic shaping caps a stream near the configured average rate", async () => {
    // 400 frames/s of 512 bytes is ~1.64 Mbit/s; shaped to 400 kbit/s that is ~98 frames/s
    await client.setPortGroupPolicy("dvs1", "web", { averageKbps: 400, peakKbps: 400, burstKB: 4 }, wait);
    await client.startTraffic({ flow: "shaped", fromVm: "a2", to: "b1", pps: 400, length: 512 });
    const t0 = Date.now();
    await waitFor("1200 frames sent (3 s at 400 frames/s)", async () => ((await sentBy("shaped")) >= 1_200 ? true : undefined), 20_000, 100);
    await client.stopTraffic("shaped");
    const seconds = (Date.now() - t0) / 1000;
    const stats = await client.trafficStats();
    const sent = stats.find((s) => s.flow === "shaped" && s.role === "sender")!.sent;
    const received = stats.find((s) => s.flow === "shaped" && s.role === "receiver")?.received ?? 0;
    const expectedFrames = ((400_000 / 8) * seconds) / 512;
    expect(sent).toBeGreaterThan(received * 2);
    expect(received).toBeGreaterThan(expectedFrames * 0.7);
    expect(received).toBeLessThan(expectedFrames * 1.3 + (4 * 1024) / 512);
    expect((await portOf(client, "a2")).dropped.shaping).toBeGreaterThan(0);
    await client.setPortGroupPolicy("dvs1", "web", { shapingEnabled: false }, wait);
  });

  it("unshaped traffic between hosts loses nothing", async () => {
    await client.startTraffic({ flow: "clean", fromVm: "a1", to: "b1", pps: 200 });
    await waitFor("300 frames sent (1.5 s at 200 frames/s)", async () => ((await sentBy("clean")) >= 300 ? true : undefined), 20_000, 100);
    await client.stopTraffic("clean");
    // the last frames may still be on the wire when the sender stops: wait for them, then judge
    const flow = await waitFor("the last frames to arrive", async () => {
      const f = (await client.flows()).find((x) => x.flow === "clean");
      return f && !f.running && f.received >= f.sent ? f : undefined;
    }).catch(async () => (await client.flows()).find((x) => x.flow === "clean"));
    expect(flow?.sent).toBeGreaterThanOrEqual(300);
    expect(flow?.lost).toBe(0);
    expect(flow?.received).toBe(flow?.sent);
  });

  it("vmkping reaches another host's vMotion vmknic through the data plane", async () => {
    for (const [host, ip] of [
      ["esx-01", "192.168.50.1"],
      ["esx-02", "192.168.50.2"],
    ] as const) {
      expect((await client.hostCli(host, "vicfg-vswitch", ["-A", "vMotion", "vSwitch0"])).exitCode).toBe(0);
      expect((await client.hostCli(host, "vicfg-vmknic", ["-a", "-i", ip, "-n", "255.255.255.0", "vMotion"])).exitCode).toBe(0);
      expect((await client.hostCli(host, "vicfg-vmknic", ["--enable-vmotion", "vMotion"])).exitCode).toBe(0);
    }
    const ping = await client.hostCli("esx-01", "vmkping", ["-I", "vmk1", "192.168.50.2"]);
    expect(ping.exitCode).toBe(0);
    expect(ping.stdout).toMatch(/3 packets transmitted, 3 packets received, 0% packet loss/);
    const nowhere = await client.hostCli("esx-01", "vmkping", ["-I", "vmk1", "-c", "1", "192.168.50.99"]);
    expect(nowhere.exitCode).not.toBe(0);
  });
});
