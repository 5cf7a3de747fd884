import { describe, expect, it } from "vitest";
import { parseHostCli } from "../parse.js";
import type { HostCliOutput, HostCliTool } from "../request.js";
import { fixtureState } from "./fixture.spec-support.js";
import { renderHostCli } from "./render.js";

// Golden outputs of esx-01 in the fixture: vSwitch0 (vmk0, db-01), vSwitch1 (PG1: vmk1, web-01), dvs-prod (web-01, vmk2).
// A standard switch's Used Ports are its clients, a port per uplink and one internal port. dvs-prod's
// uplink port group is dvportgroup-1 with esx-01's uplink dvPorts 0 and 1; pg-web is dvportgroup-2, ports 2-5.
const state = fixtureState();
const show = (tool: HostCliTool, argv: string[]): HostCliOutput =>
  renderHostCli(parseHostCli(tool, argv), { kind: "state", state, host: "esx-01" });

describe("what esx-01 shows", () => {
  it("esxcli network vswitch standard list", () => {
    expect(show("esxcli", "network vswitch standard list".split(" "))).toEqual({ exitCode: 0, stdout: `vSwitch0
   Name: vSwitch0
   Class: etherswitch
   Num Ports: 128
   Used Ports: 4
   Configured Ports: 128
   MTU: 1500
   CDP Status: listen
   Beacon Enabled: false
   Beacon Interval: 1
   Beacon Threshold: 3
   Beacon Required By:
   Uplinks: vmnic0
   Portgroups: VM Network, Management Network

vSwitch1
   Name: vSwitch1
   Class: etherswitch
   Num Ports: 64
   Used Ports: 5
   Configured Ports: 64
   MTU: 1500
   CDP Status: listen
   Beacon Enabled: false
   Beacon Interval: 1
   Beacon Threshold: 3
   Beacon Required By:
   Uplinks: vmnic1, vmnic2
   Portgroups: PG1
` });
  });

  it("esxcli network vswitch standard list -v vSwitch1", () => {
    expect(show("esxcli", "network vswitch standard list -v vSwitch1".split(" "))).toEqual({ exitCode: 0, stdout: `vSwitch1
   Name: vSwitch1
   Class: etherswitch
   Num Ports: 64
   Used Ports: 5
   Configured Ports: 64
   MTU: 1500
   CDP Status: listen
   Beacon Enabled: false
   Beacon Interval: 1
   Beacon Threshold: 3
   Beacon Required By:
   Uplinks: vmnic1, vmnic2
   Portgroups: PG1
` });
  });

  it("esxcli network vswitch standard portgroup list", () => {
    expect(show("esxcli", "network vswitch standard portgroup list".split(" "))).toEqual({ exitCode: 0, stdout: `Name                Virtual Switch  Active Clients  VLAN ID
------------------  --------------  --------------  -------
Management Network  vSwitch0                     1        0
PG1                 vSwitch1                     2       10
VM Network          vSwitch0                     1        0
` });
  });

  it("esxcli network vswitch standard policy security get -v vSwitch1", () => {
    expect(show("esxcli", "network vswitch standard policy security get -v vSwitch1".split(" "))).toEqual({ exitCode: 0, stdout: `   Allow Promiscuous: false
   Allow MAC Address Change: true
   Allow Forged Transmits: true
` });
  });

  it("esxcli network vswitch standard policy shaping get -v vSwitch1", () => {
    expect(show("esxcli", "network vswitch standard policy shaping get -v vSwitch1".split(" "))).toEqual({ exitCode: 0, stdout: `   Enabled: true
   Average Bandwidth: 1000 Kbps
   Peak Bandwidth: 2000 Kbps
   Burst Size: 100 Kib
` });
  });

  it("esxcli network vswitch standard policy failover get -v vSwitch1", () => {
    expect(show("esxcli", "network vswitch standard policy failover get -v vSwitch1".split(" "))).toEqual({ exitCode: 0, stdout: `   Load Balancing: srcport
   Network Failure Detection: link
   Notify Switches: true
   Failback: true
   Active Adapters: vmnic1, vmnic2
   Standby Adapters:
   Unused Adapters:
` });
  });

  it("esxcli network vswitch standard portgroup policy security get -p PG1", () => {
    expect(show("esxcli", "network vswitch standard portgroup policy security get -p PG1".split(" "))).toEqual({ exitCode: 0, stdout: `   Allow Promiscuous: true
   Allow MAC Address Change: true
   Allow Forged Transmits: true
   Override Vswitch Allow Promiscuous: true
   Override Vswitch Allow MAC Address Change: true
   Override Vswitch Allow Forged Transmits: true
` });
  });

  it("esxcli network vswitch standard portgroup policy shaping get -p PG1", () => {
    expect(show("esxcli", "network vswitch standard portgroup policy shaping get -p PG1".split(" "))).toEqual({ exitCode: 0, stdout: `   Enabled: true
   Average Bandwidth: 1000 Kbps
   Peak Bandwidth: 2000 Kbps
   Burst Size: 100 Kib
   Override Vswitch Shaping: false
` });
  });

  it("esxcli network vswitch standard portgroup policy failover get -p PG1", () => {
    expect(show("esxcli", "network vswitch standard portgroup policy failover get -p PG1".split(" "))).toEqual({ exitCode: 0, stdout: `   Load Balancing: srcport
   Network Failure Detection: link
   Notify Switches: true
   Failback: true
   Active Adapters: vmnic2
   Standby Adapters: vmnic1
   Unused Adapters:
   Override Vswitch Load Balancing: true
   Override Vswitch Network Failure Detection: true
   Override Vswitch Notify Switches: true
   Override Vswitch Failback: true
   Override Vswitch Uplinks: true
` });
  });

  it("esxcli network ip interface list", () => {
    expect(show("esxcli", "network ip interface list".split(" "))).toEqual({ exitCode: 0, stdout: `vmk0
   Name: vmk0
   MAC Address: 00:0c:29:00:00:00
   Enabled: true
   Portset: vSwitch0
   Portgroup: Management Network
   Netstack Instance: defaultTcpipStack
   VDS Name: N/A
   VDS UUID: N/A
   VDS Port: N/A
   VDS Connection: -1
   MTU: 1500
   TSO MSS: 65535
   Port ID: 33554436

vmk1
   Name: vmk1
   MAC Address: 00:50:56:50:00:01
   Enabled: true
   Portset: vSwitch1
   Portgroup: PG1
   Netstack Instance: defaultTcpipStack
   VDS Name: N/A
   VDS UUID: N/A
   VDS Port: N/A
   VDS Connection: -1
   MTU: 9000
   TSO MSS: 65535
   Port ID: 50331653

vmk2
   Name: vmk2
   MAC Address: 00:50:56:50:00:02
   Enabled: true
   Portset: DvsPortset-0
   Portgroup: N/A
   Netstack Instance: defaultTcpipStack
   VDS Name: dvs-prod
   VDS UUID: 87 85 d5 dc 72 61 6e 6d-dc bf 4f 7a 31 4a c1 7b
   VDS Port: 2
   VDS Connection: 1028777119
   MTU: 1500
   TSO MSS: 65535
   Port ID: 67108870
` });
  });

  it("esxcli network ip interface ipv4 get", () => {
    expect(show("esxcli", "network ip interface ipv4 get".split(" "))).toEqual({ exitCode: 0, stdout: `Name  IPv4 Address  IPv4 Netmask   IPv4 Broadcast  Address Type  DHCP DNS
----  ------------  -------------  --------------  ------------  --------
vmk0  192.168.0.10  255.255.255.0  192.168.0.255   STATIC           false
vmk1  10.0.0.5      255.255.255.0  10.0.0.255      STATIC           false
vmk2  0.0.0.0       0.0.0.0        0.0.0.0         NONE             false
` });
  });

  it("esxcli network vswitch dvs vmware list", () => {
    expect(show("esxcli", "network vswitch dvs vmware list".split(" "))).toEqual({ exitCode: 0, stdout: `dvs-prod
   Name: dvs-prod
   VDS ID: 87 85 d5 dc 72 61 6e 6d-dc bf 4f 7a 31 4a c1 7b
   Class: etherswitch
   Num Ports: 256
   Used Ports: 3
   Configured Ports: 256
   MTU: 9000
   CDP Status: listen
   Beacon Timeout: -1
   Uplinks: vmnic3
   VMware Branded: true
   DVPort:
         Client: vmnic3
         DVPortgroup ID: dvportgroup-1
         In Use: true
         Port ID: 0

         Client:
         DVPortgroup ID: dvportgroup-1
         In Use: false
         Port ID: 1

         Client: vmk2
         DVPortgroup ID: dvportgroup-2
         In Use: true
         Port ID: 2

         Client: web-01.eth0
         DVPortgroup ID: dvportgroup-2
         In Use: true
         Port ID: 3
` });
  });

  it("esxcli network nic list", () => {
    expect(show("esxcli", "network nic list".split(" "))).toEqual({ exitCode: 0, stdout: `Name    PCI Device    Driver  Link  Speed  Duplex  MAC Address         MTU  Description
------  ------------  ------  ----  -----  ------  -----------------  ----  --------------------------------------------------------------
vmnic0  0000:02:00.0  e1000   Up     1000  Full    00:0c:29:00:00:00  1500  Intel Corporation 82545EM Gigabit Ethernet Controller (Copper)
vmnic1  0000:03:00.0  e1000   Up     1000  Full    00:0c:29:00:00:01  1500  Intel Corporation 82545EM Gigabit Ethernet Controller (Copper)
vmnic2  0000:04:00.0  e1000   Up     1000  Full    00:0c:29:00:00:02  1500  Intel Corporation 82545EM Gigabit Ethernet Controller (Copper)
vmnic3  0000:05:00.0  e1000   Up     1000  Full    00:0c:29:00:00:03  9000  Intel Corporation 82545EM Gigabit Ethernet Controller (Copper)
` });
  });

  it("esxcli network vm list", () => {
    expect(show("esxcli", "network vm list".split(" "))).toEqual({ exitCode: 0, stdout: `World ID  Name    Num Ports  Networks
--------  ------  ---------  -----------
  989901  db-01           1  VM Network
  152423  web-01          2  pg-web, PG1
` });
  });

  it("vicfg-vswitch -l", () => {
    expect(show("vicfg-vswitch", ["-l"])).toEqual({ exitCode: 0, stdout: `Switch Name      Num Ports   Used Ports  Configured Ports  MTU     Uplinks
vSwitch0         128         4           128               1500    vmnic0

  PortGroup Name        VLAN ID  Used Ports  Uplinks
  VM Network            0        1           vmnic0
  Management Network    0        1           vmnic0

Switch Name      Num Ports   Used Ports  Configured Ports  MTU     Uplinks
vSwitch1         64          5           64                1500    vmnic1,vmnic2

  PortGroup Name        VLAN ID  Used Ports  Uplinks
  PG1                   10       2           vmnic2,vmnic1

DVS Name         Num Ports   Used Ports  Configured Ports  MTU     Uplinks
dvs-prod         256         3           256               9000    vmnic3

  DVPort ID           In Use      Client
  0                   1           vmnic3
  1                   0
  2                   1           vmk2
  3                   1           web-01.eth0

` });
  });

  it("vicfg-vmknic -l", () => {
    expect(show("vicfg-vmknic", ["-l"])).toEqual({ exitCode: 0, stdout: `Interface  Port Group/DVPort   IP Family  IP Address                              Netmask         Broadcast       MAC Address        MTU     TSO MSS   Enabled  Type
vmk0       Management Network  IPv4       192.168.0.10                            255.255.255.0   192.168.0.255   00:0c:29:00:00:00  1500    65535     true     STATIC
vmk1       PG1                 IPv4       10.0.0.5                                255.255.255.0   10.0.0.255      00:50:56:50:00:01  9000    65535     true     STATIC
vmk2       2                   IPv4       N/A                                     N/A             N/A             00:50:56:50:00:02  1500    65535     true     NONE
` });
  });
});
