import type { HostCommand } from "@vdsim/model";
import { describe, expect, it } from "vitest";
import { parseHostCli } from "../parse.js";
import { HostCliError, type HostQuery } from "../request.js";

const esxcli = (line: string) => parseHostCli("esxcli", line.split(" "));
const command = (c: HostCommand) => ({ kind: "command", tool: "esxcli", command: c });
const query = (q: HostQuery) => ({ kind: "query", tool: "esxcli", query: q });
const failure = (line: string): HostCliError => {
  try {
    esxcli(line);
  } catch (err) {
    expect(err).toBeInstanceOf(HostCliError);
    return err as HostCliError;
  }
  throw new Error(`esxcli ${line} was accepted`);
};
const vmk1 = { name: "vmk1" };

describe("esxcli network ip interface tag, route, neighbor, netstack; nic get; vm port list; standard set -c", () => {
  it.each<[string, object]>([
    ["network ip interface tag get -i vmk0", query({ type: "GetVmkNicTags", vmknic: "vmk0" })],
    ["network ip interface tag add -i vmk1 -t VSAN", command({ type: "SetVmkNicServices", vmknic: vmk1, vsan: true })],
    ["network ip interface tag add --interface-name=vmk1 --tagname=faultToleranceLogging", command({ type: "SetVmkNicServices", vmknic: vmk1, faultToleranceLogging: true })],
    ["network ip interface tag add -i vmk1 -t management", command({ type: "SetVmkNicServices", vmknic: vmk1, management: true })],
    ["network ip interface tag remove -i vmk1 -t vSphereReplication", command({ type: "SetVmkNicServices", vmknic: vmk1, vSphereReplication: false })],
    ["network ip route ipv4 list", query({ type: "ListIpv4Routes" })],
    ["network ip route ipv4 list -N defaultTcpipStack", query({ type: "ListIpv4Routes" })],
    ["network ip route ipv4 add -g 192.168.0.1 -n default", command({ type: "AddIpv4Route", network: "0.0.0.0", netmask: "0.0.0.0", gateway: "192.168.0.1" })],
    ["network ip route ipv4 add --gateway=10.0.0.1 --network=172.16.0.0/16", command({ type: "AddIpv4Route", network: "172.16.0.0", netmask: "255.255.0.0", gateway: "10.0.0.1" })],
    ["network ip route ipv4 remove -g 192.168.0.1 -n default", command({ type: "RemoveIpv4Route", network: "0.0.0.0", netmask: "0.0.0.0", gateway: "192.168.0.1" })],
    ["network ip neighbor list", query({ type: "ListNeighbors" })],
    ["network ip neighbor list -i vmk1 -v 4", query({ type: "ListNeighbors", vmknic: "vmk1" })],
    ["network ip neighbor list --version=6", query({ type: "ListNeighbors", ipv6Only: true })],
    ["network ip netstack list", query({ type: "ListNetstacks" })],
    ["network nic get -n vmnic0", query({ type: "GetPhysicalNic", pnic: "vmnic0" })],
    ["network vm port list -w 152423", query({ type: "ListVmPorts", worldId: 152423 })],
    ["network vswitch standard set -v vSwitch0 -c both", command({ type: "SetStandardSwitch", vswitch: "vSwitch0", cdpStatus: "both" })],
    ["network vswitch standard set --vswitch-name=vSwitch0 --cdp-status=Down", command({ type: "SetStandardSwitch", vswitch: "vSwitch0", cdpStatus: "down" })],
  ])("esxcli %s", (line, request) => {
    expect(esxcli(line)).toEqual(request);
  });

  it("refuses vMotion: esxcli offers no way to enable or disable it", () => {
    const on = failure("network ip interface tag add -i vmk1 -t VMotion");
    expect(on.stdout).toBe("You cannot enable vMotion with ESXCLI. Use vicfg-vmknic --enable-vmotion instead.\n");
    expect(on.exitCode).toBe(1);
    expect(failure("network ip interface tag remove -i vmk1 -t vmotion").text).toBe(
      "You cannot disable vMotion with ESXCLI. Use vicfg-vmknic --disable-vmotion instead.",
    );
  });

  it.each<[string, RegExp]>([
    ["network ip interface tag get", /^Error: Missing required parameter -i\|--interface-name\n/],
    ["network ip interface tag add -i vmk1", /^Error: Missing required parameter -t\|--tagname\n/],
    ["network ip interface tag add -i vmk1 -t iSCSI", /^Error: Invalid tag name 'iSCSI'. Supported tags are: Management, VMotion, faultToleranceLogging, vSphereReplication, vSphereReplicationNFC, vSphereProvisioning, VSAN\n/],
    ["network ip route ipv4 add -n default", /^Error: Missing required parameter -g\|--gateway\n/],
    ["network ip route ipv4 add -g 10.0.0.1 -n 10.1.0.0", /^Error: Invalid network '10.1.0.0': expected 'default' or an IPv4 address and prefix length/],
    ["network ip route ipv4 add -g 10.0.0.1 -n 10.1.0.0/33", /^Error: Invalid network '10.1.0.0\/33'/],
    ["network ip route ipv4 list -N vmotion", /^Error: Netstack instance vmotion does not exist\n/],
    ["network ip neighbor list -v 5", /'version'. Expected one of 4, 6, all, got '5'/],
    ["network nic get", /^Error: Missing required parameter -n\|--nic-name\n/],
    ["network vm port list", /^Error: Missing required parameter -w\|--world-id\n/],
    ["network vm port list -w web-01", /^Error: Argument type mismatch\. Expecting integer value\. Got 'web-01'$/],
    ["network vswitch standard set -v vSwitch0 -c sometimes", /^Error: Invalid data constraint for parameter 'cdp-status'. Expected one of down, listen, advertise, both, got 'sometimes'\n/],
    ["network ip interface ipv4 set -i vmk1 -t static -I 10.0.0.5 -N 255.255.255.0 -g 10.0.0.1", /^Error: Invalid option -g\n/],
  ])("esxcli %s", (line, text) => {
    const err = failure(line);
    expect(err.text).toMatch(text);
    expect(err.exitCode).toBe(1);
  });

  it("prints the usage of tag add as esxcli does", () => {
    expect(failure("network ip interface tag add").text).toBe(
      [
        "Error: Missing required parameter -i|--interface-name",
        "",
        "Usage: esxcli network ip interface tag add [cmd options]",
        "",
        "Description:",
        "  add                   Adds a tag on a given VMkernel network interface. Supported tags are: Management, VMotion, faultToleranceLogging, vSphereReplication, vSphereReplicationNFC, vSphereProvisioning, VSAN",
        "",
        "Cmd options:",
        "  -i|--interface-name=<str>",
        "                        Name of vmknic to tag (required)",
        "  -t|--tagname=<str>    Tag name (required)",
      ].join("\n"),
    );
  });
});
