import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { heartbeatSchema, hostRequestSchemas, managementRequestSchemas } from "./request-schemas.js";
import { RpcErrorCode, checkBody, encodeBody } from "./rpc.js";

// Every request subject's decoder, and the heartbeat's, fed random bodies: whatever comes, the
// boundary answers with a parsed request or a BAD_REQUEST naming the op, and never throws.

const decoders: ReadonlyArray<readonly [string, z.ZodType]> = [
  ...Object.entries(managementRequestSchemas).map(([op, schema]) => [`vdsim.mgmt.${op}`, schema] as const),
  ...Object.entries(hostRequestSchemas).map(([op, schema]) => [`vdsim.host.esx-01.${op}`, schema] as const),
  ["vdsim.hb.esx-01", heartbeatSchema],
];

// names the schemas look for, so random objects often get past the first field and into the next
const keys = fc.constantFrom(
  ...["type", "commandId", "command", "waitMs", "tool", "argv", "vm", "host", "destination", "vswitch", "portgroup", "vds", "patch", "vlan"],
  ...["vmknic", "name", "portKey", "ipv4", "address", "netmask", "kind", "id", "ranges", "key", "state", "ports", "senders", "receivers"],
  ...["stats", "nic", "flow", "pps", "to", "fromVm", "count", "target", "mac", "srcMac", "pid", "startedAt", "appliedSeq", "hash", "pnics"],
);
const words = fc.constantFrom(
  ...["esxcli", "vmkping", "RegisterHost", "AddDistributedPortGroup", "SetDistributedPortGroupPolicy", "EndMigration", "AddStandardSwitch"],
  ...["SetVmkNicServices", "RemoveVmkNic", "AddVmkNic", "vlan", "trunk", "none", "vSwitch0", "esx-01", "loadbalance_ip"],
);

const body = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    fc.integer(),
    fc.double(),
    fc.string(),
    words,
    fc.uint8Array({ maxLength: 8 }),
    fc.date({ noInvalidDate: true }),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(fc.oneof(keys, fc.string()), tie("value"), { maxKeys: 5 }),
  ),
})).value;

const RUNS = { numRuns: 300 };

function expectAnswered(what: string, schema: z.ZodType, data: Uint8Array): void {
  const checked = checkBody(what, schema, data);
  if (checked.ok) return;
  expect(checked.error.code).toBe(RpcErrorCode.BadRequest);
  expect(checked.error.message.startsWith(`bad request to ${what}: `)).toBe(true);
}

describe.each(decoders)("the decoder of %s", (subject, schema) => {
  it("answers any MessagePack value with a request or a BAD_REQUEST, never a throw", () => {
    fc.assert(fc.property(body, (value) => expectAnswered(subject, schema, encodeBody(value))), RUNS);
  });

  it("answers any bytes with a request or a BAD_REQUEST, never a throw", () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => expectAnswered(subject, schema, bytes)), RUNS);
  });

  it("a request it accepts, sent again as it parsed, is accepted as the same request", () => {
    fc.assert(
      fc.property(body, (value) => {
        const first = checkBody(subject, schema, encodeBody(value));
        if (!first.ok) return;
        expect(checkBody(subject, schema, encodeBody(first.value))).toEqual(first);
      }),
      RUNS,
    );
  });
});

describe("bodies a decoder must not trust", () => {
  it("a request smuggled in as a map's __proto__ is a BAD_REQUEST, not inherited", () => {
    // { "__proto__": { tool: "esxcli", argv: [] } }: a decoder that set the prototype would pass it as a cli request
    const proto = [0x81, 0xa9, ...new TextEncoder().encode("__proto__"), ...encodeBody({ tool: "esxcli", argv: [] })];
    expect(checkBody("cli", hostRequestSchemas.cli, new Uint8Array(proto))).toMatchObject({ ok: false, error: { code: RpcErrorCode.BadRequest } });
  });

  it("an argv of arrays nested 100,000 deep is a BAD_REQUEST", () => {
    const head = encodeBody({ tool: "esxcli", argv: [] }).slice(0, -1); // the argv's empty array left open
    const deep = new Uint8Array([...head, ...new Array<number>(100_000).fill(0x91), 0xc0]);
    expect(checkBody("cli", hostRequestSchemas.cli, deep)).toMatchObject({ ok: false, error: { code: RpcErrorCode.BadRequest } });
  });
});
