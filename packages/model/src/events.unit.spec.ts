import { describe, expect, it } from "vitest";
import { EVENT_SCHEMA, envelope, eventSubject, isHostEvent, subjectToken, toDomainEvent, type DomainEvent } from "./events.js";
import { hostAdded, hostJoined, switchCreated, vmRemoved } from "./testing/given.js";

const meta = { commandId: "cmd-1", time: "2024-05-01T12:00:00.000Z" };

describe("envelope", () => {
  it("stamps the first event with the command's id, time and current schema version", () => {
    expect(envelope(hostAdded("esx-01", ["vmnic0"]), meta)).toEqual({
      type: "HostAdded",
      v: EVENT_SCHEMA.HostAdded,
      time: meta.time,
      id: "cmd-1",
      correlationId: "cmd-1",
      data: { host: "esx-01", pnics: ["vmnic0"] },
    });
  });

  it("gives later events of one command distinct ids and carries the causation id", () => {
    const env = envelope(vmRemoved("web-01"), { ...meta, causationId: "mig-3" }, 2);
    expect(env).toMatchObject({ id: "cmd-1.2", correlationId: "cmd-1", causationId: "mig-3" });
    expect(toDomainEvent(env)).toEqual(vmRemoved("web-01"));
  });

  it("omits an absent causation id", () => {
    expect(Object.keys(envelope(vmRemoved("web-01"), meta))).not.toContain("causationId");
  });
});

describe("eventSubject", () => {
  it.each<[DomainEvent, string]>([
    [hostAdded("esx-01"), "vdsim.evt.global.host.esx-01"],
    [vmRemoved("web-01"), "vdsim.evt.global.vm.web-01"],
    [switchCreated("dvs-prod"), "vdsim.evt.global.vds.dvs-prod"],
    [hostJoined("dvs-prod", "esx-01"), "vdsim.evt.global.vds.dvs-prod"],
  ])("files %j under its aggregate", (event, subject) => {
    expect(eventSubject(event)).toBe(subject);
  });
});

describe("subjectToken", () => {
  it("escapes the characters a NATS subject token cannot hold", () => {
    expect(subjectToken("VM Network")).toBe("VM%20Network");
    expect(subjectToken("esx-01.lab")).toBe("esx-01%2elab");
    expect(subjectToken("a_b-C9")).toBe("a_b-C9");
  });

  it("keeps distinct names distinct", () => {
    expect(subjectToken("a.b")).not.toBe(subjectToken("a b"));
  });
});

describe("host-scoped events", () => {
  it.each<[DomainEvent, string]>([
    [{ type: "StandardSwitchRemoved", data: { host: "esx-01", vswitch: "vSwitch1" } }, "vdsim.evt.host.esx-01.vss.vSwitch1"],
    [{ type: "StandardPortGroupAdded", data: { host: "esx-01", vswitch: "vSwitch0", portgroup: "VM Network", vlan: 0 } }, "vdsim.evt.host.esx-01.vss.vSwitch0"],
    [{ type: "VmkNicRemoved", data: { host: "esx-01.lab", vmknic: "vmk1" } }, "vdsim.evt.host.esx-01%2elab.vmk.vmk1"],
    [{ type: "ProxySwitchUplinkChanged", data: { host: "esx-01", vds: "dvs prod", uplink: "uplink1", pnic: null } }, "vdsim.evt.host.esx-01.vds.dvs%20prod"],
  ])("files %j under its host", (event, subject) => {
    expect(eventSubject(event)).toBe(subject);
    expect(isHostEvent(event)).toBe(true);
  });

  it("tells management events apart", () => {
    expect(isHostEvent(hostAdded("esx-01"))).toBe(false);
    expect(isHostEvent(vmRemoved("web-01"))).toBe(false);
  });

  it("declares the host events' schema versions: v2 where the CDP status and the ESXi 6.0 tags were added", () => {
    expect(EVENT_SCHEMA.StandardSwitchAdded).toBe(1);
    expect(EVENT_SCHEMA.StandardSwitchReconfigured).toBe(2);
    expect(EVENT_SCHEMA.VmkNicAdded).toBe(2);
    expect(EVENT_SCHEMA.VmkNicChanged).toBe(2);
    expect(EVENT_SCHEMA.ProxySwitchUplinkChanged).toBe(1);
    expect(EVENT_SCHEMA.Ipv4RouteAdded).toBe(1);
  });

  it("files routes under the host's default netstack", () => {
    const event: DomainEvent = { type: "Ipv4RouteAdded", data: { host: "esx-01", network: "0.0.0.0", netmask: "0.0.0.0", gateway: "192.168.0.1" } };
    expect(eventSubject(event)).toBe("vdsim.evt.host.esx-01.netstack.defaultTcpipStack");
  });
});
