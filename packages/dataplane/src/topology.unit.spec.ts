import { describe, expect, it } from "vitest";
import type { PortSpec } from "./config.js";
import { HostDataPlane } from "./data-plane.js";
import { InvalidConfigError, NoFreePortError, UnknownSwitchError, UplinkInUseError, isNoFreePortError } from "./errors.js";
import { BROADCAST } from "./frame.js";
import { ethernet, mac, port, proxySwitch, standardSwitch, toPorts, vlan } from "./testing/fixtures.js";

const A = mac(1);
const B = mac(2);
const C = mac(3);
const switches = [proxySwitch("dvs1", { uplink1: "vmnic1" }, 4)];
const p1 = port("1", "dvs1", A);
const p2 = port("2", "dvs1", B);
const p3 = port("3", "dvs1", C);

/** dvs1 with ports 1 and 2, each having sent one frame, so both MACs are learned. */
function learned(): HostDataPlane {
  const dp = new HostDataPlane();
  dp.configure({ switches, ports: [p1, p2] });
  dp.transmit("1", ethernet(A, BROADCAST), 0);
  dp.transmit("2", ethernet(B, A), 1);
  return dp;
}

describe("configure", () => {
  it("keeps the counters and learned MACs of ports that stay when others come and go", () => {
    const dp = learned();
    const before = [dp.portStats("1"), dp.portStats("2")];
    dp.configure({ switches, ports: [p1, p2, p3] });
    dp.configure({ switches, ports: [p2, p1] });
    expect([dp.portStats("1"), dp.portStats("2")]).toEqual(before);
    expect(dp.macTable("dvs1", 2).map((e) => [e.mac, e.portId])).toEqual([
      [A, "1"],
      [B, "2"],
    ]);
    expect(toPorts(dp.transmit("1", ethernet(A, B), 2))).toEqual(["2"]);
  });

  it("keeps a port's shaping buckets: tokens spent before a reconfigure stay spent", () => {
    const shaped = port("1", "dvs1", A, { ingressShaping: { enabled: true, averageKbps: 1_000, peakKbps: 10_000, burstKB: 2 } });
    const dp = new HostDataPlane();
    dp.configure({ switches, ports: [shaped, p2] });
    dp.transmit("1", ethernet(A, B, { length: 1024 }), 0);
    dp.transmit("1", ethernet(A, B, { length: 1024 }), 0);
    dp.configure({ switches, ports: [shaped, p2, p3] });
    expect(dp.transmit("1", ethernet(A, B, { length: 1024 }), 0)).toEqual([]);
    expect(dp.portStats("1").dropped.shaping).toBe(1);
  });

  it("forgets the MACs of a removed port, so frames for it flood", () => {
    const dp = learned();
    dp.configure({ switches, ports: [p1, p3] });
    expect(dp.macTable("dvs1", 2).map((e) => e.mac)).toEqual([A]);
    expect(toPorts(dp.transmit("1", ethernet(A, B), 2))).toEqual(["3"]);
    expect(() => dp.portStats("2")).toThrow('Port "2" not found');
  });

  it("applies a changed policy to the next frame, keeping the port's counters", () => {
    const dp = learned();
    dp.configure({ switches, ports: [p1, port("2", "dvs1", B, { blocked: true })] });
    expect(dp.transmit("1", ethernet(A, B), 2)).toEqual([]);
    expect(dp.portStats("2")).toMatchObject({ packetsIn: 1, packetsOut: 1, dropped: { blocked: 1 } });
  });

  it("forgets a port's MACs when its VLAN changes", () => {
    const dp = learned();
    dp.configure({ switches, ports: [p1, port("2", "dvs1", B, { vlan: vlan(10) })] });
    expect(dp.macTable("dvs1", 2).map((e) => e.mac)).toEqual([A]);
  });

  it("keeps a guest's changed MAC while the port stays, and resets it when the configured MAC changes", () => {
    const dp = learned();
    dp.setEffectiveMac("1", mac(0x77));
    dp.configure({ switches, ports: [p1, p2] });
    expect(dp.portStats("1").effectiveMac).toBe(mac(0x77));
    dp.configure({ switches, ports: [{ ...p1, mac: mac(0x78) }, p2] });
    expect(dp.portStats("1")).toMatchObject({ initialMac: mac(0x78), effectiveMac: mac(0x78) });
  });

  it("removes a switch and its ports", () => {
    const dp = learned();
    dp.configure({ switches: [standardSwitch("vSwitch0", ["vmnic0"])], ports: [] });
    expect(dp.switchNames()).toEqual(["vSwitch0"]);
    expect(dp.portIds()).toEqual([]);
  });

  it("refuses more ports than the switch has, naming it, and changes nothing", () => {
    const dp = learned();
    const five: PortSpec[] = [1, 2, 3, 4, 5].map((n) => port(String(n), "dvs1", mac(n)));
    let thrown: unknown;
    try {
      dp.configure({ switches, ports: five });
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(NoFreePortError);
    expect(isNoFreePortError(thrown)).toBe(true);
    expect(thrown).toMatchObject({ code: "NO_FREE_PORT", switchName: "dvs1", message: expect.stringContaining('Switch "dvs1" has no free port') });
    expect(dp.portIds()).toEqual(["1", "2"]);
    expect(dp.switchStats("dvs1")).toMatchObject({ ports: 4, portsInUse: 2 });
  });

  it("refuses a vmnic on two switches, a port on a missing switch, a bad MAC and duplicate ids", () => {
    const dp = new HostDataPlane();
    const two = [proxySwitch("dvs1", { uplink1: "vmnic1" }), standardSwitch("vSwitch1", ["vmnic1"])];
    expect(() => dp.configure({ switches: two, ports: [] })).toThrow(UplinkInUseError);
    expect(() => dp.configure({ switches, ports: [port("1", "dvs9", A)] })).toThrow(UnknownSwitchError);
    expect(() => dp.configure({ switches, ports: [port("1", "dvs1", "00:50:56:AA:BB:CC")] })).toThrow(InvalidConfigError);
    expect(() => dp.configure({ switches, ports: [p1, p1] })).toThrow('Port "1" is listed twice');
  });

  it("keeps an uplink's counters when the switch's other uplinks change", () => {
    const dp = learned();
    dp.transmit("1", ethernet(A, mac(0x99)), 2);
    dp.configure({ switches: [proxySwitch("dvs1", { uplink1: "vmnic1", uplink2: "vmnic2" }, 4)], ports: [p1, p2] });
    expect(dp.switchStats("dvs1").uplinks.map((u) => [u.name, u.packetsOut])).toEqual([
      ["uplink1", 2],
      ["uplink2", 0],
    ]);
  });
});
