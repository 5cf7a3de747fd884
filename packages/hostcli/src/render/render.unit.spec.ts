import { DomainError, DomainErrorCode, decide, decideHost, evolve, isDomainError, type HostCommand } from "@vdsim/model";
import { describe, expect, it } from "vitest";
import { HostCliError } from "../request.js";
import { parseHostCli } from "../parse.js";
import type { HostCliRequest, HostCliTool } from "../request.js";
import { fixtureState } from "./fixture.spec-support.js";
import { renderHostCli, renderHostCliError } from "./render.js";

const state = fixtureState();
const parse = (tool: HostCliTool, line: string): HostCliRequest => parseHostCli(tool, line.split(" ").filter((w) => w));
const ask = (tool: HostCliTool, line: string, host = "esx-01") => renderHostCli(parse(tool, line), { kind: "state", state, host });
const refused = new DomainError(DomainErrorCode.AlreadyExists, "A portgroup with the name PG1 already exists");

describe("renderHostCli", () => {
  it("prints nothing for a command that took effect", () => {
    expect(renderHostCli(parse("esxcli", "network vswitch standard add -v vSwitch2"), { kind: "applied" })).toEqual({ stdout: "", exitCode: 0 });
  });

  it("prints a refusal as esxcli does, and with Error: as the vicfg scripts do", () => {
    expect(renderHostCli(parse("esxcli", "network vswitch standard portgroup add -p PG1 -v vSwitch1"), { kind: "refused", error: refused })).toEqual({
      stdout: "A portgroup with the name PG1 already exists\n",
      exitCode: 1,
    });
    expect(renderHostCli(parse("vicfg-vswitch", "-A PG1 vSwitch1"), { kind: "refused", error: refused })).toEqual({
      stdout: "Error: A portgroup with the name PG1 already exists\n",
      exitCode: 1,
    });
  });

  it("prints a namespace's help", () => {
    expect(renderHostCli(parse("esxcli", "network vm"), { kind: "applied" })).toEqual({
      stdout:
        "Usage: esxcli network vm {cmd} [cmd options]\n\nAvailable Namespaces:\n  port                  Operations on the ports of virtual machines.\n\n" +
        "Available Commands:\n  list                  List networking information for the VMs that have active ports.\n",
      exitCode: 0,
    });
  });

  it("prints vmkping's replies and statistics", () => {
    const ping = parse("vmkping", "-I vmk1 10.0.0.6");
    expect(renderHostCli(ping, { kind: "ping", replies: [{ ttl: 64, timeMs: 0.5 }, null, { ttl: 64, timeMs: 0.25 }] })).toEqual({
      exitCode: 0,
      stdout: `PING 10.0.0.6 (10.0.0.6): 56 data bytes
64 bytes from 10.0.0.6: icmp_seq=0 ttl=64 time=0.500 ms
64 bytes from 10.0.0.6: icmp_seq=2 ttl=64 time=0.250 ms

--- 10.0.0.6 ping statistics ---
3 packets transmitted, 2 packets received, 33% packet loss
round-trip min/avg/max = 0.250/0.375/0.500 ms
`,
    });
  });

  it("fails a vmkping nothing answered", () => {
    expect(renderHostCli(parse("vmkping", "-c 2 10.0.0.9"), { kind: "ping", replies: [null, null] })).toEqual({
      exitCode: 1,
      stdout: `PING 10.0.0.9 (10.0.0.9): 56 data bytes

--- 10.0.0.9 ping statistics ---
2 packets transmitted, 0 packets received, 100% packet loss
`,
    });
  });

  it("prints a jumbo vmkping's replies as ICMP bytes: the data and the 8-byte header", () => {
    const replies = [{ ttl: 64, timeMs: 0.392 }, { ttl: 64, timeMs: 0.281 }, { ttl: 64, timeMs: 0.3 }];
    expect(renderHostCli(parse("vmkping", "-I vmk1 -d -s 8972 192.168.50.2"), { kind: "ping", replies })).toEqual({
      exitCode: 0,
      stdout: `PING 192.168.50.2 (192.168.50.2): 8972 data bytes
8980 bytes from 192.168.50.2: icmp_seq=0 ttl=64 time=0.392 ms
8980 bytes from 192.168.50.2: icmp_seq=1 ttl=64 time=0.281 ms
8980 bytes from 192.168.50.2: icmp_seq=2 ttl=64 time=0.300 ms

--- 192.168.50.2 ping statistics ---
3 packets transmitted, 3 packets received, 0% packet loss
round-trip min/avg/max = 0.281/0.324/0.392 ms
`,
    });
  });

  it("prints sendto()'s error for each echo the stack refused: don't fragment over the vmknic's MTU", () => {
    const tooLong = { sendFailed: "Message too long" } as const;
    expect(renderHostCli(parse("vmkping", "-I vmk1 -d -s 8972 192.168.50.2"), { kind: "ping", replies: [tooLong, tooLong, tooLong] })).toEqual({
      exitCode: 1,
      stdout: `PING 192.168.50.2 (192.168.50.2): 8972 data bytes
sendto() failed (Message too long)
sendto() failed (Message too long)
sendto() failed (Message too long)

--- 192.168.50.2 ping statistics ---
3 packets transmitted, 0 packets received, 100% packet loss
`,
    });
  });

  it("prints Host is down for each echo to a target whose ARP got no answer", () => {
    const down = { sendFailed: "Host is down" } as const;
    expect(renderHostCli(parse("vmkping", "-I vmk1 -c 2 192.168.50.99"), { kind: "ping", replies: [down, down] })).toEqual({
      exitCode: 1,
      stdout: `PING 192.168.50.99 (192.168.50.99): 56 data bytes
sendto() failed (Host is down)
sendto() failed (Host is down)

--- 192.168.50.99 ping statistics ---
2 packets transmitted, 0 packets received, 100% packet loss
`,
    });
  });

  it("prints nothing for a jumbo echo lost on a smaller-MTU hop: it left, and no reply came", () => {
    expect(renderHostCli(parse("vmkping", "-I vmk1 -d -s 8972 -c 1 192.168.50.2"), { kind: "ping", replies: [null] })).toEqual({
      exitCode: 1,
      stdout: `PING 192.168.50.2 (192.168.50.2): 8972 data bytes

--- 192.168.50.2 ping statistics ---
1 packets transmitted, 0 packets received, 100% packet loss
`,
    });
  });

  it("prints what vmkping's host refuses, as it is", () => {
    const error = new DomainError(DomainErrorCode.NotFound, "Unknown interface 'vmk9': Invalid argument");
    expect(renderHostCli(parse("vmkping", "-I vmk9 10.0.0.6"), { kind: "refused", error })).toEqual({ stdout: "Unknown interface 'vmk9': Invalid argument\n", exitCode: 1 });
  });

  it("refuses a result that does not answer the request", () => {
    expect(renderHostCli(parse("esxcli", "network nic list"), { kind: "applied" })).toEqual({
      stdout: "Internal error: a query request cannot show a applied result\n",
      exitCode: 1,
    });
  });
});

describe("queries about what the host does not have", () => {
  it.each<[HostCliTool, string, string]>([
    ["esxcli", "network vswitch standard list -v vSwitch9", "Unable to find vswitch vSwitch9\n"],
    ["esxcli", "network vswitch standard policy security get -v vSwitch9", "Unable to find vswitch vSwitch9\n"],
    ["esxcli", "network vswitch standard portgroup policy failover get -p PG9", "Unable to find port group PG9\n"],
    ["esxcli", "network ip interface ipv4 get -i vmk9", "Unable to find vmknic vmk9\n"],
    ["esxcli", "network vswitch dvs vmware list -v dvs-lab", "Unable to find DVS dvs-lab on this host\n"],
  ])("%s %s", (tool, line, stdout) => {
    expect(ask(tool, line)).toEqual({ stdout, exitCode: 1 });
  });

  it("answers vicfg-vswitch -c and -C with 1 or 0", () => {
    expect(ask("vicfg-vswitch", "-c vSwitch1")).toEqual({ stdout: "1\n", exitCode: 0 });
    expect(ask("vicfg-vswitch", "-c vSwitch9")).toEqual({ stdout: "0\n", exitCode: 0 });
    expect(ask("vicfg-vswitch", "-C PG1")).toEqual({ stdout: "1\n", exitCode: 0 });
    expect(ask("vicfg-vswitch", "-C PG1", "esx-02")).toEqual({ stdout: "0\n", exitCode: 0 });
  });

  it("shows a host only its own VMs and switches", () => {
    expect(ask("esxcli", "network vm list", "esx-02").stdout).toBe(
      "World ID  Name    Num Ports  Networks\n--------  ------  ---------  ----------\n  730042  web-02          1  VM Network\n",
    );
    expect(ask("esxcli", "network vswitch dvs vmware list", "esx-02")).toEqual({ stdout: "", exitCode: 0 });
  });

  it("lists a VM's network once per vNIC, as ESXi does", () => {
    const twice = fixtureState();
    for (const e of decide({ type: "CreateVm", vm: "app-01", host: "esx-02", networks: ["VM Network", "VM Network"] }, twice, { isHostResponding: () => true })) evolve(twice, e);
    expect(renderHostCli(parse("esxcli", "network vm list"), { kind: "state", state: twice, host: "esx-02" }).stdout).toBe(
      "World ID  Name    Num Ports  Networks\n--------  ------  ---------  ----------------------\n  410072  app-01          2  VM Network, VM Network\n  730042  web-02          1  VM Network\n",
    );
  });

  it("prints an empty table's header and rule", () => {
    expect(ask("esxcli", "network vm list", "esx-09").stdout).toBe("World ID  Name  Num Ports  Networks\n--------  ----  ---------  --------\n");
  });
});

describe("renderHostCliError", () => {
  it("prints the tool's text and exits 1", () => {
    expect(renderHostCliError(new HostCliError("esxcli", "Error: Unknown command or namespace network foo"))).toEqual({
      stdout: "Error: Unknown command or namespace network foo\n",
      exitCode: 1,
    });
  });
});

describe("a standard switch as ESXi shows it", () => {
  const grown = fixtureState();
  const host = (command: HostCommand): void => {
    for (const e of decideHost(command, grown, "esx-01")) evolve(grown, e);
  };
  host({ type: "AddStandardPortGroup", vswitch: "vSwitch0", portgroup: "PG2" });
  host({ type: "AddStandardPortGroup", vswitch: "vSwitch0", portgroup: "Backup" });
  host({ type: "AddStandardSwitch", vswitch: "vSwitch2" });
  const show = (tool: HostCliTool, line: string): string => renderHostCli(parse(tool, line), { kind: "state", state: grown, host: "esx-01" }).stdout;

  it("lists the newest port group first", () => {
    expect(show("esxcli", "network vswitch standard list -v vSwitch0")).toContain("   Portgroups: Backup, PG2, VM Network, Management Network\n");
    expect(show("vicfg-vswitch", "-l")).toContain(`  PortGroup Name        VLAN ID  Used Ports  Uplinks
  Backup                0        0           vmnic0
  PG2                   0        0           vmnic0
  VM Network            0        1           vmnic0
  Management Network    0        1           vmnic0
`);
  });

  it("counts one internal port in use on a switch with no uplink and no client", () => {
    expect(show("esxcli", "network vswitch standard list -v vSwitch2")).toContain("   Num Ports: 128\n   Used Ports: 1\n");
    expect(show("vicfg-vswitch", "-l")).toContain("vSwitch2         128         1           128               1500\n");
  });
});

describe("what the host refuses, worded as ESXi words it", () => {
  /** The request decided on esx-01 of the fixture, and the refusal printed. */
  const refuse = (tool: HostCliTool, line: string) => {
    const request = parse(tool, line);
    if (request.kind !== "command") throw new Error(`${line} is not a command`);
    try {
      decideHost(request.command, state, "esx-01");
    } catch (error) {
      if (isDomainError(error)) return renderHostCli(request, { kind: "refused", error });
      throw error;
    }
    throw new Error(`${line} was not refused`);
  };

  it.each<[HostCliTool, string, string]>([
    ["esxcli", "network vswitch standard add -v vSwitch1", "A portset with this name already exists\n"],
    ["vicfg-vswitch", "-a vSwitch1", "Error: A portset with this name already exists\n"],
    ["esxcli", "network vswitch standard uplink remove -u vmnic3 -v vSwitch1", "No such uplink: vmnic3\n"],
    ["vicfg-vswitch", "-U vmnic3 vSwitch1", "Error: No such uplink: vmnic3\n"],
    ["esxcli", "network ip interface add -p PG1", "A vmkernel nic for the connection point already exists\n"],
    ["vicfg-vmknic", "-a -i 10.0.0.9 -n 255.255.255.0 PG1", "Error: A vmkernel nic for the connection point already exists\n"],
    ["esxcli", "network vswitch standard portgroup remove -p PG9 -v vSwitch1", "Sysinfo error: Not foundSee VMkernel log for details.\n"],
    ["vicfg-vswitch", "-D PG9 vSwitch1", "Error: Sysinfo error: Not foundSee VMkernel log for details.\n"],
  ])("%s %s", (tool, line, stdout) => {
    expect(refuse(tool, line)).toEqual({ stdout, exitCode: 1 });
  });
});

describe("a distributed switch's uplink dvPorts on the host", () => {
  const decided = (line: string) => {
    const request = parse("vicfg-vswitch", line);
    if (request.kind !== "command") throw new Error(`${line} is not a command`);
    return decideHost(request.command, state, "esx-01");
  };

  it("are named by their numeric DVPort ID, or as before by their uplink", () => {
    const off = { type: "ProxySwitchUplinkChanged", data: { host: "esx-01", vds: "dvs-prod", uplink: "uplink1", pnic: null } };
    expect(decided("-Q vmnic3 -V 0 dvs-prod")).toEqual([off]);
    expect(decided("-Q vmnic3 -V uplink1 dvs-prod")).toEqual([off]);
    expect(decided("-P vmnic3 -V 0 dvs-prod")).toEqual([]);
    expect(() => decided("-P vmnic3 -V 2 dvs-prod")).toThrow("DVPort 2 is not an uplink port of DVS dvs-prod on this host (its uplink ports: 0, 1)");
  });
});
