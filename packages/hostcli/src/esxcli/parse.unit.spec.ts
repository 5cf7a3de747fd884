import type { HostCommand } from "@vdsim/model";
import { describe, expect, it } from "vitest";
import { HostCliError } from "../request.js";
import { parseHostCli } from "../parse.js";
import type { HostQuery } from "../request.js";

const esxcli = (line: string | string[]) => parseHostCli("esxcli", Array.isArray(line) ? line : line.split(" "));
const command = (c: HostCommand) => ({ kind: "command", tool: "esxcli", command: c });
const query = (q: HostQuery) => ({ kind: "query", tool: "esxcli", query: q });

const failure = (line: string | string[]): HostCliError => {
  try {
    esxcli(line);
  } catch (err) {
    expect(err).toBeInstanceOf(HostCliError);
    return err as HostCliError;
  }
  throw new Error(`esxcli ${String(line)} was accepted`);
};

describe("esxcli network vswitch standard", () => {
  it.each<[string, object]>([
    ["network vswitch standard list", query({ type: "ListStandardSwitches" })],
    ["network vswitch standard list -v vSwitch1", query({ type: "ListStandardSwitches", vswitch: "vSwitch1" })],
    ["network vswitch standard add -v vSwitch1 -P 64", command({ type: "AddStandardSwitch", vswitch: "vSwitch1", numPorts: 64 })],
    ["network vswitch standard add --vswitch-name=vSwitch1 --ports=64", command({ type: "AddStandardSwitch", vswitch: "vSwitch1", numPorts: 64 })],
    ["network vswitch standard add --vswitch-name vSwitch1", command({ type: "AddStandardSwitch", vswitch: "vSwitch1" })],
    ["network vswitch standard add -v=vSwitch1", command({ type: "AddStandardSwitch", vswitch: "vSwitch1" })],
    ["network vswitch standard remove -v vSwitch1", command({ type: "RemoveStandardSwitch", vswitch: "vSwitch1" })],
    ["network vswitch standard remove --vswitch-name=vSwitch1", command({ type: "RemoveStandardSwitch", vswitch: "vSwitch1" })],
    ["network vswitch standard set -v vSwitch1 -m 9000", command({ type: "SetStandardSwitch", vswitch: "vSwitch1", mtu: 9000 })],
    ["network vswitch standard set --vswitch-name=vSwitch1 --mtu=9000 --ports=256", command({ type: "SetStandardSwitch", vswitch: "vSwitch1", mtu: 9000, numPorts: 256 })],
    ["network vswitch standard uplink add -u vmnic1 -v vSwitch1", command({ type: "AddStandardSwitchUplink", vswitch: "vSwitch1", uplink: "vmnic1" })],
    ["network vswitch standard uplink add --uplink-name=vmnic1 --vswitch-name=vSwitch1", command({ type: "AddStandardSwitchUplink", vswitch: "vSwitch1", uplink: "vmnic1" })],
    ["network vswitch standard uplink remove -u vmnic1 -v vSwitch1", command({ type: "RemoveStandardSwitchUplink", vswitch: "vSwitch1", uplink: "vmnic1" })],
    ["network vswitch standard uplink remove --uplink-name vmnic1 --vswitch-name vSwitch1", command({ type: "RemoveStandardSwitchUplink", vswitch: "vSwitch1", uplink: "vmnic1" })],
    ["network vswitch standard portgroup list", query({ type: "ListStandardPortGroups" })],
    ["network vswitch standard portgroup add -p PG -v vSwitch1", command({ type: "AddStandardPortGroup", vswitch: "vSwitch1", portgroup: "PG" })],
    ["network vswitch standard portgroup add --portgroup-name=PG --vswitch-name=vSwitch1", command({ type: "AddStandardPortGroup", vswitch: "vSwitch1", portgroup: "PG" })],
    ["network vswitch standard portgroup remove -p PG -v vSwitch1", command({ type: "RemoveStandardPortGroup", portgroup: "PG", vswitch: "vSwitch1" })],
    ["network vswitch standard portgroup remove --portgroup-name PG --vswitch-name vSwitch1", command({ type: "RemoveStandardPortGroup", portgroup: "PG", vswitch: "vSwitch1" })],
    ["network vswitch standard portgroup set -p PG --vlan-id 10", command({ type: "SetStandardPortGroupVlan", portgroup: "PG", vlan: 10 })],
    ["network vswitch standard portgroup set --portgroup-name=PG -v 4095", command({ type: "SetStandardPortGroupVlan", portgroup: "PG", vlan: 4095 })],
  ])("esxcli %s", (line, request) => {
    expect(esxcli(line)).toEqual(request);
  });

  it("takes names with spaces as one argument", () => {
    expect(esxcli(["network", "vswitch", "standard", "portgroup", "add", "-p", "VM Network 2", "-v", "vSwitch0"])).toEqual(
      command({ type: "AddStandardPortGroup", vswitch: "vSwitch0", portgroup: "VM Network 2" }),
    );
  });
});

describe("esxcli network vswitch standard policy and portgroup policy", () => {
  it.each<[string, object]>([
    ["network vswitch standard policy security get -v vSwitch0", query({ type: "GetStandardSwitchPolicy", section: "security", vswitch: "vSwitch0" })],
    ["network vswitch standard policy shaping get --vswitch-name=vSwitch0", query({ type: "GetStandardSwitchPolicy", section: "shaping", vswitch: "vSwitch0" })],
    ["network vswitch standard policy failover get -v vSwitch0", query({ type: "GetStandardSwitchPolicy", section: "failover", vswitch: "vSwitch0" })],
    ["network vswitch standard portgroup policy security get -p PG", query({ type: "GetStandardPortGroupPolicy", section: "security", portgroup: "PG" })],
    ["network vswitch standard portgroup policy shaping get --portgroup-name=PG", query({ type: "GetStandardPortGroupPolicy", section: "shaping", portgroup: "PG" })],
    ["network vswitch standard portgroup policy failover get -p PG", query({ type: "GetStandardPortGroupPolicy", section: "failover", portgroup: "PG" })],
    [
      "network vswitch standard policy security set -v vSwitch0 --allow-promiscuous true",
      command({ type: "SetStandardSwitchPolicy", vswitch: "vSwitch0", patch: { allowPromiscuous: true } }),
    ],
    [
      "network vswitch standard policy security set -v vSwitch0 -p yes -m 0 -f false",
      command({ type: "SetStandardSwitchPolicy", vswitch: "vSwitch0", patch: { allowPromiscuous: true, allowMacChanges: false, allowForgedTransmits: false } }),
    ],
    [
      "network vswitch standard portgroup policy security set -p PG -o true --allow-mac-change=false --allow-forged-transmits=1",
      command({ type: "SetStandardPortGroupPolicy", portgroup: "PG", patch: { allowPromiscuous: true, allowMacChanges: false, allowForgedTransmits: true } }),
    ],
    [
      "network vswitch standard policy shaping set -v vSwitch0 -e true -b 1000 -k 2000 -t 100",
      command({ type: "SetStandardSwitchPolicy", vswitch: "vSwitch0", patch: { shapingEnabled: true, averageKbps: 1000, peakKbps: 2000, burstKB: 100 } }),
    ],
    [
      "network vswitch standard portgroup policy shaping set -p PG --avg-bandwidth=1000 --peak-bandwidth=2000 --burst-size=100 --enabled=false",
      command({ type: "SetStandardPortGroupPolicy", portgroup: "PG", patch: { shapingEnabled: false, averageKbps: 1000, peakKbps: 2000, burstKB: 100 } }),
    ],
    [
      "network vswitch standard portgroup policy failover set -p PG --active-uplinks vmnic0,vmnic1",
      command({ type: "SetStandardPortGroupPolicy", portgroup: "PG", patch: { activeUplinks: ["vmnic0", "vmnic1"] } }),
    ],
    [
      "network vswitch standard policy failover set -v vSwitch0 -a vmnic1 -s vmnic0 -l iphash -n false -b false",
      command({
        type: "SetStandardSwitchPolicy",
        vswitch: "vSwitch0",
        patch: { activeUplinks: ["vmnic1"], standbyUplinks: ["vmnic0"], loadBalancing: "loadbalance_ip", notifySwitches: false, failback: false },
      }),
    ],
    [
      "network vswitch standard policy failover set --vswitch-name=vSwitch0 --load-balancing=explicit --standby-uplinks=",
      command({ type: "SetStandardSwitchPolicy", vswitch: "vSwitch0", patch: { loadBalancing: "failover_explicit", standbyUplinks: [] } }),
    ],
  ])("esxcli %s", (line, request) => {
    expect(esxcli(line)).toEqual(request);
  });

  it.each([
    ["portid", "loadbalance_srcid"],
    ["mac", "loadbalance_srcmac"],
  ])("reads --load-balancing %s", (word, lb) => {
    expect(esxcli(`network vswitch standard policy failover set -v vSwitch0 -l ${word}`)).toEqual(
      command({ type: "SetStandardSwitchPolicy", vswitch: "vSwitch0", patch: { loadBalancing: lb as "loadbalance_srcid" } }),
    );
  });
});

describe("esxcli network ip, dvs, nic, vm", () => {
  it.each<[string, object]>([
    ["network ip interface list", query({ type: "ListVmkNics" })],
    ["network ip interface add -i vmk1 -p PG", command({ type: "AddVmkNic", vmknic: "vmk1", target: { portgroup: "PG" } })],
    ["network ip interface add --interface-name=vmk1 --portgroup-name=PG --mtu=9000", command({ type: "AddVmkNic", vmknic: "vmk1", target: { portgroup: "PG" }, mtu: 9000 })],
    ["network ip interface add -i vmk2 -s DVS -v 12", command({ type: "AddVmkNic", vmknic: "vmk2", target: { vds: "DVS", portKey: "12" } })],
    ["network ip interface add --dvs-name DVS --dvport-id 12", command({ type: "AddVmkNic", target: { vds: "DVS", portKey: "12" } })],
    ["network ip interface remove -i vmk1", command({ type: "RemoveVmkNic", vmknic: { name: "vmk1" } })],
    ["network ip interface remove --portgroup-name=PG", command({ type: "RemoveVmkNic", vmknic: { portgroup: "PG" } })],
    ["network ip interface remove -s DVS -v 12", command({ type: "RemoveVmkNic", vmknic: { vds: "DVS", portKey: "12" } })],
    ["network ip interface set -i vmk1 -e false", command({ type: "SetVmkNic", vmknic: { name: "vmk1" }, enabled: false })],
    ["network ip interface set --interface-name=vmk1 --mtu=9000 --enabled=true", command({ type: "SetVmkNic", vmknic: { name: "vmk1" }, enabled: true, mtu: 9000 })],
    ["network ip interface ipv4 get", query({ type: "GetVmkNicIpv4" })],
    ["network ip interface ipv4 get -i vmk1", query({ type: "GetVmkNicIpv4", vmknic: "vmk1" })],
    [
      "network ip interface ipv4 set -i vmk1 -I 10.0.0.5 -N 255.255.255.0 -t static",
      command({ type: "SetVmkNicIpv4", vmknic: { name: "vmk1" }, ipv4: { address: "10.0.0.5", netmask: "255.255.255.0" } }),
    ],
    [
      "network ip interface ipv4 set --interface-name=vmk1 --ipv4=10.0.0.5 --netmask=255.255.255.0 --type=static",
      command({ type: "SetVmkNicIpv4", vmknic: { name: "vmk1" }, ipv4: { address: "10.0.0.5", netmask: "255.255.255.0" } }),
    ],
    ["network ip interface ipv4 set -i vmk1 -t none", command({ type: "SetVmkNicIpv4", vmknic: { name: "vmk1" }, ipv4: null })],
    ["network vswitch dvs vmware list", query({ type: "ListDistributedSwitches" })],
    ["network vswitch dvs vmware list -v dvs-prod", query({ type: "ListDistributedSwitches", vds: "dvs-prod" })],
    ["network vswitch dvs vmware list --vds-name=dvs-prod", query({ type: "ListDistributedSwitches", vds: "dvs-prod" })],
    ["network nic list", query({ type: "ListPhysicalNics" })],
    ["network vm list", query({ type: "ListVmNetworking" })],
  ])("esxcli %s", (line, request) => {
    expect(esxcli(line)).toEqual(request);
  });

  it("has no flag that enables vMotion", () => {
    expect(failure("network ip interface set -i vmk1 --enable-vmotion true").text).toMatch(/^Error: Invalid option --enable-vmotion\n\nUsage: esxcli network ip interface set/);
  });
});

describe("esxcli errors", () => {
  it("names an unknown namespace or command by the whole path given", () => {
    expect(failure("network vswitch foo").text).toBe("Error: Unknown command or namespace network vswitch foo");
    expect(failure("network foo bar").text).toBe("Error: Unknown command or namespace network foo bar");
    expect(failure("storage core device list -d x").text).toBe("Error: Unknown command or namespace storage core device list");
  });

  it("refuses a value that is not an integer, without the usage", () => {
    expect(failure("network vswitch standard portgroup set -p PG1 --vlan-id x").text).toBe("Error: Argument type mismatch. Expecting integer value. Got 'x'");
  });

  it("has no command that creates a distributed switch", () => {
    expect(failure("network vswitch dvs vmware add -v dvs2").text).toBe("Error: Unknown command or namespace network vswitch dvs vmware add");
  });

  it("names a missing required parameter and prints the usage", () => {
    expect(failure("network vswitch standard add").text).toBe(
      [
        "Error: Missing required parameter -v|--vswitch-name",
        "",
        "Usage: esxcli network vswitch standard add [cmd options]",
        "",
        "Description:",
        "  add                   Add a new virtual switch to the ESXi networking system.",
        "",
        "Cmd options:",
        "  -P|--ports=<long>     The number of ports this virtual switch will have (8-4088, default 128).",
        "  -v|--vswitch-name=<str>",
        "                        The name of the virtual switch to add. (required)",
      ].join("\n"),
    );
    expect(failure("network vswitch standard portgroup add -p PG").text).toMatch(/^Error: Missing required parameter -v\|--vswitch-name\n/);
    expect(failure("network ip interface ipv4 set -i vmk1").text).toMatch(/^Error: Missing required parameter -t\|--type\n/);
  });

  it.each<[string, RegExp]>([
    ["network vswitch standard add -v vSwitch1 --bogus", /^Error: Invalid option --bogus\n/],
    ["network vswitch standard add -v vSwitch1 -x 1", /^Error: Invalid option -x\n/],
    ["network vswitch standard add -v vSwitch1 extra", /^Error: Invalid option extra\n/],
    ["network vswitch standard add -v", /^Error: Missing value for parameter -v\|--vswitch-name\n/],
    ["network vswitch standard add -v vSwitch1 -P many", /^Error: Argument type mismatch. Expecting integer value. Got 'many'$/],
    ["network vswitch standard policy security set -v vSwitch0 --allow-promiscuous maybe", /'allow-promiscuous'. Expected true or false, got 'maybe'/],
    ["network vswitch standard policy security set -v vSwitch0 -p constructor", /Expected true or false, got 'constructor'/],
    ["network vswitch standard policy failover set -v vSwitch0 -l roundrobin", /'load-balancing'. Expected one of explicit, iphash, mac, portid, got 'roundrobin'/],
    ["network vswitch standard policy failover set -v vSwitch0", /^Error: At least one failover policy setting is required\n/],
    ["network vswitch standard portgroup policy shaping set -p PG", /^Error: At least one traffic shaping policy setting is required\n/],
    ["network vswitch standard set -v vSwitch0", /^Error: At least one of -c\|--cdp-status, -m\|--mtu or -P\|--ports is required\n/],
    ["network ip interface add -i vmk1", /^Error: Missing required parameter -p\|--portgroup-name, or -s\|--dvs-name with -v\|--dvport-id\n/],
    ["network ip interface add -i vmk1 -s DVS", /^Error: -s\|--dvs-name and -v\|--dvport-id must be given together\n/],
    ["network ip interface add -i vmk1 -p PG -s DVS -v 1", /^Error: Give either -p\|--portgroup-name, or -s\|--dvs-name with -v\|--dvport-id, not both\n/],
    ["network ip interface remove", /^Error: Missing required parameter -i\|--interface-name/],
    ["network ip interface set -i vmk1", /^Error: At least one of -e\|--enabled or -m\|--mtu is required\n/],
    ["network ip interface ipv4 set -i vmk1 -t dhcp", /^Error: DHCP is not available in vdsim/],
    ["network ip interface ipv4 set -i vmk1 -t bootp", /'type'. Expected dhcp, none or static, got 'bootp'/],
    ["network ip interface ipv4 set -i vmk1 -t static -N 255.0.0.0", /^Error: Missing required parameter -I\|--ipv4 for -t static\n/],
    ["network ip interface ipv4 set -i vmk1 -t static -I 10.0.0.1", /^Error: Missing required parameter -N\|--netmask for -t static\n/],
    ["network vswitch --bogus", /^Error: Invalid option --bogus\n\nUsage: esxcli network vswitch \{cmd\} \[cmd options\]/],
  ])("esxcli %s", (line, text) => {
    const err = failure(line);
    expect(err.text).toMatch(text);
    expect(err.exitCode).toBe(1);
  });

  it("answers a namespace with its namespaces and commands", () => {
    expect(esxcli("network vswitch standard uplink")).toEqual({
      kind: "help",
      tool: "esxcli",
      text: [
        "Usage: esxcli network vswitch standard uplink {cmd} [cmd options]",
        "",
        "Available Commands:",
        "  add                   Add an uplink to the given virtual switch.",
        "  remove                Remove an uplink from the given virtual switch.",
      ].join("\n"),
    });
    const top = esxcli([]);
    expect(top.kind === "help" && top.text).toBe(
      "Usage: esxcli {cmd} [cmd options]\n\nAvailable Namespaces:\n  network               Operations that pertain to the maintenance of networking on an ESXi host.",
    );
  });
});
