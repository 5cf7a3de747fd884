import { describe, expect, it } from "vitest";
import type { HostApi, ManagementApi } from "./api.js";
import { heartbeatSchema, hostRequestSchemas, managementRequestSchemas } from "./request-schemas.js";
import { RemoteError, RpcErrorCode, checkBody, decodeRequest, encodeBody } from "./rpc.js";

/** What a body sent to `op` gets: its request, or the BAD_REQUEST message. */
function host<Op extends keyof HostApi>(op: Op, body: unknown): HostApi[Op]["req"] | string {
  const checked = checkBody(op, hostRequestSchemas[op], encodeBody(body));
  return checked.ok ? checked.value : checked.error.message;
}

function management<Op extends keyof ManagementApi>(op: Op, body: unknown): ManagementApi[Op]["req"] | string {
  const checked = checkBody(op, managementRequestSchemas[op], encodeBody(body));
  return checked.ok ? checked.value : checked.error.message;
}

describe("host request schemas", () => {
  it("a cli request with its tool and argv passes as sent", () => {
    expect(host("cli", { tool: "esxcli", argv: ["network", "vswitch", "standard", "list"] })).toEqual({
      tool: "esxcli",
      argv: ["network", "vswitch", "standard", "list"],
    });
  });

  it("a cli request whose argv is not an array names argv and what it expected", () => {
    expect(host("cli", { tool: "esxcli", argv: 5 })).toBe("bad request to cli: argv: expected array, received number");
  });

  it("a cli request names each wrong field: an unknown tool and an argument that is not a string", () => {
    expect(host("cli", { tool: "ssh", argv: ["-l", 3] })).toBe(
      'bad request to cli: tool: expected one of "esxcli", "vicfg-vswitch", "vicfg-vmknic", "vmkping", received "ssh"; argv.1: expected string, received number',
    );
  });

  it("a body that is not an object says so", () => {
    expect(host("ping", "esx-01")).toBe("bad request to ping: expected object, received string");
    expect(host("ping", null)).toBe("bad request to ping: expected object, received null");
  });

  it("an empty body is an empty request; keys sent to an op that takes none are dropped", () => {
    expect(checkBody("state", hostRequestSchemas.state, new Uint8Array())).toEqual({ ok: true, value: {} });
    expect(host("ports", { verbose: true })).toEqual({});
  });

  it("a command needs its commandId and a command of a known type", () => {
    expect(host("command", { command: { type: "RemoveStandardSwitch", vswitch: "vSwitch1" } })).toBe(
      "bad request to command: commandId: expected string, received undefined",
    );
    expect(host("command", { commandId: "c1", command: "RemoveStandardSwitch" })).toBe("bad request to command: command: expected object, received string");
    expect(host("command", { commandId: "c1", command: { vswitch: "vSwitch1" } })).toMatch(
      /^bad request to command: command\.type: expected one of "AddStandardSwitch", .*, received undefined$/,
    );
    expect(host("command", { commandId: "c1", command: { type: "FormatDisk" } })).toMatch(/command\.type: expected one of .*"RemoveProxySwitchUplink", received "FormatDisk"$/);
  });

  it("a host command's fields are checked for its type", () => {
    expect(host("command", { commandId: "c1", command: { type: "AddStandardPortGroup", vswitch: "vSwitch0", portgroup: "VM Network", vlan: "10" } })).toBe(
      "bad request to command: command.vlan: expected number, received string",
    );
    expect(host("command", { commandId: "c1", command: { type: "SetStandardSwitch", vswitch: "vSwitch0", cdpStatus: "loud" } })).toBe(
      'bad request to command: command.cdpStatus: expected one of "down", "listen", "advertise", "both", received "loud"',
    );
    expect(host("command", { commandId: "c1", command: { type: "SetVmkNicIpv4", vmknic: { name: "vmk1" }, ipv4: null } })).toEqual({
      commandId: "c1",
      command: { type: "SetVmkNicIpv4", vmknic: { name: "vmk1" }, ipv4: null },
    });
  });

  it("a VMkernel NIC selector that fits none of its forms says what each form missed", () => {
    expect(host("command", { commandId: "c1", command: { type: "RemoveVmkNic", vmknic: { vds: "dvs1" } } })).toBe(
      "bad request to command: command.vmknic: fits none of its forms (name: expected string, received undefined | portgroup: expected string, received undefined | portKey: expected string, received undefined)",
    );
  });

  it("a vMotion step's runtime state is checked down to its flows", () => {
    const state = { ports: [{ nic: 0, stats: {} }], senders: [], receivers: [{ peerIp: "10.0.0.2", stats: { flow: "f1" } }] };
    expect(host("migration.resume", { key: "m1/resume", vm: "a", state })).toMatch(/^bad request to migration\.resume: state\.receivers\.0\.stats\.received: expected number, received undefined/);
  });
});

describe("management request schemas", () => {
  it("a command with a well-formed ManagementCommand passes, its optional fields kept", () => {
    const req = { commandId: "c1", waitMs: 2_000, command: { type: "AddDistributedPortGroup", vds: "dvs1", portgroup: "pg10", vlan: { kind: "vlan", id: 10 } } };
    expect(management("command", req)).toEqual(req);
  });

  it("a policy patch names the nested field that is wrong", () => {
    const command = { type: "SetDistributedPortGroupPolicy", vds: "dvs1", portgroup: "pg10", patch: { vlan: { kind: "trunk", ranges: [[100, "200"]] } } };
    expect(management("command", { commandId: "c1", command })).toBe("bad request to command: command.patch.vlan.ranges.0.1: expected number, received string");
    const balanced = { ...command, patch: { loadBalancing: "roundrobin" } };
    expect(management("command", { commandId: "c1", command: balanced })).toMatch(/^bad request to command: command\.patch\.loadBalancing: expected one of "loadbalance_srcid", .*received "roundrobin"$/);
  });

  it("a command of a type only hosts decide is not a management command", () => {
    expect(management("command", { commandId: "c1", command: { type: "AddStandardSwitch", vswitch: "vSwitch1" } })).toMatch(
      /^bad request to command: command\.type: expected one of "RegisterHost", .*"EndMigration", received "AddStandardSwitch"$/,
    );
  });

  it("a migrate request names a memory that is not a number", () => {
    expect(management("migrate", { vm: "a", destination: "esx-02", memoryMB: "lots" })).toBe("bad request to migrate: memoryMB: expected number, received string");
    expect(management("evacuate", { host: "esx-01", requestId: "r1" })).toEqual({ host: "esx-01", requestId: "r1" });
  });
});

describe("heartbeat schema", () => {
  const hb = { host: "esx-01", pid: 4242, startedAt: "2026-12-03T07:00:00.000Z", appliedSeq: 12, hash: "ab12", pnics: ["vmnic0", "vmnic1"] };

  it("a heartbeat passes as sent", () => {
    expect(decodeRequest("heartbeat", heartbeatSchema, encodeBody(hb))).toEqual(hb);
  });

  it("a heartbeat without its applied sequence is refused, naming it", () => {
    const { appliedSeq: _appliedSeq, ...rest } = hb;
    const thrown = (() => {
      try {
        return decodeRequest("heartbeat", heartbeatSchema, encodeBody(rest));
      } catch (err) {
        return err;
      }
    })();
    expect(thrown).toBeInstanceOf(RemoteError);
    expect(thrown).toMatchObject({ code: RpcErrorCode.BadRequest, message: "bad request to heartbeat: appliedSeq: expected number, received undefined" });
  });

  it("bytes that are not MessagePack are refused, not thrown as a decoder's error", () => {
    const checked = checkBody("heartbeat", heartbeatSchema, new Uint8Array([0x93, 0x01]));
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.error.message).toMatch(/^bad request to heartbeat: the body is not MessagePack \(/);
  });
});
