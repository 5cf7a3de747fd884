import { describe, expect, it } from "vitest";
import { applyPolicyPatch, defaultDistributedPolicy } from "@vdsim/model";
import { InventoryContext } from "../inventory/context.js";
import { SAMPLE, foldCommands } from "../inventory/cluster.spec-support.js";
import { portSetting } from "../inventory/port-setting.js";
import { isVimFault, type VimFault } from "../soap/faults.js";
import { parseXml } from "../soap/xml-tree.js";
import { plainValue } from "../soap/envelope.js";
import { buildXml } from "../soap/xml-tree.js";
import { decodePortSetting } from "./port-setting-decode.js";
import { addPortGroupCommands, reconfigurePortGroupCommands } from "./portgroup-spec.js";
import { checkConfigVersion, createSwitchCommands, reconfigureSwitchCommands } from "./switch-spec.js";
import { field } from "./xml-read.js";

const XSI = 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"';
const spec = (inner: string, type = "") => field(parseXml(`<spec ${XSI}${type ? ` xsi:type="${type}"` : ""}>${inner}</spec>`), "spec");
const ctx = new InventoryContext(foldCommands(SAMPLE), () => "connected", new Date("2026-12-03T08:00:00Z"));
const dvs1 = () => {
  const s = ctx.state.switches["dvs1"];
  if (!s) throw new Error("the sample has dvs1");
  return s;
};
const web = () => {
  const p = ctx.state.portGroups["web"];
  if (!p) throw new Error("the sample has web");
  return p;
};

function faultOf(f: () => unknown): VimFault {
  try {
    f();
  } catch (err) {
    if (isVimFault(err)) return err;
    throw err;
  }
  throw new Error("expected a fault");
}

const bp = (v: boolean) => `<inherited>false</inherited><value>${v}</value>`;
const lp = (v: number) => `<inherited>false</inherited><value>${v}</value>`;

describe("decoding a DVSCreateSpec", () => {
  it("gives the switch's command with its uplink count and MTU, then one AddHost per host with its pnics", () => {
    const s = spec(
      `<configSpec xsi:type="VMwareDVSConfigSpec"><name>dvs2</name><uplinkPortPolicy xsi:type="DVSNameArrayUplinkPortPolicy"><uplinkPortName>uplink1</uplinkPortName><uplinkPortName>uplink2</uplinkPortName><uplinkPortName>uplink3</uplinkPortName></uplinkPortPolicy>` +
        `<host><operation>add</operation><host type="HostSystem">host-10</host><backing xsi:type="DistributedVirtualSwitchHostMemberPnicBacking"><pnicSpec><pnicDevice>vmnic0</pnicDevice></pnicSpec></backing></host><maxMtu>9000</maxMtu></configSpec>`,
    );
    expect(createSwitchCommands(ctx, s)).toEqual({
      name: "dvs2",
      commands: [
        { type: "CreateDistributedSwitch", vds: "dvs2", uplinks: 3, mtu: 9000 },
        { type: "AddHostToDistributedSwitch", vds: "dvs2", host: "esx-01", pnics: ["vmnic0"] },
      ],
    });
  });

  it("refuses uplink names vdsim does not give (InvalidArgument naming uplinkPortName), an unknown host (NotFound), a missing name", () => {
    const renamed = faultOf(() => createSwitchCommands(ctx, spec(`<configSpec><name>x</name><uplinkPortPolicy><uplinkPortName>up-a</uplinkPortName></uplinkPortPolicy></configSpec>`)));
    expect(renamed.faultType).toBe("InvalidArgument");
    expect(renamed.props["invalidProperty"]).toEqual({ kind: "primitive", xsd: "string", value: "spec.configSpec.uplinkPortPolicy.uplinkPortName" });
    const ghost = faultOf(() => createSwitchCommands(ctx, spec(`<configSpec><name>x</name><host><operation>add</operation><host type="HostSystem">host-999</host></host></configSpec>`)));
    expect(ghost.faultType).toBe("NotFound");
    expect(ghost.message).toContain("host-999");
    expect(faultOf(() => createSwitchCommands(ctx, spec(`<configSpec></configSpec>`))).props["invalidProperty"]).toEqual({ kind: "primitive", xsd: "string", value: "spec.configSpec.name" });
  });
});

describe("decoding a VMwareDVSConfigSpec for ReconfigureDvs_Task", () => {
  it("gives an MTU change and host removals; restating what is there changes nothing", () => {
    const s = spec(`<name>dvs1</name><maxMtu>9000</maxMtu><host><operation>remove</operation><host type="HostSystem">host-11</host></host><uplinkPortPolicy><uplinkPortName>uplink1</uplinkPortName><uplinkPortName>uplink2</uplinkPortName></uplinkPortPolicy>`);
    expect(reconfigureSwitchCommands(ctx, dvs1(), s)).toEqual([
      { type: "ReconfigureDistributedSwitch", vds: "dvs1", mtu: 9000 },
      { type: "RemoveHostFromDistributedSwitch", vds: "dvs1", host: "esx-02" },
    ]);
    const same = spec(`<maxMtu>1500</maxMtu><host><operation>edit</operation><host type="HostSystem">host-10</host><backing><pnicSpec><pnicDevice>vmnic1</pnicDevice></pnicSpec></backing></host>`);
    expect(reconfigureSwitchCommands(ctx, dvs1(), same)).toEqual([]);
  });

  it("refuses a rename and an edit that moves uplinks (NotSupported), other uplink counts (InvalidArgument)", () => {
    expect(faultOf(() => reconfigureSwitchCommands(ctx, dvs1(), spec(`<name>dvs9</name>`))).faultType).toBe("NotSupported");
    const move = spec(`<host><operation>edit</operation><host type="HostSystem">host-10</host><backing><pnicSpec><pnicDevice>vmnic0</pnicDevice></pnicSpec></backing></host>`);
    expect(faultOf(() => reconfigureSwitchCommands(ctx, dvs1(), move)).faultType).toBe("NotSupported");
    expect(faultOf(() => reconfigureSwitchCommands(ctx, dvs1(), spec(`<uplinkPortPolicy><uplinkPortName>uplink1</uplinkPortName></uplinkPortPolicy>`))).faultType).toBe("InvalidArgument");
  });

  it("accepts a switch defaultPortConfig that restates vCenter's defaults, refuses one that changes them (NotSupported)", () => {
    const restated = spec(`<defaultPortConfig xsi:type="VMwareDVSPortSetting"><blocked>${bp(false)}</blocked></defaultPortConfig>`);
    expect(reconfigureSwitchCommands(ctx, dvs1(), restated)).toEqual([]);
    const changed = spec(`<defaultPortConfig xsi:type="VMwareDVSPortSetting"><blocked>${bp(true)}</blocked></defaultPortConfig>`);
    expect(faultOf(() => reconfigureSwitchCommands(ctx, dvs1(), changed)).faultType).toBe("NotSupported");
  });

  it("refuses a stale configVersion with ConcurrentAccess naming the object", () => {
    const f = faultOf(() => checkConfigVersion(spec(`<configVersion>3</configVersion>`), 2, 'distributed switch "dvs1"'));
    expect(f.faultType).toBe("ConcurrentAccess");
    expect(f.message).toContain('"dvs1"');
    expect(() => checkConfigVersion(spec(`<configVersion>2</configVersion>`), 2, "x")).not.toThrow();
  });
});

describe("decoding a port setting (VMwareDVSPortSetting)", () => {
  it("turns bit/s and bytes into the model's kbit/s and KB, in and out apart, and rollingOrder into failback's opposite", () => {
    const s = spec(
      `<vlan xsi:type="VmwareDistributedVirtualSwitchTrunkVlanSpec"><inherited>false</inherited><vlanId><start>100</start><end>200</end></vlanId><vlanId><start>300</start><end>300</end></vlanId></vlan>` +
        `<securityPolicy><inherited>false</inherited><allowPromiscuous>${bp(true)}</allowPromiscuous><forgedTransmits>${bp(false)}</forgedTransmits></securityPolicy>` +
        `<inShapingPolicy><inherited>false</inherited><enabled>${bp(true)}</enabled><averageBandwidth>${lp(2_000_000)}</averageBandwidth><peakBandwidth>${lp(4_000_000)}</peakBandwidth><burstSize>${lp(65_536)}</burstSize></inShapingPolicy>` +
        `<outShapingPolicy><inherited>false</inherited><enabled>${bp(false)}</enabled></outShapingPolicy>` +
        `<uplinkTeamingPolicy><inherited>false</inherited><policy><inherited>false</inherited><value>failover_explicit</value></policy><rollingOrder>${bp(true)}</rollingOrder><uplinkPortOrder><inherited>false</inherited><activeUplinkPort>uplink2</activeUplinkPort><standbyUplinkPort>uplink1</standbyUplinkPort></uplinkPortOrder></uplinkTeamingPolicy>` +
        `<blocked>${bp(true)}</blocked>`,
      "VMwareDVSPortSetting",
    );
    expect(decodePortSetting(s)).toEqual({
      vlan: { kind: "trunk", ranges: [[100, 200], [300, 300]] },
      allowPromiscuous: true,
      allowForgedTransmits: false,
      ingressShaping: { enabled: true, averageKbps: 2000, peakKbps: 4000, burstKB: 64 },
      egressShaping: { enabled: false },
      loadBalancing: "failover_explicit",
      failback: false,
      activeUplinks: ["uplink2"],
      standbyUplinks: ["uplink1"],
      blocked: true,
    });
  });

  it("refuses VLAN 5000 naming vlan.vlanId, a bandwidth that is not whole kbit/s, an unknown teaming policy", () => {
    const vlan = faultOf(() => decodePortSetting(spec(`<vlan xsi:type="VmwareDistributedVirtualSwitchVlanIdSpec"><inherited>false</inherited><vlanId>5000</vlanId></vlan>`)));
    expect(vlan.faultType).toBe("InvalidArgument");
    expect(vlan.props["invalidProperty"]).toEqual({ kind: "primitive", xsd: "string", value: "spec.vlan.vlanId" });
    const bw = faultOf(() => decodePortSetting(spec(`<inShapingPolicy><averageBandwidth>${lp(1500)}</averageBandwidth></inShapingPolicy>`)));
    expect(bw.props["invalidProperty"]).toEqual({ kind: "primitive", xsd: "string", value: "spec.inShapingPolicy.averageBandwidth.value" });
    expect(faultOf(() => decodePortSetting(spec(`<uplinkTeamingPolicy><policy>${`<inherited>false</inherited><value>loadbalance_loadbased</value>`}</policy></uplinkTeamingPolicy>`))).faultType).toBe("InvalidArgument");
  });

  it("takes vSphere 6.7's macManagementPolicy as the security settings; refuses one that contradicts securityPolicy, and MAC learning", () => {
    const mac = (inner: string) => `<macManagementPolicy><inherited>false</inherited>${inner}</macManagementPolicy>`;
    expect(decodePortSetting(spec(mac(`<allowPromiscuous>true</allowPromiscuous><forgedTransmits>false</forgedTransmits>`)))).toEqual({ allowPromiscuous: true, allowForgedTransmits: false });
    const both = spec(`<securityPolicy><inherited>false</inherited><macChanges>${bp(true)}</macChanges></securityPolicy>${mac(`<macChanges>false</macChanges>`)}`);
    expect(faultOf(() => decodePortSetting(both)).props["invalidProperty"]).toEqual({ kind: "primitive", xsd: "string", value: "spec.macManagementPolicy.macChanges" });
    expect(faultOf(() => decodePortSetting(spec(mac(`<macLearningPolicy><inherited>false</inherited><enabled>true</enabled></macLearningPolicy>`)))).faultType).toBe("NotSupported");
  });

  it("reads back what it reads: a policy written as defaultPortConfig decodes to a patch that changes nothing", () => {
    const policy = { ...defaultDistributedPolicy(["uplink1", "uplink2"], { kind: "vlan", id: 7 }), blocked: true };
    const xml = buildXml(plainValue("spec", portSetting(policy)));
    const patch = decodePortSetting(field(parseXml(xml.replace("<spec ", `<spec ${XSI} `)), "spec"));
    expect(applyPolicyPatch(policy, patch, { name: "dvs1", uplinks: ["uplink1", "uplink2"] }).changed).toEqual([]);
  });
});

describe("decoding a DVPortgroupConfigSpec", () => {
  it("adds the port group with its VLAN and ports, then sets the rest of its policy", () => {
    const s = spec(`<name>db</name><numPorts>16</numPorts><type>earlyBinding</type><defaultPortConfig xsi:type="VMwareDVSPortSetting"><vlan xsi:type="VmwareDistributedVirtualSwitchVlanIdSpec"><inherited>false</inherited><vlanId>30</vlanId></vlan><blocked>${bp(true)}</blocked></defaultPortConfig>`);
    expect(addPortGroupCommands(dvs1(), s)).toEqual({
      name: "db",
      commands: [
        { type: "AddDistributedPortGroup", vds: "dvs1", portgroup: "db", vlan: { kind: "vlan", id: 30 }, ports: 16 },
        { type: "SetDistributedPortGroupPolicy", vds: "dvs1", portgroup: "db", patch: { blocked: true } },
      ],
    });
  });

  it("reconfigures the policy; refuses a rename, another port count and another binding (NotSupported)", () => {
    expect(reconfigurePortGroupCommands(web(), spec(`<name>web</name><defaultPortConfig><blocked>${bp(true)}</blocked></defaultPortConfig>`))).toEqual([
      { type: "SetDistributedPortGroupPolicy", vds: "dvs1", portgroup: "web", patch: { blocked: true } },
    ]);
    expect(reconfigurePortGroupCommands(web(), spec(`<configVersion>0</configVersion>`))).toEqual([]);
    expect(faultOf(() => reconfigurePortGroupCommands(web(), spec(`<name>web2</name>`))).faultType).toBe("NotSupported");
    expect(faultOf(() => reconfigurePortGroupCommands(web(), spec(`<numPorts>99</numPorts>`))).faultType).toBe("NotSupported");
    expect(faultOf(() => addPortGroupCommands(dvs1(), spec(`<name>e</name><type>ephemeral</type>`))).faultType).toBe("NotSupported");
    expect(faultOf(() => reconfigurePortGroupCommands(web(), spec(`<description>db tier</description>`))).faultType).toBe("NotSupported");
  });

  it("accepts an override policy that restates vdsim's (Ansible's defaults), refuses one that changes it", () => {
    const policy = (block: boolean) => `<policy xsi:type="VMwareDVSPortgroupPolicy"><blockOverrideAllowed>${block}</blockOverrideAllowed><shapingOverrideAllowed>false</shapingOverrideAllowed><vendorConfigOverrideAllowed>false</vendorConfigOverrideAllowed><livePortMovingAllowed>false</livePortMovingAllowed><portConfigResetAtDisconnect>true</portConfigResetAtDisconnect><vlanOverrideAllowed>false</vlanOverrideAllowed><uplinkTeamingOverrideAllowed>false</uplinkTeamingOverrideAllowed><securityPolicyOverrideAllowed>false</securityPolicyOverrideAllowed></policy>`;
    expect(reconfigurePortGroupCommands(web(), spec(policy(true)))).toEqual([]);
    const f = faultOf(() => reconfigurePortGroupCommands(web(), spec(policy(false))));
    expect(f.faultType).toBe("NotSupported");
    expect(f.message).toContain("spec.policy.blockOverrideAllowed");
  });
});
