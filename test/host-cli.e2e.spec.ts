import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { VdsimClient } from "@vdsim/client";
import { natsAccess, readClusterRecord } from "@vdsim/cluster";
import { RpcErrorCode, Subjects, request } from "@vdsim/protocol";
import { Cli } from "./support/cli.js";

/** The host command surface through the real `vdsim` binary, as an ESXi administrator types it. */
describe("esxcli, vicfg-vswitch, vicfg-vmknic and vmkping answered by a host agent", () => {
  const cli = new Cli();
  let client: VdsimClient;
  const esxcli = (...args: string[]) => cli.run("esxcli", "--server", "esx-01", ...args);
  const vicfg = (tool: "vicfg-vswitch" | "vicfg-vmknic", ...args: string[]) => cli.run(tool, "--server", "esx-01", ...args);

  beforeAll(async () => {
    await cli.ok("up", "--hosts", "2");
    client = await VdsimClient.connect(natsAccess(readClusterRecord(cli.stateDir)!));
  });

  afterAll(async () => {
    await client?.close();
    await cli[Symbol.asyncDispose]();
  });

  it("a fresh host has vSwitch0 on vmnic0 with VM Network, Management Network and vmk0", async () => {
    const list = await esxcli("network", "vswitch", "standard", "list");
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^vSwitch0\n   Name: vSwitch0\n   Class: etherswitch\n   Num Ports: 128\n/);
    expect(list.stdout).toContain("   Uplinks: vmnic0\n   Portgroups: VM Network, Management Network");
    const csv = await esxcli("--formatter=csv", "network", "vswitch", "standard", "portgroup", "list");
    expect(csv.stdout).toBe("ActiveClients,Name,VLANID,VirtualSwitch,\n1,Management Network,0,vSwitch0,\n0,VM Network,0,vSwitch0,\n");
    const xml = await esxcli("--formatter", "xml", "network", "vswitch", "standard", "list");
    expect(xml.stdout).toContain('<structure typeName="VirtualSwitch">\n         <field name="BeaconEnabled">\n            <boolean>false</boolean>\n');
    expect((await esxcli("--formatter=keyvalue", "network", "vswitch", "standard", "list")).stdout).toContain(
      "structure[0].VirtualSwitch.Portgroups.string[0].string=VM Network\nstructure[0].VirtualSwitch.Portgroups.string[1].string=Management Network\n",
    );
    const pgs = await esxcli("network", "vswitch", "standard", "portgroup", "list");
    expect(pgs.stdout).toMatch(/Management Network\s+vSwitch0\s+1\s+0/);
    expect(pgs.stdout).toMatch(/VM Network\s+vSwitch0\s+0\s+0/);
    const vmk = await vicfg("vicfg-vmknic", "-l");
    expect(vmk.stdout).toMatch(/vmk0\s+Management Network\s+IPv4\s+192\.168\.0\.1\d/);
    expect((await esxcli("network", "nic", "list")).stdout).toMatch(/vmnic0[\s\S]*vmnic1/);
  });

  it("standard switches, port groups, uplinks and policies change through esxcli and vicfg-vswitch", async () => {
    expect((await esxcli("network", "vswitch", "standard", "add", "--vswitch-name=vSwitch1", "-P", "64")).code).toBe(0);
    expect((await esxcli("network", "vswitch", "standard", "uplink", "add", "-u", "vmnic1", "-v", "vSwitch1")).code).toBe(0);
    expect((await vicfg("vicfg-vswitch", "-A", "Storage", "vSwitch1")).code).toBe(0);
    expect((await vicfg("vicfg-vswitch", "-v", "42", "-p", "Storage", "vSwitch1")).code).toBe(0);
    expect((await esxcli("network", "vswitch", "standard", "policy", "security", "set", "-v", "vSwitch1", "--allow-promiscuous", "true")).code).toBe(0);
    expect((await vicfg("vicfg-vswitch", "-c", "vSwitch1")).stdout.trim()).toBe("1");
    expect((await vicfg("vicfg-vswitch", "-C", "Nope")).stdout.trim()).toBe("0");
    const table = await vicfg("vicfg-vswitch", "-l");
    expect(table.stdout).toMatch(/vSwitch1\s+64\s+\d+\s+64\s+1500\s+vmnic1/);
    expect(table.stdout).toMatch(/Storage\s+42/);
    const sec = await esxcli("network", "vswitch", "standard", "policy", "security", "get", "-v", "vSwitch1");
    expect(sec.stdout).toContain("Allow Promiscuous: true");
  });

  it("vMotion is enabled with vicfg-vmknic only; esxcli has no way to do it", async () => {
    expect((await vicfg("vicfg-vmknic", "-a", "-i", "10.0.0.5", "-n", "255.255.255.0", "Storage")).code).toBe(0);
    const viaEsxcli = await esxcli("network", "ip", "interface", "set", "-i", "vmk1", "--enable-vmotion", "true");
    expect(viaEsxcli.code).toBe(1);
    expect(viaEsxcli.stderr).toContain("Invalid option --enable-vmotion");
    expect((await vicfg("vicfg-vmknic", "--enable-vmotion", "Storage")).code).toBe(0);
    const state = await client.hostState("esx-01");
    const vmk1 = state.config.vmknics.find((v) => v.name === "vmk1");
    expect(vmk1?.services.vmotion).toBe(true);
    expect(vmk1?.ipv4).toEqual({ address: "10.0.0.5", netmask: "255.255.255.0" });
  });

  it("a distributed switch cannot be created from a host; the host lists the ones it belongs to", async () => {
    const add = await esxcli("network", "vswitch", "dvs", "vmware", "add", "-v", "dvsX");
    expect(add.code).toBe(1);
    expect(add.stderr).toMatch(/Unknown command or namespace/);
    await cli.ok("vds", "create", "dvs1");
    await cli.ok("vds", "add-host", "dvs1", "esx-01", "--uplink", "vmnic1", "--wait");
    const list = await esxcli("network", "vswitch", "dvs", "vmware", "list");
    expect(list.stdout).toMatch(/^dvs1\n/);
    expect(list.stdout).toContain("Uplinks: vmnic1");
    // the uplink port group vCenter made with the switch holds esx-01's uplink dvPorts, numbered first
    expect(list.stdout).toContain("         Client: vmnic1\n         DVPortgroup ID: dvportgroup-1\n         In Use: true\n         Port ID: 0\n");
    const unlink = await vicfg("vicfg-vswitch", "-Q", "vmnic1", "-V", "0", "dvs1");
    expect(unlink.code).toBe(0);
    expect((await vicfg("vicfg-vswitch", "-l")).stdout).toMatch(/ {2}DVPort ID {11}In Use {6}Client\n {2}0 {19}0\n {2}1 {19}0\n/);
    expect((await vicfg("vicfg-vswitch", "-P", "vmnic1", "-V", "uplink1", "dvs1")).code).toBe(0);
  });

  it("bad input reads like ESXi's errors, exits non-zero, and records nothing", async () => {
    const before = (await client.ping()).seq;
    const cases: Array<[string, string[], RegExp]> = [
      ["esxcli", ["network", "vswitch", "standard", "add", "-v", "vSwitch1"], /^A portset with this name already exists\n$/],
      ["esxcli", ["network", "vswitch", "standard", "add"], /Missing required parameter -v\|--vswitch-name/],
      ["esxcli", ["network", "vswitch", "standard", "uplink", "add", "-u", "vmnic9", "-v", "vSwitch1"], /vmnic9/],
      ["esxcli", ["network", "vswitch", "standard", "portgroup", "set", "-p", "Storage", "--vlan-id", "4096"], /Invalid VLAN ID 4096/],
      ["esxcli", ["network", "vswitch", "standard", "portgroup", "add", "-p", "Storage", "-v", "vSwitch0"], /already exists/],
      ["esxcli", ["network", "vswitch", "standard", "policy", "shaping", "set", "-v", "vSwitch1", "--avg-bandwidth", "2000", "--peak-bandwidth", "1000", "--burst-size", "100"], /peak bandwidth 1000 kbit\/s is below average bandwidth 2000/],
      ["esxcli", ["network", "ip", "interface", "ipv4", "set", "-i", "vmk1", "-I", "10.0.0.500", "-N", "255.255.255.0", "-t", "static"], /Invalid IPv4 address 10\.0\.0\.500/],
      ["esxcli", ["network", "vswitch", "standard", "remove", "-v", "vSwitch1"], /in use by vmk1/],
      ["esxcli", ["network", "vswitch", "standard", "portgroup", "remove", "-p", "Storage", "-v", "vSwitch1"], /in use by vmk1/],
      ["esxcli", ["network", "bogus", "list"], /^Error: Unknown command or namespace network bogus list\n$/],
      ["esxcli", ["network", "vswitch", "standard", "portgroup", "set", "-p", "Storage", "--vlan-id", "x"], /^Error: Argument type mismatch\. Expecting integer value\. Got 'x'\n$/],
      ["esxcli", ["network", "vswitch", "standard", "uplink", "remove", "-u", "vmnic3", "-v", "vSwitch1"], /^No such uplink: vmnic3\n$/],
      ["esxcli", ["network", "ip", "interface", "add", "-p", "Storage"], /^A vmkernel nic for the connection point already exists\n$/],
      ["esxcli", ["network", "vswitch", "standard", "portgroup", "remove", "-p", "Nope", "-v", "vSwitch1"], /^Sysinfo error: Not foundSee VMkernel log for details\.\n$/],
      ["vicfg-vswitch", ["-d", "vSwitch1"], /in use by vmk1/],
      ["vicfg-vswitch", ["-v", "5000", "-p", "Storage", "vSwitch1"], /Invalid VLAN ID 5000/],
      ["vicfg-vswitch", ["-Z"], /Unknown option/],
      ["vicfg-vmknic", ["-a", "-i", "10.0.0.9", "-n", "255.255.255.0", "Nope"], /Nope/],
    ];
    for (const [tool, args, message] of cases) {
      const r = await cli.run(tool, "--server", "esx-01", ...args);
      expect({ tool, args, code: r.code }).toEqual({ tool, args, code: 1 });
      expect(r.stderr).toMatch(message);
    }
    const unknownHost = await cli.run("esxcli", "--server", "esx-99", "network", "nic", "list");
    expect(unknownHost.code).toBe(1);
    expect(unknownHost.stderr).toMatch(/host "esx-99" is not responding/);
    expect((await client.ping()).seq).toBe(before);
  });

  it("a request of the wrong shape sent straight to the host is BAD_REQUEST naming the field, and records nothing", async () => {
    const before = (await client.ping()).seq;
    const send = (op: string, body: unknown) => request(client.nc, Subjects.host("esx-01", op), body, "host esx-01").catch((e: unknown) => e);
    expect(await send("cli", { tool: "esxcli", argv: 5 })).toMatchObject({ code: RpcErrorCode.BadRequest, message: "bad request to cli: argv: expected array, received number" });
    expect(await send("command", { commandId: "c-shape", command: { type: "AddStandardSwitch", vswitch: 7 } })).toMatchObject({
      code: RpcErrorCode.BadRequest,
      message: "bad request to command: command.vswitch: expected string, received number",
    });
    expect((await client.hostCli("esx-01", "esxcli", ["network", "nic", "list"])).exitCode).toBe(0);
    expect((await client.ping()).seq).toBe(before);
  });

  it("tags, routes, the ARP table, the netstack, a NIC and a VM's ports read as ESXi 6.0 prints them", async () => {
    expect((await esxcli("network", "ip", "interface", "tag", "get", "-i", "vmk0")).stdout).toBe("   Tags: Management\n");
    const vmotion = await esxcli("network", "ip", "interface", "tag", "add", "-i", "vmk1", "-t", "VMotion");
    expect(vmotion.code).toBe(1);
    expect(vmotion.stderr).toContain("You cannot enable vMotion with ESXCLI. Use vicfg-vmknic --enable-vmotion instead.");
    expect((await esxcli("network", "ip", "interface", "tag", "add", "-i", "vmk1", "-t", "VSAN")).code).toBe(0);
    expect((await esxcli("network", "ip", "interface", "tag", "get", "-i", "vmk1")).stdout).toBe("   Tags: VMotion, VSAN\n");

    expect((await esxcli("network", "ip", "route", "ipv4", "add", "-g", "192.168.0.1", "-n", "default")).code).toBe(0);
    const routes = (await esxcli("network", "ip", "route", "ipv4", "list")).stdout;
    expect(routes).toMatch(/^Network\s+Netmask\s+Gateway\s+Interface\s+Source\n[- ]+\ndefault\s+0\.0\.0\.0\s+192\.168\.0\.1\s+vmk0\s+MANUAL\n/);
    expect(routes).toMatch(/\n192\.168\.0\.0\s+255\.255\.255\.0\s+0\.0\.0\.0\s+vmk0\s+MANUAL\n/);

    const esx02 = (await client.hostState("esx-02")).config.vmknics.find((v) => v.name === "vmk0")?.ipv4?.address ?? "";
    expect((await cli.run("vmkping", "--server", "esx-01", "-I", "vmk0", "-c", "1", esx02)).code).toBe(0);
    const arp = (await esxcli("network", "ip", "neighbor", "list")).stdout;
    expect(arp).toMatch(/^Neighbor\s+Mac Address\s+Vmknic\s+Expiry  State  Type\n/);
    expect(arp).toMatch(new RegExp(`\\n${esx02.replaceAll(".", "\\.")}\\s+[0-9a-f:]{17}  vmk0\\s+1[12]\\d\\d sec         Unknown\\n`));

    expect((await esxcli("network", "ip", "netstack", "list")).stdout).toBe(
      "defaultTcpipStack\n   Key: defaultTcpipStack\n   Name: defaultTcpipStack\n   State: 4660\n",
    );
    const nic = await esxcli("network", "nic", "get", "-n", "vmnic0");
    expect(nic.stdout).toContain("   Driver Info:\n         Bus Info: 0000:02:00.0\n         Driver: e1000\n");
    expect(nic.stdout).toContain("   Link Status: Up\n   Name: vmnic0\n");
    expect((await esxcli("network", "nic", "get", "-n", "vmnic9")).code).toBe(1);

    await cli.ok("vm", "create", "db-01", "--host", "esx-01", "--network", "VM Network");
    const world = async (): Promise<string | undefined> => /(\d+)\s+db-01/.exec((await esxcli("network", "vm", "list")).stdout)?.[1];
    let id = await world();
    for (let i = 0; id === undefined && i < 50; i++) {
      await new Promise((r) => setTimeout(r, 100));
      id = await world();
    }
    const ports = (await esxcli("network", "vm", "port", "list", "-w", id ?? "0")).stdout;
    expect(ports).toMatch(/^   Port ID: \d+\n   vSwitch: vSwitch0\n   Portgroup: VM Network\n   DVPort ID:\n   MAC Address: 00:50:56:[0-9a-f:]+\n/);
    expect(ports).toContain("   Team Uplink: vmnic0\n   Uplink Port ID: 33554434\n   Active Filters:\n");

    expect((await esxcli("network", "vswitch", "standard", "set", "-v", "vSwitch0", "-c", "both")).code).toBe(0);
    expect((await esxcli("network", "vswitch", "standard", "list", "-v", "vSwitch0")).stdout).toContain("   CDP Status: both\n");
  });

  it("host-scoped changes are events in the log and replay like everything else", async () => {
    const tail = await cli.ok("events", "tail", "-n", "50");
    expect(tail).toMatch(/StandardSwitchAdded\s+esx-01/);
    expect(tail).toMatch(/VmkNicAdded\s+esx-01/);
    const replay = await cli.ok("events", "replay", "--verify");
    expect(replay.match(/match/g)).toHaveLength(3);
  });
});
