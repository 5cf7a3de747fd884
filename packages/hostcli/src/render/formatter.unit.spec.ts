import { describe, expect, it } from "vitest";
import { parseHostCli } from "../parse.js";
import type { HostCliOutput } from "../request.js";
import { fixtureState } from "./fixture.spec-support.js";
import { renderHostCli } from "./render.js";

// esx-01 of the fixture, printed by `esxcli --formatter=...`: the field names without spaces, in byte order.
const state = fixtureState();
const esxcli = (line: string): HostCliOutput => renderHostCli(parseHostCli("esxcli", line.split(" ")), { kind: "state", state, host: "esx-01" });

describe("esxcli --formatter=csv", () => {
  it("prints a header and a row per switch, each ending in a comma, a list as one quoted cell", () => {
    expect(esxcli("--formatter=csv network vswitch standard list")).toEqual({ exitCode: 0, stdout: `BeaconEnabled,BeaconInterval,BeaconRequiredBy,BeaconThreshold,CDPStatus,Class,ConfiguredPorts,MTU,Name,NumPorts,Portgroups,Uplinks,UsedPorts,
false,1,,3,listen,etherswitch,128,1500,vSwitch0,128,"VM Network,Management Network",vmnic0,4,
false,1,,3,listen,etherswitch,64,1500,vSwitch1,64,PG1,"vmnic1,vmnic2",5,
` });
  });

  it("takes its value after a space too", () => {
    expect(esxcli("--formatter csv network vswitch standard portgroup list").stdout).toBe(`ActiveClients,Name,VLANID,VirtualSwitch,
1,Management Network,0,vSwitch0,
2,PG1,10,vSwitch1,
1,VM Network,0,vSwitch0,
`);
  });

  it("prints a get as one row", () => {
    expect(esxcli("--formatter=csv network vswitch standard policy security get -v vSwitch1").stdout).toBe(
      "AllowForgedTransmits,AllowMACAddressChange,AllowPromiscuous,\ntrue,true,false,\n",
    );
  });
});

describe("esxcli --formatter=keyvalue", () => {
  it("prints Type.Field.type=value lines, each list item and an empty list as ESXi does", () => {
    expect(esxcli("--formatter=keyvalue network vswitch standard list -v vSwitch1")).toEqual({ exitCode: 0, stdout: `structure[0].VirtualSwitch.BeaconEnabled.boolean=false
structure[0].VirtualSwitch.BeaconInterval.integer=1
structure[0].VirtualSwitch.BeaconRequiredBy.string[] = 
structure[0].VirtualSwitch.BeaconThreshold.integer=3
structure[0].VirtualSwitch.CDPStatus.string=listen
structure[0].VirtualSwitch.Class.string=etherswitch
structure[0].VirtualSwitch.ConfiguredPorts.integer=64
structure[0].VirtualSwitch.MTU.integer=1500
structure[0].VirtualSwitch.Name.string=vSwitch1
structure[0].VirtualSwitch.NumPorts.integer=64
structure[0].VirtualSwitch.Portgroups.string[0].string=PG1
structure[0].VirtualSwitch.Uplinks.string[0].string=vmnic1
structure[0].VirtualSwitch.Uplinks.string[1].string=vmnic2
structure[0].VirtualSwitch.UsedPorts.integer=5
` });
  });

  it("prints a get's structure without an index, its bandwidths as bare integers", () => {
    expect(esxcli("--formatter=keyvalue network vswitch standard policy shaping get -v vSwitch1").stdout).toBe(`ShapingPolicy.AverageBandwidth.integer=1000
ShapingPolicy.BurstSize.integer=100
ShapingPolicy.Enabled.boolean=true
ShapingPolicy.PeakBandwidth.integer=2000
`);
  });
});

describe("esxcli --formatter=xml", () => {
  it("prints a list of structures under <root>", () => {
    expect(esxcli("--formatter=xml network ip interface ipv4 get -i vmk1")).toEqual({ exitCode: 0, stdout: `<?xml version="1.0" encoding="utf-8"?>
<output xmlns="http://www.vmware.com/Products/ESX/5.0/esxcli">
<root>
   <list type="structure">
      <structure typeName="IPv4Interface">
         <field name="AddressType">
            <string>STATIC</string>
         </field>
         <field name="DHCPDNS">
            <boolean>false</boolean>
         </field>
         <field name="IPv4Address">
            <string>10.0.0.5</string>
         </field>
         <field name="IPv4Broadcast">
            <string>10.0.0.255</string>
         </field>
         <field name="IPv4Netmask">
            <string>255.255.255.0</string>
         </field>
         <field name="Name">
            <string>vmk1</string>
         </field>
      </structure>
   </list>
</root>
</output>
` });
  });

  it("prints a get as a single structure, its lists as string lists", () => {
    expect(esxcli("--formatter=xml network vswitch standard policy failover get -v vSwitch1").stdout).toBe(`<?xml version="1.0" encoding="utf-8"?>
<output xmlns="http://www.vmware.com/Products/ESX/5.0/esxcli">
<root>
   <structure typeName="FailoverPolicy">
      <field name="ActiveAdapters">
         <list type="string">
            <string>vmnic1</string>
            <string>vmnic2</string>
         </list>
      </field>
      <field name="Failback">
         <boolean>true</boolean>
      </field>
      <field name="LoadBalancing">
         <string>srcport</string>
      </field>
      <field name="NetworkFailureDetection">
         <string>link</string>
      </field>
      <field name="NotifySwitches">
         <boolean>true</boolean>
      </field>
      <field name="StandbyAdapters">
         <list type="string"></list>
      </field>
      <field name="UnusedAdapters">
         <list type="string"></list>
      </field>
   </structure>
</root>
</output>
`);
  });
});

describe("esxcli's global options", () => {
  it("accepts --debug and --screen-width before the namespace", () => {
    expect(esxcli("--debug --screen-width=80 --formatter=csv network vm list").stdout).toBe(
      'Name,Networks,NumPorts,WorldID,\ndb-01,VM Network,1,989901,\nweb-01,"pg-web,PG1",2,152423,\n',
    );
    expect(esxcli("--screen-width 80 network vm list").stdout).toBe(esxcli("network vm list").stdout);
  });

  it("refuses a formatter esxcli does not have", () => {
    expect(() => parseHostCli("esxcli", ["--formatter=json", "network", "nic", "list"])).toThrow(
      "Error: Invalid formatter 'json'. Available formatter: xml, csv, keyvalue",
    );
  });

  it("prints what the host cannot find as it is, whatever the formatter", () => {
    expect(esxcli("--formatter=xml network vswitch standard list -v vSwitch9")).toEqual({ stdout: "Unable to find vswitch vSwitch9\n", exitCode: 1 });
  });

  it("leaves a command without output as it is", () => {
    expect(parseHostCli("esxcli", "--formatter=xml network vswitch standard add -v vSwitch2".split(" "))).toEqual({
      kind: "command",
      tool: "esxcli",
      command: { type: "AddStandardSwitch", vswitch: "vSwitch2" },
    });
  });
});
