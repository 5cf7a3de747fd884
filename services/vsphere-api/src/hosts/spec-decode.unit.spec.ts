import { describe, expect, it } from "vitest";
import { isVimFault } from "../soap/faults.js";
import { parseXml } from "../soap/xml-tree.js";
import { decodePolicy, decodePortGroupSpec, decodeVirtualNicSpec, decodeVirtualSwitchSpec } from "./spec-decode.js";

const XSI = 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"';

/** The property an InvalidArgument names, or the error when it is not one. */
function invalidProperty(run: () => unknown): string {
  try {
    run();
  } catch (err) {
    if (isVimFault(err) && err.faultType === "InvalidArgument") {
      const p = err.props["invalidProperty"];
      return p?.kind === "primitive" ? p.value : "?";
    }
    throw err;
  }
  throw new Error("it did not throw");
}

describe("decoding HostNetworkSystem specs", () => {
  it("reads a HostVirtualSwitchSpec as pyVmomi writes it: ports, MTU, the bond bridge's vmnics, CDP and the policy", () => {
    // given a spec with a bond bridge, CDP advertise, promiscuous on and 2 Mbit/s shaping
    const spec = parseXml(`<spec ${XSI}><numPorts>64</numPorts><bridge xsi:type="HostVirtualSwitchBondBridge"><nicDevice>vmnic2</nicDevice><nicDevice>vmnic3</nicDevice>
      <beacon><interval>1</interval></beacon><linkDiscoveryProtocolConfig><protocol>cdp</protocol><operation>advertise</operation></linkDiscoveryProtocolConfig></bridge>
      <policy><security><allowPromiscuous>true</allowPromiscuous></security><nicTeaming><policy>failover_explicit</policy><rollingOrder>true</rollingOrder>
      <nicOrder><activeNic>vmnic3</activeNic><standbyNic>vmnic2</standbyNic></nicOrder></nicTeaming>
      <shapingPolicy><enabled>true</enabled><averageBandwidth>2000000</averageBandwidth><peakBandwidth>4000000</peakBandwidth><burstSize>1048576</burstSize></shapingPolicy></policy>
      <mtu>9000</mtu></spec>`);
    // when it is decoded
    const decoded = decodeVirtualSwitchSpec(spec);
    // then every setting is vdsim's, shaping in kbit/s and KB, rollingOrder as no failback
    expect(decoded).toEqual({
      numPorts: 64,
      mtu: 9000,
      nicDevice: ["vmnic2", "vmnic3"],
      cdpStatus: "advertise",
      policy: {
        allowPromiscuous: true,
        loadBalancing: "failover_explicit",
        failback: false,
        activeUplinks: ["vmnic3"],
        standbyUplinks: ["vmnic2"],
        shapingEnabled: true,
        averageKbps: 2000,
        peakKbps: 4000,
        burstKB: 1024,
      },
    });
  });

  it("reads an empty HostNetworkPolicy (a port group that inherits everything) as no change", () => {
    expect(decodePolicy(parseXml("<policy><security/><nicTeaming><failureCriteria/></nicTeaming><offloadPolicy/><shapingPolicy/></policy>"), "portgrp.policy")).toEqual({});
  });

  it("reads a HostPortGroupSpec and a HostVirtualNicSpec with a static address or a dvPort", () => {
    expect(decodePortGroupSpec(parseXml("<portgrp><name>Storage</name><vlanId>30</vlanId><vswitchName>vSwitch1</vswitchName><policy/></portgrp>"))).toEqual({
      name: "Storage",
      vlanId: 30,
      vswitchName: "vSwitch1",
      policy: {},
    });
    expect(decodeVirtualNicSpec(parseXml("<nic><ip><dhcp>false</dhcp><ipAddress>10.0.0.5</ipAddress><subnetMask>255.255.255.0</subnetMask></ip><mtu>9000</mtu></nic>"))).toEqual({
      ip: { address: "10.0.0.5", netmask: "255.255.255.0" },
      mtu: 9000,
    });
    expect(decodeVirtualNicSpec(parseXml("<nic><distributedVirtualPort><switchUuid>aa bb</switchUuid><portgroupKey>dvportgroup-3</portgroupKey></distributedVirtualPort></nic>"))).toEqual({
      dvPort: { switchUuid: "aa bb", portgroupKey: "dvportgroup-3" },
    });
    expect(decodeVirtualNicSpec(parseXml("<nic><ip><dhcp>true</dhcp></ip></nic>")).ip).toBe("dhcp");
  });

  it("refuses a bad value with InvalidArgument naming its property path", () => {
    expect(invalidProperty(() => decodeVirtualSwitchSpec(parseXml("<spec><mtu>1500</mtu></spec>")))).toBe("spec.numPorts");
    expect(invalidProperty(() => decodeVirtualSwitchSpec(parseXml("<spec><numPorts>x</numPorts></spec>")))).toBe("spec.numPorts");
    expect(invalidProperty(() => decodePortGroupSpec(parseXml("<portgrp><name>a</name><vlanId>1.5</vlanId><vswitchName>v</vswitchName></portgrp>")))).toBe("portgrp.vlanId");
    expect(invalidProperty(() => decodePolicy(parseXml("<policy><shapingPolicy><averageBandwidth>1500</averageBandwidth></shapingPolicy></policy>"), "spec.policy"))).toBe(
      "spec.policy.shapingPolicy.averageBandwidth",
    );
    expect(invalidProperty(() => decodePolicy(parseXml("<policy><nicTeaming><policy>roundrobin</policy></nicTeaming></policy>"), "spec.policy"))).toBe("spec.policy.nicTeaming.policy");
    expect(invalidProperty(() => decodeVirtualSwitchSpec(parseXml(`<spec ${XSI}><numPorts>8</numPorts><bridge xsi:type="HostVirtualSwitchAutoBridge"/></spec>`)))).toBe("spec.bridge");
    expect(invalidProperty(() => decodeVirtualNicSpec(parseXml("<nic><ip><dhcp>false</dhcp></ip></nic>")))).toBe("nic.ip.ipAddress");
  });
});
