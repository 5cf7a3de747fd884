import { decideHost, evolve, type HostCommand } from "@vdsim/model";
import { describe, expect, it } from "vitest";
import { parseHostCli } from "../parse.js";
import type { HostCliOutput, HostObservations } from "../request.js";
import { fixtureState } from "./fixture.spec-support.js";
import { worldId } from "./format.js";
import { renderHostCli } from "./render.js";

// esx-01 of the fixture (vmk0 192.168.0.10/24, vmk1 10.0.0.5/24 with vMotion, vmk2 on dvs-prod without an address),
// with a default gateway, a static route, and what its data plane observed.
const state = fixtureState();
const apply = (c: HostCommand): void => {
  for (const e of decideHost(c, state, "esx-01")) evolve(state, e);
};
apply({ type: "AddIpv4Route", network: "0.0.0.0", netmask: "0.0.0.0", gateway: "192.168.0.1" });
apply({ type: "AddIpv4Route", network: "172.16.0.0", netmask: "255.255.0.0", gateway: "10.0.0.1" });
apply({ type: "SetVmkNicServices", vmknic: { name: "vmk1" }, vsan: true, faultToleranceLogging: true });
const observed: HostObservations = {
  neighbors: [
    { ip: "192.168.0.11", mac: "00:50:56:50:01:00", vmknic: "vmk0", expirySeconds: 1187 },
    { ip: "10.0.0.6", mac: "00:50:56:50:01:01", vmknic: "vmk1", expirySeconds: 42 },
  ],
  vnicPorts: [
    { vm: "web-01", nic: 0, ip: "10.128.0.2", teamUplink: "vmnic3" },
    { vm: "web-01", nic: 1, ip: "10.128.0.3", teamUplink: "vmnic2" },
  ],
};
const show = (line: string): HostCliOutput => renderHostCli(parseHostCli("esxcli", line.split(" ")), { kind: "state", state, host: "esx-01", observed });

describe("what esx-01 shows of its TCP/IP stack, NICs and VM ports", () => {
  it("esxcli network ip interface tag get -i vmkN", () => {
    expect(show("network ip interface tag get -i vmk0")).toEqual({ exitCode: 0, stdout: "   Tags: Management\n" });
    expect(show("network ip interface tag get -i vmk1")).toEqual({ exitCode: 0, stdout: "   Tags: VMotion, faultToleranceLogging, VSAN\n" });
    expect(show("network ip interface tag get -i vmk2")).toEqual({ exitCode: 0, stdout: "   Tags:\n" });
    expect(show("network ip interface tag get -i vmk9")).toEqual({ exitCode: 1, stdout: "Unable to find vmknic vmk9\n" });
  });

  it("esxcli network ip route ipv4 list", () => {
    expect(show("network ip route ipv4 list")).toEqual({ exitCode: 0, stdout: `Network      Netmask        Gateway      Interface  Source
-----------  -------------  -----------  ---------  ------
default      0.0.0.0        192.168.0.1  vmk0       MANUAL
192.168.0.0  255.255.255.0  0.0.0.0      vmk0       MANUAL
10.0.0.0     255.255.255.0  0.0.0.0      vmk1       MANUAL
172.16.0.0   255.255.0.0    10.0.0.1     vmk1       MANUAL
` });
  });

  it("esxcli network ip neighbor list [-i vmkN]", () => {
    expect(show("network ip neighbor list")).toEqual({ exitCode: 0, stdout: `Neighbor      Mac Address        Vmknic    Expiry  State  Type
------------  -----------------  ------  --------  -----  -------
192.168.0.11  00:50:56:50:01:00  vmk0    1187 sec         Unknown
10.0.0.6      00:50:56:50:01:01  vmk1      42 sec         Unknown
` });
    expect(show("network ip neighbor list -i vmk1").stdout).toBe(`Neighbor  Mac Address        Vmknic  Expiry  State  Type
--------  -----------------  ------  ------  -----  -------
10.0.0.6  00:50:56:50:01:01  vmk1    42 sec         Unknown
`);
    expect(show("network ip neighbor list -v 6").stdout).toBe(`Neighbor  Mac Address  Vmknic  Expiry  State  Type
--------  -----------  ------  ------  -----  ----
`);
  });

  it("esxcli network ip netstack list", () => {
    expect(show("network ip netstack list")).toEqual({ exitCode: 0, stdout: `defaultTcpipStack
   Key: defaultTcpipStack
   Name: defaultTcpipStack
   State: 4660
` });
  });

  it("esxcli network nic get -n vmnicN", () => {
    expect(show("network nic get -n vmnic1")).toEqual({ exitCode: 0, stdout: `   Advertised Auto Negotiation: true
   Advertised Link Modes: 10baseT/Half, 10baseT/Full, 100baseT/Half, 100baseT/Full, 1000baseT/Full
   Auto Negotiation: true
   Cable Type: Twisted Pair
   Current Message Level: 7
   Driver Info:
         Bus Info: 0000:03:00.0
         Driver: e1000
         Firmware Version: N/A
         Version: 8.0.3.1-NAPI
   Link Detected: true
   Link Status: Up
   Name: vmnic1
   PHYAddress: 0
   Pause Autonegotiate: true
   Pause RX: false
   Pause TX: false
   Supported Ports: TP
   Supports Auto Negotiation: true
   Supports Pause: true
   Supports Wakeon: true
   Transceiver: internal
   Wakeon: MagicPacket(tm)
` });
    expect(show("network nic get -n vmnic9")).toEqual({ exitCode: 1, stdout: "Unable to find NIC vmnic9\n" });
  });

  it("esxcli network vm port list -w WORLDID", () => {
    expect(show(`network vm port list -w ${worldId("web-01")}`)).toEqual({ exitCode: 0, stdout: `   Port ID: 67108880
   vSwitch: DvsPortset-0
   Portgroup: pg-web
   DVPort ID: 3
   MAC Address: 00:50:56:80:00:00
   IP Address: 10.128.0.2
   Team Uplink: vmnic3
   Uplink Port ID: 67108866
   Active Filters:

   Port ID: 50331664
   vSwitch: vSwitch1
   Portgroup: PG1
   DVPort ID:
   MAC Address: 00:50:56:80:00:01
   IP Address: 10.128.0.3
   Team Uplink: vmnic2
   Uplink Port ID: 50331651
   Active Filters:
` });
    expect(show(`network vm port list -w ${worldId("web-02")}`)).toEqual({ exitCode: 0, stdout: "" });
  });

  it("prints them with --formatter too: nic get's Driver Info is a nested NICDriverInfo structure", () => {
    const xml = show("--formatter=xml network nic get -n vmnic0").stdout;
    expect(xml).toContain(`   <structure typeName="NICInfo">
      <field name="AdvertisedAutoNegotiation">
         <boolean>true</boolean>
      </field>`);
    expect(xml).toContain(`      <field name="DriverInfo">
         <structure typeName="NICDriverInfo">
            <field name="BusInfo">
               <string>0000:02:00.0</string>
            </field>`);
    const keyvalue = show("--formatter=keyvalue network nic get -n vmnic0").stdout;
    expect(keyvalue).toContain("NICInfo.CurrentMessageLevel.integer=7\nNICInfo.DriverInfo.NICDriverInfo.BusInfo.string=0000:02:00.0\n");
    expect(keyvalue).toContain("NICInfo.Wakeon.string[0].string=MagicPacket(tm)\n");
    expect(show("--formatter=csv network ip neighbor list").stdout).toBe(
      "Expiry,MacAddress,Neighbor,State,Type,Vmknic,\n1187,00:50:56:50:01:00,192.168.0.11,,Unknown,vmk0,\n42,00:50:56:50:01:01,10.0.0.6,,Unknown,vmk1,\n",
    );
    expect(show("--formatter=keyvalue network ip interface tag get -i vmk1").stdout).toBe(
      "InterfaceTags.Tags.string[0].string=VMotion\nInterfaceTags.Tags.string[1].string=faultToleranceLogging\nInterfaceTags.Tags.string[2].string=VSAN\n",
    );
  });

  it("esxcli network vswitch standard list shows the switch's CDP status", () => {
    apply({ type: "SetStandardSwitch", vswitch: "vSwitch1", cdpStatus: "both" });
    expect(show("network vswitch standard list -v vSwitch1").stdout).toContain("   MTU: 1500\n   CDP Status: both\n   Beacon Enabled: false\n");
    expect(show("network vswitch standard list -v vSwitch0").stdout).toContain("   CDP Status: listen\n");
  });
});
