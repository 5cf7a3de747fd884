import { encode } from "@msgpack/msgpack";
import { describe, expect, it } from "vitest";
import { InvalidEvent, decodeEnvelope, encodeEnvelope } from "./codec.js";
import { NO_SERVICES } from "./host/state.js";
import { defaultDistributedPolicy } from "./policy.js";
import { envelope, toDomainEvent, type CommandMetadata, type DomainEvent, type EventEnvelope } from "./events.js";
import { portGroupAdded, vmCreated } from "./testing/given.js";

const meta: CommandMetadata = { commandId: "cmd-42", time: "2024-05-01T12:00:00.000Z" };

describe("codec", () => {
  it("round-trips an envelope", () => {
    const env = envelope(portGroupAdded("dvs-prod", "VM Network", { key: 3, vlan: { kind: "trunk", ranges: [[100, 200]] } }), meta);
    const bytes = encodeEnvelope(env);
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect(decodeEnvelope(bytes)).toEqual(env);
  });

  it("round-trips an envelope with a causation id and a later index", () => {
    const event = vmCreated("web-01", "esx-01", [{ vds: "dvs-prod", portgroup: "pg-web", portKey: "0", mac: 0 }]);
    const env = envelope(event, { ...meta, causationId: "migration-7" }, 2);
    const decoded = decodeEnvelope(encodeEnvelope(env));
    expect(decoded).toEqual(env);
    expect(toDomainEvent(decoded)).toEqual(event);
  });

  it.each([
    ["bytes that are not MessagePack", new Uint8Array([0xc1])],
    ["an empty buffer", new Uint8Array()],
    ["four bytes, the first of which decodes", new Uint8Array([1, 2, 3, 4])],
  ])("rejects %s as not msgpack", (_, bytes) => {
    expect(() => decodeEnvelope(bytes)).toThrow(/^not msgpack \(\d+ bytes\)/);
  });

  it.each<[string, unknown]>([
    ["nil", null],
    ["a number", 42],
    ["a string", "HostAdded"],
    ["an array", ["HostAdded", 1]],
    ["an object with no type", { v: 1, data: {} }],
  ])("rejects %s as not a vdsim event", (_, value) => {
    expect(() => decodeEnvelope(encode(value))).toThrow(/not a vdsim event envelope/);
  });

  it("rejects an unknown event type, naming it", () => {
    const value = { type: "HostExploded", v: 1, time: meta.time, id: "x", correlationId: "x", data: {} };
    expect(() => decodeEnvelope(encode(value))).toThrow(new InvalidEvent('unknown event type "HostExploded"'));
  });

  it("names a field of the envelope that is missing or of the wrong type", () => {
    expect(() => decodeEnvelope(encode({ type: "VmRemoved", v: "1", time: meta.time, id: "x", correlationId: "x", data: {} }))).toThrow(
      /not a vdsim event envelope: v: expected number, received string/,
    );
    expect(() => decodeEnvelope(encode({ type: "VmRemoved", v: 1, time: meta.time, correlationId: "x", data: {} }))).toThrow(/id: expected string/);
  });

  it("checks an event's data against its type's schema, naming the field and what was expected", () => {
    const env = { ...envelope({ type: "VmRemoved", data: { vm: "web-01" } }, meta), data: { vm: 42 } };
    expect(() => decodeEnvelope(encode(env))).toThrow(new InvalidEvent("event VmRemoved v1: data.vm: expected string, received number"));
    const pg = envelope({ type: "DistributedPortGroupAdded", data: { vds: "dvs", portgroup: "pg", key: "dvportgroup-1", portKeys: ["0"], policy: {} } } as unknown as DomainEvent, meta);
    expect(() => decodeEnvelope(encode(pg))).toThrow(/event DistributedPortGroupAdded v1: data.policy.vlan: expected object/);
  });

  it("checks the data an older version upcasts to, and names an old event too broken to upcast", () => {
    const broken = { ...envelope({ type: "DistributedPortGroupPolicyChanged", data: { vds: "d", portgroup: "p", changes: {} } }, meta), v: 1, data: { vds: "d" } };
    expect(() => decodeEnvelope(encode(broken))).toThrow(/event DistributedPortGroupPolicyChanged v1 cannot be upcast/);
  });

  it("given the subject it was stored on, checks it is the one its writer files it under", () => {
    const env = envelope({ type: "VmRemoved", data: { vm: "web-01" } }, meta);
    expect(decodeEnvelope(encodeEnvelope(env), "vdsim.evt.global.vm.web-01")).toEqual(env);
    expect(() => decodeEnvelope(encodeEnvelope(env), "vdsim.evt.host.esx-01.vm.web-01")).toThrow(
      new InvalidEvent("event VmRemoved belongs on vdsim.evt.global.vm.web-01, not on vdsim.evt.host.esx-01.vm.web-01"),
    );
  });

  it.each(["constructor", "toString"])(
    "rejects the type %j, which names no event but is a property every object inherits",
    (type) => {
      expect(() => decodeEnvelope(encode({ type, v: 1, time: meta.time, id: "x", correlationId: "x", data: {} }))).toThrow(
        /unknown event type/,
      );
    },
  );

  it("rejects a schema version newer than this build", () => {
    const env: EventEnvelope = { ...envelope({ type: "VmRemoved", data: { vm: "web-01" } }, meta), v: 2 };
    expect(() => decodeEnvelope(encodeEnvelope(env))).toThrow(/event VmRemoved v2 is newer than this build understands \(v1\)/);
  });
});

describe("upcasting", () => {
  it("reads a v1 DistributedPortGroupPolicyChanged (whole policy + changed names) as v2 (changed sections only)", () => {
    const policy = defaultDistributedPolicy(["uplink1"], { kind: "vlan", id: 42 });
    const v1 = encode({
      type: "DistributedPortGroupPolicyChanged",
      v: 1,
      time: "2026-01-01T00:00:00.000Z",
      id: "c1",
      correlationId: "c1",
      data: { vds: "dvs1", portgroup: "web", policy, changed: ["vlan"] },
    });
    const env = decodeEnvelope(v1);
    expect(env.v).toBe(2);
    expect(env.data).toEqual({ vds: "dvs1", portgroup: "web", changes: { vlan: { kind: "vlan", id: 42 } } });
  });

  it("reads a v1 StandardSwitchReconfigured as a listening switch, and a v1 VmkNicChanged with the later tags off", () => {
    const meta = { time: "2026-01-01T00:00:00.000Z", id: "c1", correlationId: "c1" };
    const sw = decodeEnvelope(encode({ type: "StandardSwitchReconfigured", v: 1, ...meta, data: { host: "esx-01", vswitch: "vSwitch1", numPorts: 64, mtu: 9000 } }));
    expect(sw).toMatchObject({ v: 2, data: { host: "esx-01", vswitch: "vSwitch1", numPorts: 64, mtu: 9000, cdpStatus: "listen" } });
    const vmk = decodeEnvelope(
      encode({ type: "VmkNicChanged", v: 1, ...meta, data: { host: "esx-01", vmknic: "vmk1", mtu: 1500, enabled: true, ipv4: null, services: { management: false, vmotion: true } } }),
    );
    expect(vmk.v).toBe(2);
    expect(vmk.data).toMatchObject({ services: { ...NO_SERVICES, vmotion: true } });
  });

  const v1 = (type: string, data: object): Uint8Array =>
    encode({ type, v: 1, time: "2026-01-01T00:00:00.000Z", id: "c1", correlationId: "c1", data });

  it("reads a v1 DistributedSwitchCreated as a switch whose uplink port group has no key", () => {
    const env = decodeEnvelope(v1("DistributedSwitchCreated", { vds: "dvs1", uplinks: ["uplink1"], mtu: 1500, maxPorts: 64 }));
    expect(env).toMatchObject({ v: 2, data: { vds: "dvs1", uplinkPortGroup: { portgroup: "dvs1-DVUplinks", key: "N/A" } } });
  });

  it("reads a v1 HostAddedToDistributedSwitch as a member whose uplink ports go by their uplink names", () => {
    const env = decodeEnvelope(v1("HostAddedToDistributedSwitch", { vds: "dvs1", host: "esx-01", uplinks: { uplink1: "vmnic1" } }));
    expect(env).toMatchObject({ v: 2, data: { vds: "dvs1", host: "esx-01", uplinks: { uplink1: "vmnic1" }, uplinkPorts: {} } });
  });
});
