import { describe, expect, it } from "vitest";
import { DomainError } from "../errors.js";
import { broadcastAddress, checkIpv4Config, formatIpv4, inSubnet, parseIpv4, prefixLength } from "./ipv4.js";

describe("IPv4", () => {
  it("parses and formats dotted quads", () => {
    expect(parseIpv4("10.0.0.5")).toBe(0x0a000005);
    expect(formatIpv4(0xc0a8000a)).toBe("192.168.0.10");
    expect(parseIpv4("255.255.255.255")).toBe(0xffffffff);
  });

  it.each(["10.0.0", "10.0.0.256", "10.0.0.05", "a.b.c.d", "10.0.0.5.1", "", "10..0.1"])("refuses %j", (text) => {
    expect(parseIpv4(text)).toBeUndefined();
  });

  it("reads contiguous netmasks only", () => {
    expect(prefixLength("255.255.255.0")).toBe(24);
    expect(prefixLength("255.255.240.0")).toBe(20);
    expect(prefixLength("0.0.0.0")).toBe(0);
    expect(prefixLength("255.0.255.0")).toBeUndefined();
  });

  it("computes the broadcast address and subnet membership", () => {
    expect(broadcastAddress({ address: "10.1.2.3", netmask: "255.255.0.0" })).toBe("10.1.255.255");
    expect(inSubnet({ address: "10.0.0.5", netmask: "255.255.255.0" }, "10.0.0.200")).toBe(true);
    expect(inSubnet({ address: "10.0.0.5", netmask: "255.255.255.0" }, "10.0.1.5")).toBe(false);
  });

  it.each<[string, string, RegExp]>([
    ["10.0.0.256", "255.255.255.0", /Invalid IPv4 address 10.0.0.256/],
    ["127.0.0.1", "255.0.0.0", /not a unicast host address/],
    ["224.0.0.5", "255.255.255.0", /not a unicast host address/],
    ["0.1.2.3", "255.255.255.0", /not a unicast host address/],
    ["10.0.0.5", "255.0.255.0", /Invalid IPv4 netmask 255.0.255.0/],
    ["10.0.0.5", "255.255.255.255", /use a mask of \/8 to \/30/],
    ["10.0.0.0", "255.255.255.0", /network address/],
    ["10.0.0.255", "255.255.255.0", /broadcast address/],
  ])("refuses %s/%s", (address, netmask, message) => {
    expect(() => checkIpv4Config({ address, netmask })).toThrow(DomainError);
    expect(() => checkIpv4Config({ address, netmask })).toThrow(message);
  });

  it("accepts a host address", () => {
    expect(() => checkIpv4Config({ address: "10.0.0.5", netmask: "255.255.255.0" })).not.toThrow();
  });
});
