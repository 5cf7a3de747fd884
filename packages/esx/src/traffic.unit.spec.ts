import { describe, expect, it } from "vitest";
import { TRAFFIC_TICK_MS } from "./traffic.js";
import { twoHostsWithVms } from "./testing/two-hosts.js";

const sender = (lab: ReturnType<typeof twoHostsWithVms>, flow: string) => lab.hosts["esx-01"].flowStats().find((f) => f.flow === flow && f.role === "sender");
const receiver = (lab: ReturnType<typeof twoHostsWithVms>, flow: string) => lab.hosts["esx-02"].flowStats().find((f) => f.flow === flow && f.role === "receiver");

describe("traffic generators", () => {
  it("send at their rate over simulated time, in bursts of rate x tick, once the destination resolved", async () => {
    const lab = twoHostsWithVms();
    lab.hosts["esx-01"].startFlow("f1", "a", lab.ipOf("b"), 1_000, 512);
    await lab.clock.advance(100);
    const before = sender(lab, "f1")?.sent ?? 0;
    const carriedBefore = lab.wire.carried.length;
    await lab.clock.advance(1_000);
    expect((sender(lab, "f1")?.sent ?? 0) - before).toBe(1_000);
    const bursts = new Map<number, number>();
    for (const c of lab.wire.carried.slice(carriedBefore)) bursts.set(c.at, (bursts.get(c.at) ?? 0) + 1);
    expect(new Set(bursts.values())).toEqual(new Set([(1_000 * TRAFFIC_TICK_MS) / 1_000]));
    expect(lab.wire.carried.slice(carriedBefore).every((c) => c.frame.length === 512)).toBe(true);
  });

  it("number datagrams 1, 2, 3...: the receiver has every one, in order, the last equal to the sender's count", async () => {
    const lab = twoHostsWithVms();
    lab.hosts["esx-01"].startFlow("f1", "a", lab.ipOf("b"), 500, 128);
    await lab.clock.advance(2_000);
    expect(lab.hosts["esx-01"].stopFlows()).toEqual(["f1"]);
    await lab.clock.advance(10);
    const sent = sender(lab, "f1")?.sent;
    expect(sent).toBeGreaterThan(990);
    expect(receiver(lab, "f1")).toMatchObject({ vm: "b", peerIp: lab.ipOf("a"), received: sent, lastSeq: sent });
    const [handed] = lab.hosts["esx-02"].stunVm("b").receivers;
    expect(handed?.stats).toMatchObject({ lost: 0, outOfOrder: 0 });
  });

  it("count frames lost on the wire as holes in the receiver's sequence", async () => {
    const lab = twoHostsWithVms();
    lab.wire.lose = (f) => f.payload?.kind === "traffic" && f.payload.seq % 10 === 0;
    lab.hosts["esx-01"].startFlow("f1", "a", lab.ipOf("b"), 1_000, 64);
    await lab.clock.advance(1_000);
    lab.hosts["esx-01"].stopFlows("f1");
    await lab.clock.advance(10);
    const sent = sender(lab, "f1")?.sent ?? 0;
    const lastSeq = sent - (sent % 10 === 0 ? 1 : 0);
    const received = receiver(lab, "f1");
    expect(received).toMatchObject({ lastSeq, received: sent - Math.floor(sent / 10) });
    const [handed] = lab.hosts["esx-02"].stunVm("b").receivers;
    expect(handed?.stats.lost).toBe(Math.floor(lastSeq / 10));
  });

  it("stop sending when a stop asks, and stop the clock's tick with the last flow", async () => {
    const lab = twoHostsWithVms();
    const pending = lab.clock.pending;
    lab.hosts["esx-01"].startFlow("f1", "a", lab.ipOf("b"), 100, 64);
    expect(() => lab.hosts["esx-01"].startFlow("f1", "a", lab.ipOf("b"), 100, 64)).toThrow(/already running/);
    await lab.clock.advance(500);
    expect(lab.hosts["esx-01"].stopFlows()).toEqual(["f1"]);
    const sent = sender(lab, "f1")?.sent;
    await lab.clock.advance(500);
    expect(sender(lab, "f1")).toMatchObject({ sent, running: false });
    expect(lab.clock.pending).toBe(pending);
  });

  it("stop a flow whose VM left the host, and say so", async () => {
    const lab = twoHostsWithVms();
    lab.hosts["esx-01"].startFlow("f1", "a", lab.ipOf("b"), 100, 64);
    await lab.clock.advance(100);
    lab.run({ type: "RemoveVm", vm: "a" });
    expect(sender(lab, "f1")?.running).toBe(false);
    expect(lab.logged).toEqual([{ host: "esx-01", fields: { flow: "f1", vm: "a" }, message: "traffic flow stopped: its VM left this host" }]);
  });
});
