import type { HostCommand } from "@vdsim/model";
import { describe, expect, it } from "vitest";
import { HostCliError } from "../request.js";
import { parseHostCli } from "../parse.js";
import type { HostCliTool, HostQuery } from "../request.js";

const split = (line: string): string[] => line.split(" ").filter((w) => w.length > 0);
const command = (tool: HostCliTool, c: HostCommand) => ({ kind: "command", tool, command: c });
const query = (tool: HostCliTool, q: HostQuery) => ({ kind: "query", tool, query: q });
const failure = (tool: HostCliTool, line: string): HostCliError => {
  try {
    parseHostCli(tool, split(line));
  } catch (err) {
    expect(err).toBeInstanceOf(HostCliError);
    return err as HostCliError;
  }
  throw new Error(`${tool} ${line} was accepted`);
};

describe("vicfg-vswitch", () => {
  const vs = (c: HostCommand) => command("vicfg-vswitch", c);
  it.each<[string, object]>([
    ["-l", query("vicfg-vswitch", { type: "ListSwitchesTable" })],
    ["--list", query("vicfg-vswitch", { type: "ListSwitchesTable" })],
    ["-a vSwitch1", vs({ type: "AddStandardSwitch", vswitch: "vSwitch1" })],
    ["--add vSwitch1", vs({ type: "AddStandardSwitch", vswitch: "vSwitch1" })],
    ["-d vSwitch1", vs({ type: "RemoveStandardSwitch", vswitch: "vSwitch1" })],
    ["--delete vSwitch1", vs({ type: "RemoveStandardSwitch", vswitch: "vSwitch1" })],
    ["-A PG vSwitch1", vs({ type: "AddStandardPortGroup", vswitch: "vSwitch1", portgroup: "PG" })],
    ["--add-pg=PG vSwitch1", vs({ type: "AddStandardPortGroup", vswitch: "vSwitch1", portgroup: "PG" })],
    ["-D PG vSwitch1", vs({ type: "RemoveStandardPortGroup", vswitch: "vSwitch1", portgroup: "PG" })],
    ["--del-pg PG vSwitch1", vs({ type: "RemoveStandardPortGroup", vswitch: "vSwitch1", portgroup: "PG" })],
    ["-L vmnic1 vSwitch1", vs({ type: "AddStandardSwitchUplink", vswitch: "vSwitch1", uplink: "vmnic1" })],
    ["--link vmnic1 vSwitch1", vs({ type: "AddStandardSwitchUplink", vswitch: "vSwitch1", uplink: "vmnic1" })],
    ["-U vmnic1 vSwitch1", vs({ type: "RemoveStandardSwitchUplink", vswitch: "vSwitch1", uplink: "vmnic1" })],
    ["--unlink vmnic1 vSwitch1", vs({ type: "RemoveStandardSwitchUplink", vswitch: "vSwitch1", uplink: "vmnic1" })],
    ["-v 10 -p PG vSwitch1", vs({ type: "SetStandardPortGroupVlan", vswitch: "vSwitch1", portgroup: "PG", vlan: 10 })],
    ["--vlan 10 --pg PG vSwitch1", vs({ type: "SetStandardPortGroupVlan", vswitch: "vSwitch1", portgroup: "PG", vlan: 10 })],
    ["-m 9000 vSwitch1", vs({ type: "SetStandardSwitch", vswitch: "vSwitch1", mtu: 9000 })],
    ["--mtu=9000 vSwitch1", vs({ type: "SetStandardSwitch", vswitch: "vSwitch1", mtu: 9000 })],
    ["-c vSwitch1", query("vicfg-vswitch", { type: "CheckStandardSwitch", vswitch: "vSwitch1" })],
    ["--check vSwitch1", query("vicfg-vswitch", { type: "CheckStandardSwitch", vswitch: "vSwitch1" })],
    ["-C PG", query("vicfg-vswitch", { type: "CheckStandardPortGroup", portgroup: "PG" })],
    ["--check-pg PG", query("vicfg-vswitch", { type: "CheckStandardPortGroup", portgroup: "PG" })],
    ["-M vmnic1 -p PG vSwitch1", vs({ type: "AddStandardPortGroupUplink", vswitch: "vSwitch1", portgroup: "PG", uplink: "vmnic1" })],
    ["--add-pg-uplink vmnic1 --pg PG vSwitch1", vs({ type: "AddStandardPortGroupUplink", vswitch: "vSwitch1", portgroup: "PG", uplink: "vmnic1" })],
    ["-N vmnic1 -p PG vSwitch1", vs({ type: "RemoveStandardPortGroupUplink", vswitch: "vSwitch1", portgroup: "PG", uplink: "vmnic1" })],
    ["--del-pg-uplink vmnic1 --pg PG vSwitch1", vs({ type: "RemoveStandardPortGroupUplink", vswitch: "vSwitch1", portgroup: "PG", uplink: "vmnic1" })],
    ["-P vmnic1 -V uplink2 dvs1", vs({ type: "AddProxySwitchUplink", vds: "dvs1", uplink: "uplink2", pnic: "vmnic1" })],
    ["--add-dvp-uplink vmnic1 --dvp 256 dvs1", vs({ type: "AddProxySwitchUplink", vds: "dvs1", uplink: "256", pnic: "vmnic1" })],
    ["-Q vmnic1 -V uplink2 dvs1", vs({ type: "RemoveProxySwitchUplink", vds: "dvs1", uplink: "uplink2", pnic: "vmnic1" })],
    ["--del-dvp-uplink=vmnic1 --dvp=uplink2 dvs1", vs({ type: "RemoveProxySwitchUplink", vds: "dvs1", uplink: "uplink2", pnic: "vmnic1" })],
  ])("vicfg-vswitch %s", (line, request) => {
    expect(parseHostCli("vicfg-vswitch", split(line))).toEqual(request);
  });

  it.each<[string, RegExp]>([
    ["-x vSwitch1", /^Unknown option: x\n\nUsage: vicfg-vswitch \[OPTIONS\] \[VSWITCH\]\n/],
    ["--bogus vSwitch1", /^Unknown option: bogus\n/],
    ["-A", /^Option add-pg requires an argument\n/],
    ["", /^Error: No operation specified\n/],
    ["-a -d vSwitch1", /^Error: Only one operation may be given at a time: --add, --delete\n/],
    ["-a", /^Error: No virtual switch name specified\n/],
    ["-a vSwitch1 vSwitch2", /^Error: Unexpected argument vSwitch2\n/],
    ["-l vSwitch1", /^Error: Unexpected argument vSwitch1\n/],
    ["-v 10 vSwitch1", /^Error: --vlan needs the port group given with -p\|--pg\n/],
    ["-v ten -p PG vSwitch1", /^Value "ten" invalid for option vlan \(number expected\)\n\nUsage: vicfg-vswitch/],
    ["-m big vSwitch1", /^Value "big" invalid for option mtu \(number expected\)\n/],
    ["-M vmnic1 vSwitch1", /^Error: --add-pg-uplink needs the port group given with -p\|--pg\n/],
    ["-P vmnic1 dvs1", /^Error: --add-dvp-uplink needs the uplink dvPort given with -V\|--dvp\n/],
  ])("refuses vicfg-vswitch %s", (line, text) => {
    const err = failure("vicfg-vswitch", line);
    expect(err.text).toMatch(text);
    expect(err.exitCode).toBe(1);
  });
});

describe("vicfg-vmknic", () => {
  const vk = (c: HostCommand) => command("vicfg-vmknic", c);
  const ipv4 = { address: "10.0.0.5", netmask: "255.255.255.0" };
  it.each<[string, object]>([
    ["-l", query("vicfg-vmknic", { type: "ListVmkNicsTable" })],
    ["--list", query("vicfg-vmknic", { type: "ListVmkNicsTable" })],
    ["-a -i 10.0.0.5 -n 255.255.255.0 PG", vk({ type: "AddVmkNic", target: { portgroup: "PG" }, ipv4 })],
    ["--add --ip 10.0.0.5 --netmask 255.255.255.0 PG", vk({ type: "AddVmkNic", target: { portgroup: "PG" }, ipv4 })],
    ["-a -i 10.0.0.5 -n 255.255.255.0 -s DVS -v 12", vk({ type: "AddVmkNic", target: { vds: "DVS", portKey: "12" }, ipv4 })],
    ["--add --ip=10.0.0.5 --netmask=255.255.255.0 --dvs-name=DVS --dvport-id=12", vk({ type: "AddVmkNic", target: { vds: "DVS", portKey: "12" }, ipv4 })],
    ["-d PG", vk({ type: "RemoveVmkNic", vmknic: { portgroup: "PG" } })],
    ["--delete -s DVS -v 12", vk({ type: "RemoveVmkNic", vmknic: { vds: "DVS", portKey: "12" } })],
    ["-E PG", vk({ type: "SetVmkNicServices", vmknic: { portgroup: "PG" }, vmotion: true })],
    ["--enable-vmotion PG", vk({ type: "SetVmkNicServices", vmknic: { portgroup: "PG" }, vmotion: true })],
    ["--enable-vmotion -s DVS -v 12", vk({ type: "SetVmkNicServices", vmknic: { vds: "DVS", portKey: "12" }, vmotion: true })],
    ["-u PG", vk({ type: "SetVmkNicServices", vmknic: { portgroup: "PG" }, vmotion: false })],
    ["--disable-vmotion PG", vk({ type: "SetVmkNicServices", vmknic: { portgroup: "PG" }, vmotion: false })],
    ["-a -i 10.0.0.5 -n 255.255.255.0 -m 9000 PG", vk({ type: "AddVmkNic", target: { portgroup: "PG" }, ipv4, mtu: 9000 })],
    ["-m 9000 PG", vk({ type: "SetVmkNic", vmknic: { portgroup: "PG" }, mtu: 9000 })],
    ["--mtu 1500 -s DVS -v 12", vk({ type: "SetVmkNic", vmknic: { vds: "DVS", portKey: "12" }, mtu: 1500 })],
  ])("vicfg-vmknic %s", (line, request) => {
    expect(parseHostCli("vicfg-vmknic", split(line))).toEqual(request);
  });

  it.each<[string, RegExp]>([
    ["", /^Error: No operation specified\n\nUsage: vicfg-vmknic \[OPTIONS\] \[PORTGROUP\]/],
    ["-a -E PG", /^Error: Only one operation may be given at a time: --add, --enable-vmotion\n/],
    ["-a -n 255.255.255.0 PG", /^Error: --add needs the IP address given with -i\|--ip\n/],
    ["-a -i 10.0.0.5 PG", /^Error: --add needs the netmask given with -n\|--netmask\n/],
    ["-a -i 10.0.0.5 -n 255.255.255.0", /^Error: No port group specified \(or --dvs-name with --dvport-id\)\n/],
    ["-d -s DVS", /^Error: --dvs-name and --dvport-id must be given together\n/],
    ["-d -s DVS -v 1 PG", /^Error: Unexpected argument PG\n/],
    ["-d PG1 PG2", /^Error: Unexpected argument PG2\n/],
    ["-l PG", /^Error: Unexpected argument PG\n/],
    ["-Z PG", /^Unknown option: Z\n/],
    ["-m jumbo PG", /^Value "jumbo" invalid for option mtu \(number expected\)\n/],
    ["-d -m 9000 PG", /^Error: Only one operation may be given at a time: --delete, --mtu\n/],
  ])("refuses vicfg-vmknic %s", (line, text) => {
    expect(failure("vicfg-vmknic", line).text).toMatch(text);
  });
});

describe("vmkping", () => {
  it.each<[string, object]>([
    ["-I vmk1 10.0.0.6", { kind: "vmkping", tool: "vmkping", interface: "vmk1", ip: "10.0.0.6", count: 3, size: 56, dontFragment: false }],
    ["-I vmk1 10.0.0.6 -c 5", { kind: "vmkping", tool: "vmkping", interface: "vmk1", ip: "10.0.0.6", count: 5, size: 56, dontFragment: false }],
    ["-c 1 10.0.0.6", { kind: "vmkping", tool: "vmkping", ip: "10.0.0.6", count: 1, size: 56, dontFragment: false }],
    ["-I vmk1 -d -s 8972 10.0.0.6", { kind: "vmkping", tool: "vmkping", interface: "vmk1", ip: "10.0.0.6", count: 3, size: 8972, dontFragment: true }],
    ["-s 1472 -c 1 10.0.0.6 -d", { kind: "vmkping", tool: "vmkping", ip: "10.0.0.6", count: 1, size: 1472, dontFragment: true }],
    ["-s 0 10.0.0.6", { kind: "vmkping", tool: "vmkping", ip: "10.0.0.6", count: 3, size: 0, dontFragment: false }],
  ])("vmkping %s", (line, request) => {
    expect(parseHostCli("vmkping", split(line))).toEqual(request);
  });

  it.each<[string, RegExp]>([
    ["", /^vmkping: no host given\nvmkping \[args\] \[host\]/],
    ["-I vmk1", /^vmkping: no host given\n/],
    ["-I", /^vmkping: option requires an argument -- 'I'\n/],
    ["-c x 10.0.0.6", /^vmkping: invalid count: 'x'\n/],
    ["-c 0 10.0.0.6", /^vmkping: invalid count: '0'\n/],
    ["-x 10.0.0.6", /^vmkping: invalid option -- 'x'\n/],
    ["-s 10.0.0.6", /^vmkping: invalid packet size: '10.0.0.6'\n/],
    ["-s 65508 10.0.0.6", /^vmkping: invalid packet size: '65508'\n/],
    ["-d -s", /^vmkping: option requires an argument -- 's'\n/],
    ["10.0.0.6 10.0.0.7", /^vmkping: unexpected argument '10.0.0.7'\n/],
  ])("refuses vmkping %s", (line, text) => {
    expect(failure("vmkping", line).text).toMatch(text);
  });
});
