import { describe, expect, it } from "vitest";
import { fragment, icmpEcho, type IcmpEcho } from "@vdsim/dataplane";
import { decodeWireBatch, encodeWireBatch } from "./wire-codec.js";

const ECHO: IcmpEcho = { srcMac: "00:50:56:80:00:01", dstMac: "00:50:56:80:00:02", srcIp: "192.168.50.1", dstIp: "192.168.50.2", id: 7, seq: 1, sentAt: 1.5, dataBytes: 8972 };

describe("the wire codec", () => {
  it("carries an echo's data size and don't-fragment bit, and fragments without payload, unchanged", () => {
    const jumbo = icmpEcho("echo-request", { ...ECHO, dontFragment: true });
    const [first, second] = fragment(icmpEcho("echo-reply", ECHO), 1500);
    const entries = [jumbo, first!, second!].map((frame) => ({ out: "vmnic0", in: undefined, frame }));
    expect(decodeWireBatch(encodeWireBatch("esx-01", entries))).toEqual({ host: "esx-01", entries });
  });
});
