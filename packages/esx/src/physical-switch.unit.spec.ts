import { arpRequest, rarpAnnouncement, trafficFrame, withVlan } from "@vdsim/dataplane";
import { describe, expect, it } from "vitest";
import { PhysicalSwitch } from "./physical-switch.js";

const A = "00:50:56:00:00:0a";
const B = "00:50:56:00:00:0b";
const toB = withVlan(trafficFrame({ srcMac: A, dstMac: B, srcIp: "10.0.0.1", dstIp: "10.0.0.2", flow: "f", seq: 1, sentAt: 0, dataBytes: 18 }), 10);

describe("the physical switch as a host sees it", () => {
  it("floods group MACs and unknown unicasts, and sends a learned one to the host behind it", () => {
    let now = 0;
    const sw = new PhysicalSwitch("esx-01", () => now);
    expect(sw.route(arpRequest(A, "10.0.0.1", "10.0.0.2"), "vmnic1")).toEqual({ kind: "flood" });
    expect(sw.route(toB, "vmnic1")).toEqual({ kind: "flood" });
    sw.learn(withVlan(rarpAnnouncement(B), 10), "esx-02", "vmnic1");
    expect(sw.route(toB, "vmnic1")).toEqual({ kind: "unicast", host: "esx-02", vmnic: "vmnic1" });
    now = 300_001;
    expect(sw.route(toB, "vmnic1")).toEqual({ kind: "flood" });
  });

  it("moves a MAC to where a RARP says it is now: behind another of this host's vmnics, or the same one", () => {
    const sw = new PhysicalSwitch("esx-01", () => 0);
    sw.learn(withVlan(rarpAnnouncement(B), 10), "esx-02", "vmnic1");
    sw.learn(withVlan(rarpAnnouncement(B), 10), "esx-01", "vmnic2");
    expect(sw.route(toB, "vmnic1")).toEqual({ kind: "local", vmnic: "vmnic2" });
    expect(sw.route(toB, "vmnic2")).toEqual({ kind: "none" });
    expect(sw.table()).toEqual(expect.arrayContaining([{ vlan: 10, mac: B, host: "esx-01", vmnic: "vmnic2" }]));
  });
});
