import { describe, expect, it } from "vitest";
import type { PortSpec, SwitchSpec } from "./config.js";
import { HostDataPlane } from "./data-plane.js";
import { MessageTooLongError } from "./errors.js";
import { fragment, icmpEcho } from "./frame-builders.js";
import { IpEndpoint } from "./ip-endpoint.js";
import { ethernet, mac, port, standardSwitch, toPorts, toUplinks } from "./testing/fixtures.js";
import { Lab } from "./testing/lab.js";

const A = mac(1);
const B = mac(2);

const vswitch = (mtu: number): SwitchSpec => ({ ...standardSwitch("vSwitch1", ["vmnic1"]), mtu });
const vmknic = (id: string, macAddress: string, mtu: number): PortSpec => ({ ...port(id, "vSwitch1", macAddress, { teaming: { activeUplinks: ["vmnic1"] } }), kind: "vmknic", mtu });

/** One host: vSwitch1 (uplink vmnic1) of `switchMtu` with vmk1 of `vmkMtu`. */
function host(switchMtu: number, vmkMtu: number, macAddress = A): HostDataPlane {
  const dp = new HostDataPlane();
  dp.configure({ switches: [vswitch(switchMtu)], ports: [vmknic("vmk1", macAddress, vmkMtu)] });
  return dp;
}

/** A vmknic's stack with its MTU. */
const stack = (n: number, mtu: number): IpEndpoint => new IpEndpoint({ mac: mac(n), ip: `192.168.50.${n}`, netmask: "255.255.255.0", mtu });

/** Two hosts on one physical network, each with vmk1 on vSwitch1, pinging 192.168.50.2 from 192.168.50.1. */
function twoHosts(mtus: { vmk1: number; vswitch1: number; vswitch2: number; vmk2: number }) {
  const hosts = { esx1: host(mtus.vswitch1, mtus.vmk1, A), esx2: host(mtus.vswitch2, mtus.vmk2, B) };
  const lab = new Lab(hosts);
  const a = lab.attach("esx1", "vmk1", stack(1, mtus.vmk1));
  lab.attach("esx2", "vmk1", stack(2, mtus.vmk2));
  const ping = (dataBytes: number, dontFragment: boolean, seq = 1) =>
    lab.send("esx1", "vmk1", a.ping("192.168.50.2", 1, seq, 0, dataBytes, dontFragment), 0).filter((e) => e.event.type === "echo-reply");
  return { hosts, ping };
}

describe("MTU along the path", () => {
  it("drops a frame larger than its switch's MTU where it enters, and counts it as mtu on the sender's port", () => {
    const dp = new HostDataPlane();
    dp.configure({ switches: [vswitch(1500)], ports: [port("1", "vSwitch1", A), port("2", "vSwitch1", B)] });
    expect(dp.transmit("1", ethernet(A, B, { length: 1518 }), 0)).not.toEqual([]);
    expect(dp.transmit("1", ethernet(A, B, { length: 1519 }), 1)).toEqual([]);
    expect(dp.portStats("1").dropped).toEqual({ vlan: 0, security: 0, shaping: 0, blocked: 0, noPort: 0, mtu: 1 });
    expect(dp.portStats("1").packetsIn).toBe(1);
    expect(dp.lastDrop).toMatchObject({ reason: "mtu", switch: "vSwitch1", portId: "1" });
  });

  it("does not send a frame out of an uplink when it exceeds the switch's MTU, even from a 9000-byte vmknic", () => {
    const dp = host(1500, 9000);
    expect(toUplinks(dp.transmit("vmk1", ethernet(A, B, { length: 9018 }), 0))).toEqual([]);
    expect(dp.switchStats("vSwitch1").uplinks[0]).toMatchObject({ packetsOut: 0 });
    expect(dp.portStats("vmk1").dropped.mtu).toBe(1);
  });

  it("drops a frame from the physical network over the switch's MTU, counted on the port it was for", () => {
    const dp = host(1500, 1500);
    expect(dp.receiveFromUplink("vmnic1", ethernet(B, A, { length: 9018 }), 0)).toEqual([]);
    expect(dp.receiveFromUplink("vmnic1", ethernet(B, mac(9), { length: 9018 }), 0)).toEqual([]);
    expect(dp.portStats("vmk1").dropped.mtu).toBe(1);
    expect(dp.switchStats("vSwitch1")).toMatchObject({ droppedMtu: 1, uplinks: [{ packetsIn: 2 }] });
    expect(dp.lastDrop).toMatchObject({ reason: "mtu", portId: null, vmnic: "vmnic1" });
  });

  it("does not deliver to a vmknic a frame over the vmknic's own MTU on a jumbo switch", () => {
    const dp = new HostDataPlane();
    dp.configure({ switches: [vswitch(9000)], ports: [port("1", "vSwitch1", A), vmknic("vmk1", B, 1500)] });
    dp.transmit("vmk1", ethernet(B, A), 0);
    expect(toPorts(dp.transmit("1", ethernet(A, B, { length: 9018 }), 1))).toEqual([]);
    expect(dp.portStats("vmk1").dropped.mtu).toBe(1);
    expect(dp.portStats("1").packetsIn).toBe(1);
  });

  it("a don't-fragment 8972-byte ping passes a path that is 9000 end to end", () => {
    const { hosts, ping } = twoHosts({ vmk1: 9000, vswitch1: 9000, vswitch2: 9000, vmk2: 9000 });
    expect(ping(8972, true)).toHaveLength(1);
    // 8972 data + 8 ICMP + 20 IPv4 + 18 Ethernet (header and FCS): the echo request and reply are one frame each way
    expect(hosts.esx2.switchStats("vSwitch1").uplinks[0]).toMatchObject({ packetsIn: 2, packetsOut: 2, bytesIn: 64 + 9018 });
  });

  it.each([
    ["the sender's switch", { vmk1: 9000, vswitch1: 1500, vswitch2: 9000, vmk2: 9000 }, "esx1"],
    ["the receiver's switch", { vmk1: 9000, vswitch1: 9000, vswitch2: 1500, vmk2: 9000 }, "esx2"],
    ["the receiver's vmknic", { vmk1: 9000, vswitch1: 9000, vswitch2: 9000, vmk2: 1500 }, "esx2"],
  ] as const)("the smallest MTU on the path wins: a 1500 hop at %s drops the jumbo echo and counts it", (_, mtus, where) => {
    const { hosts, ping } = twoHosts(mtus);
    expect(ping(8972, true)).toEqual([]);
    expect(hosts[where].portStats("vmk1").dropped.mtu).toBe(1);
    expect(ping(1472, true, 2)).toHaveLength(1);
  });

  it("refuses a don't-fragment echo larger than the vmknic's own MTU before sending anything", () => {
    const a = stack(1, 1500);
    expect(() => a.ping("192.168.50.2", 1, 1, 0, 1473, true)).toThrow(MessageTooLongError);
    expect(a.ping("192.168.50.2", 1, 1, 0, 1472, true)).toHaveLength(1);
  });

  it("fragments an echo without don't fragment to the vmknic's MTU; the fragments cross a 1500 path and the reply comes back", () => {
    const { hosts, ping } = twoHosts({ vmk1: 1500, vswitch1: 1500, vswitch2: 1500, vmk2: 1500 });
    expect(ping(8972, false)).toHaveLength(1);
    // 8980 bytes of ICMP in 1480-byte pieces: six fragments of 1518 bytes and one of 138, each way (after the ARP exchange)
    expect(hosts.esx2.switchStats("vSwitch1").uplinks[0]).toMatchObject({ packetsIn: 1 + 7, packetsOut: 1 + 7 });
    expect(hosts.esx2.portStats("vmk1").dropped.mtu).toBe(0);
  });

  it("splits a packet as IP does: 8-byte multiples, the payload in the first fragment only", () => {
    const echo = icmpEcho("echo-request", { srcMac: A, dstMac: B, srcIp: "1.1.1.1", dstIp: "1.1.1.2", id: 1, seq: 1, sentAt: 0, dataBytes: 3000 });
    const parts = fragment(echo, 1500);
    expect(parts.map((f) => f.length)).toEqual([1518, 1518, 86]);
    expect(parts.map((f) => f.payload?.kind)).toEqual(["icmp", undefined, undefined]);
    expect(fragment(echo, 9000)).toEqual([echo]);
  });
});
