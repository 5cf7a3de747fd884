import { describe, expect, it } from "vitest";
import { dataPlanePorts } from "./topology.js";
import { twoHostsWithVms } from "./testing/two-hosts.js";

const ECHO = { count: 1, intervalMs: 200, timeoutMs: 1_000 };

describe("a host's network reconciled with its configuration", () => {
  it("adds the port and the stack of a VM created on the host, and it answers at once", async () => {
    const lab = twoHostsWithVms().run({ type: "CreateVm", vm: "c", host: "esx-01", networks: ["web", "VM Network"] });
    const esx01 = lab.hosts["esx-01"];
    const owned = (esx01.topology ? dataPlanePorts(esx01.topology) : []).filter((p) => p.owner === "c");
    expect(owned.map((p) => ({ switch: p.switch, portGroup: p.portGroup, nic: p.nic }))).toEqual([
      { switch: "dvs:dvs1", portGroup: "web", nic: 0 },
      { switch: "vSwitch0", portGroup: "VM Network", nic: 1 },
    ]);
    for (const p of owned) expect(esx01.dataPlane.portIds()).toContain(p.portId);
    expect(esx01.portCounters().map((p) => p.owner)).toEqual(expect.arrayContaining(["c", "c#1"]));
    const ping = lab.hosts["esx-02"].ping("b", lab.ipOf("c"), ECHO);
    await lab.clock.advance(10);
    expect(await ping).toEqual([{ kind: "reply", rttMs: 0 }]);
  });

  it("removes the port and the stack of a VM removed from the host", async () => {
    const lab = twoHostsWithVms();
    const ipA = lab.ipOf("a");
    const portId = lab.hosts["esx-01"].endpointOf("a")?.spec.portId;
    lab.run({ type: "RemoveVm", vm: "a" });
    expect(lab.hosts["esx-01"].endpointOf("a")).toBeUndefined();
    expect(lab.hosts["esx-01"].dataPlane.portIds()).not.toContain(portId);
    const ping = lab.hosts["esx-02"].ping("b", ipA, ECHO);
    await lab.clock.advance(1_000);
    expect(await ping).toEqual([{ kind: "host-down" }]);
  });

  it("keeps a stack whose address did not change (its ARP table too), and starts afresh one whose address did", async () => {
    const lab = twoHostsWithVms();
    const ping = lab.hosts["esx-01"].ping("vmk0", "192.168.0.11", ECHO);
    await lab.clock.advance(10);
    await ping;
    const neighbors = () => lab.hosts["esx-01"].observations().neighbors.map((n) => n.ip);
    expect(neighbors()).toEqual(["192.168.0.11"]);
    lab.run({ type: "CreateVm", vm: "c", host: "esx-01", networks: ["web"] });
    expect(neighbors()).toEqual(["192.168.0.11"]);
    lab.runOn("esx-01", { type: "SetVmkNicIpv4", vmknic: { name: "vmk0" }, ipv4: { address: "192.168.0.50", netmask: "255.255.255.0" } });
    expect(lab.hosts["esx-01"].endpointOf("vmk0")?.stack.ip).toBe("192.168.0.50");
    expect(neighbors()).toEqual([]);
  });

  it("holds a port reserved for an incoming vMotion blocked, with no stack, until the switchover gives it the VM", () => {
    const lab = twoHostsWithVms().reserve("m1", "a", "esx-02");
    const esx02 = lab.hosts["esx-02"];
    const reserved = (esx02.topology ? dataPlanePorts(esx02.topology) : []).filter((p) => p.switch === "dvs:dvs1" && p.owner === undefined);
    expect(reserved).toHaveLength(1);
    expect(esx02.endpointOf("a")).toBeUndefined();
    lab.commit("m1", "a", "esx-02");
    expect(esx02.endpointOf("a")?.spec.portId).toBe(reserved[0]?.portId);
    expect(lab.hosts["esx-01"].endpointOf("a")).toBeUndefined();
  });
});

describe("a guest behind the host's back", () => {
  it("changes its MAC: the stack sends from it and the port's effective MAC follows", () => {
    const lab = twoHostsWithVms();
    lab.hosts["esx-01"].changeGuestMac("a", "00:50:56:aa:bb:cc");
    expect(lab.hosts["esx-01"].endpointOf("a")?.stack.mac).toBe("00:50:56:aa:bb:cc");
    expect(lab.hosts["esx-01"].portCounters().find((p) => p.owner === "a")?.effectiveMac).toBe("00:50:56:aa:bb:cc");
  });

  it("forges its source MAC: the port group's security policy (forged transmits rejected) drops every frame", async () => {
    const lab = twoHostsWithVms();
    expect(lab.hosts["esx-01"].spoof("a", "00:50:56:de:ad:01", lab.ipOf("b"), 3)).toBe(3);
    await lab.clock.advance(10);
    expect(lab.hosts["esx-01"].portCounters().find((p) => p.owner === "a")?.dropped.security).toBe(3);
    expect(lab.wire.carried.filter((c) => c.frame.src === "00:50:56:de:ad:01")).toEqual([]);
  });
});
