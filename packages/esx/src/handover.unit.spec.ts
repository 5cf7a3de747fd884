import { ETHERTYPE } from "@vdsim/dataplane";
import { describe, expect, it } from "vitest";
import { twoHostsWithVms, type TwoHosts } from "./testing/two-hosts.js";

const ECHO = { count: 1, intervalMs: 200, timeoutMs: 1_000 };

/** b (on esx-02) sends to a (on esx-01) and a to b, both at 1000 frames/s, for a second. */
async function withFlows(): Promise<TwoHosts> {
  const lab = twoHostsWithVms();
  lab.hosts["esx-02"].startFlow("to-a", "b", lab.ipOf("a"), 1_000, 128);
  lab.hosts["esx-01"].startFlow("from-a", "a", lab.ipOf("b"), 1_000, 128);
  await lab.clock.advance(1_000);
  return lab.reserve("m1", "a", "esx-02");
}

const flow = (lab: TwoHosts, host: "esx-01" | "esx-02", name: string, role: "sender" | "receiver") => lab.hosts[host].flowStats().find((f) => f.flow === name && f.role === role);

describe("the handover of a migrating VM's ports", () => {
  it("stun takes the VM's stack and flows off the source: its frames are lost, it sends nothing", async () => {
    const lab = await withFlows();
    const ipA = lab.ipOf("a");
    const state = lab.hosts["esx-01"].stunVm("a");
    expect(state.senders).toEqual([{ flow: "from-a", dstIp: lab.ipOf("b"), pps: 1_000, length: 128, seq: expect.any(Number), running: true }]);
    expect(state.receivers.map((r) => r.stats.flow)).toEqual(["to-a"]);
    expect(lab.hosts["esx-01"].endpointOf("a")).toBeUndefined();
    const toB = flow(lab, "esx-02", "from-a", "receiver")?.received;
    const ping = lab.hosts["esx-02"].ping("b", ipA, ECHO);
    await lab.clock.advance(1_000);
    expect(await ping).toEqual([{ kind: "timeout" }]);
    expect(flow(lab, "esx-02", "from-a", "receiver")?.received).toBe(toB);
    expect(flow(lab, "esx-01", "to-a", "receiver")).toBeUndefined();
    // a reconcile while stunned (the log moves on) does not bring the stack back
    lab.realize();
    expect(lab.hosts["esx-01"].endpointOf("a")).toBeUndefined();
  });

  it("resume on the destination carries on the same dvPort with its counters, and the flows from their sequence numbers", async () => {
    const lab = await withFlows();
    const source = lab.hosts["esx-01"].portCounters().find((p) => p.owner === "a");
    const state = lab.hosts["esx-01"].stunVm("a");
    const sentBefore = state.senders[0]?.seq ?? 0;
    const receivedBefore = state.receivers[0]?.stats.received ?? 0;
    lab.commit("m1", "a", "esx-02");
    expect(lab.hosts["esx-01"].endpointOf("a")).toBeUndefined();
    expect(lab.hosts["esx-02"].resumeVm("a", state)).toEqual({ rarpSent: true });
    const destination = lab.hosts["esx-02"].portCounters().find((p) => p.owner === "a");
    expect(destination).toEqual({ ...source, host: "esx-02" });
    // the VM's stack ARPs afresh before its flow sends again; from then on, at its rate
    await lab.clock.advance(100);
    const resumedAt = flow(lab, "esx-02", "from-a", "sender")?.sent ?? 0;
    expect(resumedAt).toBeGreaterThan(sentBefore);
    await lab.clock.advance(1_000);
    const sender = flow(lab, "esx-02", "from-a", "sender");
    expect(sender?.sent).toBe(resumedAt + 1_000);
    expect(flow(lab, "esx-02", "from-a", "receiver")).toMatchObject({ received: sender?.sent, lastSeq: sender?.sent });
    const toA = flow(lab, "esx-02", "to-a", "receiver");
    expect(toA?.vm).toBe("a");
    expect(toA?.received).toBeGreaterThan(receivedBefore);
    expect(flow(lab, "esx-01", "to-a", "receiver")).toBeUndefined();
  });

  it("resume sends a RARP for the VM's MAC when the port group notifies switches, so the source's side learns where it went", async () => {
    const lab = await withFlows();
    const mac = lab.hosts["esx-01"].endpointOf("a")?.spec.mac;
    const state = lab.hosts["esx-01"].stunVm("a");
    lab.commit("m1", "a", "esx-02");
    const from = lab.wire.carried.length;
    lab.hosts["esx-02"].resumeVm("a", state);
    await lab.clock.advance(1);
    const rarps = lab.wire.carried.slice(from).filter((c) => c.frame.ethertype === ETHERTYPE.RARP);
    expect(rarps.map((c) => ({ from: c.from, to: c.to, src: c.frame.src, vlan: c.frame.vlan }))).toEqual([{ from: "esx-02", to: "esx-01", src: mac, vlan: 10 }]);
  });

  it("resume sends no RARP when the port group does not notify switches", async () => {
    const lab = await withFlows();
    lab.run({ type: "SetDistributedPortGroupPolicy", vds: "dvs1", portgroup: "web", patch: { notifySwitches: false } });
    const state = lab.hosts["esx-01"].stunVm("a");
    lab.commit("m1", "a", "esx-02");
    const from = lab.wire.carried.length;
    expect(lab.hosts["esx-02"].resumeVm("a", state)).toEqual({ rarpSent: false });
    await lab.clock.advance(1);
    expect(lab.wire.carried.slice(from).some((c) => c.frame.ethertype === ETHERTYPE.RARP)).toBe(false);
  });

  it("unstun on the source (a switchover that did not commit) brings the stack and the flows back where they were", async () => {
    const lab = await withFlows();
    const state = lab.hosts["esx-01"].stunVm("a");
    lab.hosts["esx-01"].unstunVm("a", state);
    expect(lab.hosts["esx-01"].endpointOf("a")).toBeDefined();
    await lab.clock.advance(1_000);
    const sender = flow(lab, "esx-01", "from-a", "sender");
    expect(sender?.running).toBe(true);
    expect(sender?.sent).toBeGreaterThan((state.senders[0]?.seq ?? 0) + 900);
    expect(flow(lab, "esx-02", "from-a", "receiver")).toMatchObject({ received: sender?.sent, lastSeq: sender?.sent });
    expect(flow(lab, "esx-01", "to-a", "receiver")?.received).toBeGreaterThan(state.receivers[0]?.stats.received ?? 0);
    const ping = lab.hosts["esx-02"].ping("b", lab.ipOf("a"), ECHO);
    await lab.clock.advance(10);
    expect(await ping).toEqual([{ kind: "reply", rttMs: 0 }]);
  });
});
