import { z } from "zod";
import type { Heartbeat, HostApi, ManagementApi, VmRuntimeState } from "./api.js";
import type { Exact } from "./exact.js";
import { hostCommandSchema } from "./host-command-schema.js";
import { managementCommandSchema } from "./management-command-schema.js";

// The shape of every request a vdsim process serves, op by op, and of a heartbeat: what a body
// must hold before a handler sees it. Each schema parses to exactly its op's request type.

/** Each op's request schema, typed by the op's request type: what `serve` takes. */
export type RequestSchemas<Api extends { [Op in keyof Api]: { req: unknown } }> = { readonly [Op in keyof Api]: z.ZodType<Api[Op]["req"]> };

/** Requests that carry nothing; keys sent anyway are dropped. */
const empty = z.object({}) as z.ZodType<Record<string, never>>;

const isObject = (v: unknown): boolean => typeof v === "object" && v !== null && !Array.isArray(v);

const vmRuntimeStateSchema = z.object({
  ports: z.array(
    z.object({
      nic: z.number(),
      // a port's counters move between data planes as they are: only the data plane reads them
      stats: z.custom<VmRuntimeState["ports"][number]["stats"]>(isObject, { message: "expected port stats (an object)" }),
    }),
  ),
  senders: z.array(z.object({ flow: z.string(), dstIp: z.string(), pps: z.number(), length: z.number(), seq: z.number(), running: z.boolean() })),
  receivers: z.array(
    z.object({
      stats: z.object({
        flow: z.string(),
        received: z.number(),
        lost: z.number(),
        outOfOrder: z.number(),
        lastSeq: z.number(),
        longestGapMs: z.number(),
        firstAt: z.number().nullable(),
        lastAt: z.number().nullable(),
      }),
      peerIp: z.string(),
    }),
  ),
});
true satisfies Exact<VmRuntimeState, typeof vmRuntimeStateSchema>;

const management = {
  ping: empty,
  command: z.object({ commandId: z.string(), command: managementCommandSchema, waitMs: z.number().optional() }),
  status: empty,
  hash: empty,
  migrate: z.object({
    vm: z.string(),
    destination: z.string(),
    memoryMB: z.number().optional(),
    dirtyRateMBps: z.number().optional(),
    requestId: z.string().optional(),
  }),
  migrations: empty,
  snapshot: empty,
  evacuate: z.object({ host: z.string(), requestId: z.string().optional() }),
} as const;

const vmStep = { key: z.string(), vm: z.string() };

const host = {
  state: empty,
  cli: z.object({ tool: z.enum(["esxcli", "vicfg-vswitch", "vicfg-vmknic", "vmkping"]), argv: z.array(z.string()) }),
  command: z.object({ commandId: z.string(), command: hostCommandSchema }),
  ping: z.object({
    vm: z.string(),
    nic: z.number().optional(),
    target: z.string(),
    count: z.number(),
    intervalMs: z.number().optional(),
    timeoutMs: z.number().optional(),
  }),
  "traffic.start": z.object({ flow: z.string(), fromVm: z.string(), to: z.string(), pps: z.number(), length: z.number().optional() }),
  "traffic.stop": z.object({ flow: z.string().optional() }),
  "traffic.stats": empty,
  ports: empty,
  "guest.spoof": z.object({ vm: z.string(), srcMac: z.string(), target: z.string(), count: z.number() }),
  "guest.mac": z.object({ vm: z.string(), mac: z.string() }),
  "migration.stun": z.object(vmStep),
  "migration.resume": z.object({ ...vmStep, state: vmRuntimeStateSchema }),
  "migration.unstun": z.object({ ...vmStep, state: vmRuntimeStateSchema }),
} as const;

/** Ops whose schema parses to something other than their request type; `never` when there are none. */
type Drifted<Api, Schemas> = {
  [Op in keyof Api & keyof Schemas]: Api[Op] extends { req: infer Req }
    ? Schemas[Op] extends z.ZodType
      ? Req extends Record<string, never>
        ? never
        : Exact<Req, Schemas[Op]> extends true
          ? never
          : Op
      : Op
    : Op;
}[keyof Api & keyof Schemas];

/** true, or the ops that drifted: a check that stops compiling and names them. */
type NoneDrifted<Ops> = [Ops] extends [never] ? true : { readonly drifted: Ops };

true satisfies NoneDrifted<Drifted<ManagementApi, typeof management>>;
true satisfies NoneDrifted<Drifted<HostApi, typeof host>>;

export const managementRequestSchemas: RequestSchemas<ManagementApi> = management;
export const hostRequestSchemas: RequestSchemas<HostApi> = host;

export const heartbeatSchema = z.object({
  host: z.string(),
  pid: z.number(),
  startedAt: z.string(),
  appliedSeq: z.number(),
  hash: z.string(),
  pnics: z.array(z.string()),
  follower: z
    .object({
      state: z.enum(["idle", "catching-up", "live", "failed", "stopped"]),
      quarantined: z.number().int().nonnegative(),
      failure: z.string().optional(),
    })
    .optional(),
});
true satisfies Exact<Heartbeat, typeof heartbeatSchema>;
