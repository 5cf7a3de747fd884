import { describe, expect, it } from "vitest";
import { HostDataPlane } from "./data-plane.js";
import { ETHERTYPE, type Frame } from "./frame.js";
import { IpEndpoint } from "./ip-endpoint.js";
import { mac, port, proxySwitch } from "./testing/fixtures.js";
import { Lab } from "./testing/lab.js";
import { TrafficReceiver, TrafficSender } from "./traffic.js";

const endpoint = (n: number): IpEndpoint => new IpEndpoint({ mac: mac(n), ip: `10.0.0.${n}`, netmask: "255.255.255.0" });
const seqOf = (f: Frame): number | undefined => (f.payload?.kind === "traffic" ? f.payload.seq : undefined);

describe("TrafficSender", () => {
  it("ARPs first, skips what falls due meanwhile, then sends what is due with increasing seq", () => {
    const src = endpoint(1);
    const sender = new TrafficSender({ flow: "f1", source: src, dstIp: "10.0.0.2", pps: 10, startAt: 0 });
    expect(sender.due(0).map((f) => f.ethertype)).toEqual([ETHERTYPE.ARP]);
    expect(sender.due(50)).toEqual([]);
    expect(sender.due(150)).toEqual([]);
    expect(sender.skipped).toBe(2);
    src.handle(endpoint(2).handle(src.arpRequestFor("10.0.0.2"), 200).send[0]!, 200);
    const frames = sender.due(500);
    expect(frames.map(seqOf)).toEqual([1, 2, 3, 4]);
    expect(frames[0]).toMatchObject({ src: mac(1), dst: mac(2), length: 64, payload: { flow: "f1", srcIp: "10.0.0.1", dstIp: "10.0.0.2", sentAt: 500 } });
    expect(sender.due(599).map(seqOf)).toEqual([]);
    expect(sender.due(600).map(seqOf)).toEqual([5]);
    expect(sender.sent).toBe(5);
  });

  it("refuses a rate that is not positive", () => {
    expect(() => new TrafficSender({ flow: "f", source: endpoint(1), dstIp: "10.0.0.2", pps: 0, startAt: 0 })).toThrow(RangeError);
  });
});

describe("TrafficReceiver", () => {
  it("counts gaps in seq as lost and keeps the longest time between receipts", () => {
    const rx = new TrafficReceiver();
    for (const [seq, at] of [[1, 100], [2, 200], [4, 400], [5, 500]] as const) rx.record("f1", seq, at);
    expect(rx.stats("f1")).toEqual({ flow: "f1", received: 4, lost: 1, outOfOrder: 0, lastSeq: 5, longestGapMs: 200, firstAt: 100, lastAt: 500 });
    expect(rx.stats("f1", 7).lost).toBe(3);
  });

  it("counts a late or repeated seq apart", () => {
    const rx = new TrafficReceiver();
    for (const seq of [1, 3, 2, 3]) rx.record("f1", seq, 0);
    expect(rx.stats("f1")).toMatchObject({ received: 4, lost: 1, outOfOrder: 2, lastSeq: 3 });
  });

  it("reports a flow it never heard of as all lost", () => {
    expect(new TrafficReceiver().stats("f9", 3)).toMatchObject({ received: 0, lost: 3, lastSeq: 0, firstAt: null });
  });
});

describe("a flow across two hosts", () => {
  it("shows lost=1 and the longest gap when one frame is lost on the wire", () => {
    const hosts = { esx1: new HostDataPlane(), esx2: new HostDataPlane() };
    hosts.esx1.configure({ switches: [proxySwitch("dvs1")], ports: [port("1", "dvs1", mac(1))] });
    hosts.esx2.configure({ switches: [proxySwitch("dvs1")], ports: [port("2", "dvs1", mac(2))] });
    const lab = new Lab(hosts);
    const src = lab.attach("esx1", "1", endpoint(1));
    lab.attach("esx2", "2", endpoint(2));
    lab.lose = (f) => seqOf(f) === 3;
    const sender = new TrafficSender({ flow: "f1", source: src, dstIp: "10.0.0.2", pps: 10, startAt: 0 });
    const rx = new TrafficReceiver();
    for (let now = 0; now <= 1_000; now += 100) {
      const events = lab.send("esx1", "1", sender.due(now), now).filter((e) => e.host === "esx2");
      rx.onEvents(
        events.map((e) => e.event),
        now,
      );
    }
    expect(sender.sent).toBe(10);
    expect(rx.stats("f1", sender.sent)).toMatchObject({ received: 9, lost: 1, lastSeq: 10, longestGapMs: 200 });
  });
});
