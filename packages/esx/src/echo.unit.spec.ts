import { ETHERTYPE } from "@vdsim/dataplane";
import { describe, expect, it } from "vitest";
import type { EchoOutcome } from "./echo.js";
import { twoHostsWithVms } from "./testing/two-hosts.js";

const ECHO = { intervalMs: 200, timeoutMs: 1_000 };
const VMK0_ESX02 = "192.168.0.11";

describe("ping between two hosts", () => {
  it("measures each reply's round trip on the clock: the first waits for ARP, two more wire crossings", async () => {
    const lab = twoHostsWithVms(2);
    const started = lab.clock.now();
    const pinging = lab.hosts["esx-01"].ping("a", lab.ipOf("b"), { ...ECHO, count: 3 });
    await lab.clock.advance(1_000);
    expect(await pinging).toEqual([
      { kind: "reply", rttMs: 8 },
      { kind: "reply", rttMs: 4 },
      { kind: "reply", rttMs: 4 },
    ]);
    // each request leaves after the previous reply and the interval
    const requests = lab.wire.carried.filter((c) => c.frame.payload?.kind === "icmp" && c.frame.payload.type === "echo-request");
    expect(requests.map((c) => c.at - started)).toEqual([6, 8 + 200 + 2, 8 + 200 + 4 + 200 + 2]);
  });

  it("answers host-down after the timeout when the target's MAC never resolves", async () => {
    const lab = twoHostsWithVms();
    const started = lab.clock.now();
    let doneAt: number | undefined;
    const pinging = lab.hosts["esx-01"].ping("vmk0", "192.168.0.99", { ...ECHO, count: 1 }).finally(() => (doneAt = lab.clock.now()));
    await lab.clock.advance(999);
    expect(doneAt).toBeUndefined();
    await lab.clock.advance(1);
    expect(await pinging).toEqual([{ kind: "host-down" }]);
    expect(doneAt).toBe(started + 1_000);
    expect(lab.wire.carried.every((c) => c.frame.ethertype === ETHERTYPE.ARP)).toBe(true);
  });

  it("answers timeout when the neighbor resolved and its replies are lost", async () => {
    const lab = twoHostsWithVms();
    lab.wire.lose = (f) => f.payload?.kind === "icmp" && f.payload.type === "echo-reply";
    const pinging = lab.hosts["esx-01"].ping("vmk0", VMK0_ESX02, { ...ECHO, count: 2 });
    await lab.clock.advance(2_200);
    expect(await pinging).toEqual([{ kind: "timeout" }, { kind: "timeout" }]);
  });

  it("refuses a don't-fragment echo larger than the vmknic's MTU without sending anything", async () => {
    const lab = twoHostsWithVms();
    const outcomes = await lab.hosts["esx-01"].ping("vmk0", VMK0_ESX02, { ...ECHO, count: 1, dataBytes: 1473, dontFragment: true });
    expect(outcomes).toEqual<EchoOutcome[]>([{ kind: "message-too-long" }]);
    expect(lab.wire.carried).toEqual([]);
  });

  it("fragments an echo larger than the MTU when it may, and the reply comes back in fragments too", async () => {
    const lab = twoHostsWithVms();
    const pinging = lab.hosts["esx-01"].ping("vmk0", VMK0_ESX02, { ...ECHO, count: 1, dataBytes: 4000 });
    await lab.clock.advance(10);
    expect(await pinging).toEqual([{ kind: "reply", rttMs: 0 }]);
    const ipv4 = lab.wire.carried.filter((c) => c.frame.ethertype === ETHERTYPE.IPv4);
    expect(ipv4.filter((c) => c.from === "esx-01").length).toBe(3);
    expect(ipv4.filter((c) => c.from === "esx-02").length).toBe(3);
  });

  it("loses a jumbo don't-fragment echo to the switch's MTU, then gets through once the switch takes jumbo frames", async () => {
    const lab = twoHostsWithVms();
    for (const host of ["esx-01", "esx-02"] as const) lab.runOn(host, { type: "SetVmkNic", vmknic: { name: "vmk0" }, mtu: 9000 });
    const jumbo = { ...ECHO, count: 1, dataBytes: 8972, dontFragment: true };
    const blocked = lab.hosts["esx-01"].ping("vmk0", VMK0_ESX02, jumbo);
    await lab.clock.advance(1_000);
    expect(await blocked).toEqual([{ kind: "timeout" }]);
    const vmk0 = lab.hosts["esx-01"].portCounters().find((p) => p.owner === "vmk0");
    expect(vmk0?.dropped.mtu).toBe(1);
    for (const host of ["esx-01", "esx-02"] as const) lab.runOn(host, { type: "SetStandardSwitch", vswitch: "vSwitch0", mtu: 9000 });
    const through = lab.hosts["esx-01"].ping("vmk0", VMK0_ESX02, jumbo);
    await lab.clock.advance(1_000);
    expect(await through).toEqual([{ kind: "reply", rttMs: 0 }]);
  });
});
