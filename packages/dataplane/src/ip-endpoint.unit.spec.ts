import { describe, expect, it } from "vitest";
import { HostDataPlane } from "./data-plane.js";
import { arpRequest } from "./frame-builders.js";
import { BROADCAST, ETHERTYPE } from "./frame.js";
import { IpEndpoint } from "./ip-endpoint.js";
import { deliveredTo, ethernet, mac, port, proxySwitch, trunk, vlan, type PolicyPatch } from "./testing/fixtures.js";
import { Lab } from "./testing/lab.js";

const endpoint = (n: number, vlanTag = 0): IpEndpoint => new IpEndpoint({ mac: mac(n), ip: `10.0.0.${n}`, netmask: "255.255.255.0", vlan: vlanTag });

function oneHost(patch1: PolicyPatch = {}, patch2: PolicyPatch = {}): HostDataPlane {
  const dp = new HostDataPlane();
  dp.configure({ switches: [proxySwitch("dvs1")], ports: [port("1", "dvs1", mac(1), patch1), port("2", "dvs1", mac(2), patch2)] });
  return dp;
}

describe("IpEndpoint", () => {
  it("pings through the switch: ARP request, ARP reply, the queued echo request, the echo reply", () => {
    const dp = oneHost();
    const lab = new Lab({ esx1: dp });
    const a = lab.attach("esx1", "1", endpoint(1));
    const b = lab.attach("esx1", "2", endpoint(2));
    const first = a.ping("10.0.0.2", 7, 1, 0);
    expect(first.map((f) => [f.ethertype, f.dst])).toEqual([[ETHERTYPE.ARP, BROADCAST]]);
    const events = lab.send("esx1", "1", first, 0).map((e) => e.event);
    expect(events).toEqual([
      { type: "arp-resolved", ip: "10.0.0.1", mac: mac(1) },
      { type: "arp-resolved", ip: "10.0.0.2", mac: mac(2) },
      { type: "echo-request", fromIp: "10.0.0.1", id: 7, seq: 1 },
      { type: "echo-reply", fromIp: "10.0.0.2", id: 7, seq: 1, rttMs: 0 },
    ]);
    expect(a.resolve("10.0.0.2")).toBe(mac(2));
    expect(b.resolve("10.0.0.1")).toBe(mac(1));
    expect(dp.portStats("1")).toMatchObject({ packetsIn: 2, packetsOut: 2 });
    expect(dp.portStats("2")).toMatchObject({ packetsIn: 2, packetsOut: 2 });
  });

  it("keeps when each neighbor was learned, and refreshes it when the neighbor asks again", () => {
    const a = endpoint(1);
    a.handle(arpRequest(mac(2), "10.0.0.2", "10.0.0.1"), 1_000);
    expect(a.arpEntries()).toEqual([{ ip: "10.0.0.2", mac: mac(2), learnedAt: 1_000 }]);
    a.handle(arpRequest(mac(2), "10.0.0.2", "10.0.0.1"), 5_000);
    expect(a.arpEntries()).toEqual([{ ip: "10.0.0.2", mac: mac(2), learnedAt: 5_000 }]);
    a.forget("10.0.0.2");
    expect(a.arpEntries()).toEqual([]);
  });

  it("measures the round trip from the echo request's send time", () => {
    const dp = oneHost();
    const a = endpoint(1);
    const b = endpoint(2);
    a.handle(b.handle(a.arpRequestFor("10.0.0.2"), 0).send[0]!, 0);
    const [request] = a.ping("10.0.0.2", 1, 2, 1_000, 1_000);
    const reply = b.handle(deliveredTo(dp.transmit("1", request!, 1_000), "2"), 1_001).send[0]!;
    expect(reply.length).toBe(request!.length);
    const { events } = a.handle(deliveredTo(dp.transmit("2", reply, 1_003), "1"), 1_003);
    expect(events).toEqual([{ type: "echo-reply", fromIp: "10.0.0.2", id: 1, seq: 2, rttMs: 3 }]);
  });

  it("pings across hosts through their uplinks", () => {
    const hosts = { esx1: new HostDataPlane(), esx2: new HostDataPlane() };
    hosts.esx1.configure({ switches: [proxySwitch("dvs1")], ports: [port("1", "dvs1", mac(1), { vlan: vlan(10) })] });
    hosts.esx2.configure({ switches: [proxySwitch("dvs1", { uplink1: "vmnic0" })], ports: [port("9", "dvs1", mac(2), { vlan: vlan(10), teaming: {} })] });
    const lab = new Lab(hosts);
    const a = lab.attach("esx1", "1", endpoint(1));
    lab.attach("esx2", "9", endpoint(2));
    const events = lab.send("esx1", "1", a.ping("10.0.0.2", 1, 1, 0), 0);
    expect(events.at(-1)).toEqual({ host: "esx1", portId: "1", event: { type: "echo-reply", fromIp: "10.0.0.2", id: 1, seq: 1, rttMs: 0 } });
    expect(hosts.esx2.switchStats("dvs1").uplinks[0]).toMatchObject({ packetsIn: 2, packetsOut: 2 });
  });

  it("gets no answer across VLANs", () => {
    const lab = new Lab({ esx1: oneHost({ vlan: vlan(10) }, { vlan: vlan(20) }) });
    const a = lab.attach("esx1", "1", endpoint(1));
    lab.attach("esx1", "2", endpoint(2));
    expect(lab.send("esx1", "1", a.ping("10.0.0.2", 1, 1, 0), 0)).toEqual([]);
  });

  it("a guest that tags its frames reaches a VST port of that VLAN through a trunk", () => {
    const lab = new Lab({ esx1: oneHost({ vlan: trunk([10, 20]) }, { vlan: vlan(10) }) });
    const a = lab.attach("esx1", "1", endpoint(1, 10));
    lab.attach("esx1", "2", endpoint(2));
    const events = lab.send("esx1", "1", a.ping("10.0.0.2", 1, 1, 0), 0);
    expect(events.at(-1)?.event).toMatchObject({ type: "echo-reply", fromIp: "10.0.0.2" });
  });

  it("counts and ignores frames for another MAC, and does not answer ARP for another IP", () => {
    const b = endpoint(2);
    expect(b.handle(ethernet(mac(1), mac(3)), 0)).toEqual({ send: [], events: [] });
    expect(b.framesNotForMe).toBe(1);
    expect(b.handle(arpRequest(mac(1), "10.0.0.1", "10.0.0.3"), 0)).toEqual({ send: [], events: [] });
    expect(b.resolve("10.0.0.1")).toBeUndefined();
  });

  it("sends one echo per ping once resolved, and queues pings while ARP is outstanding", () => {
    const a = endpoint(1);
    const b = endpoint(2);
    a.ping("10.0.0.2", 1, 1, 0);
    const arp = a.ping("10.0.0.2", 1, 2, 1);
    const answer = a.handle(b.handle(arp[0]!, 1).send[0]!, 2);
    expect(answer.send.map((f) => f.payload)).toMatchObject([{ seq: 1 }, { seq: 2 }]);
    expect(a.ping("10.0.0.2", 1, 3, 3).map((f) => f.ethertype)).toEqual([ETHERTYPE.IPv4]);
  });

  it("knows its subnet", () => {
    expect([endpoint(1).inSubnet("10.0.0.200"), endpoint(1).inSubnet("10.0.1.2")]).toEqual([true, false]);
  });
});
