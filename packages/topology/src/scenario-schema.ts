import { z } from "zod";
import { LOAD_BALANCING } from "@vdsim/model";
import { TopologySpec } from "./schema.js";

const name = z.string().min(1, "must not be empty");
/** "500ms", "10s", "2m" or a number of milliseconds */
const duration = z.union([z.int().positive(), z.string().regex(/^\d+(ms|s|m)$/, "must be a duration such as 500ms, 10s or 2m")]);
const hostRef = z.strictObject({ host: name });
/** a step that calls the cluster may expect it to be refused, with a message containing this text */
const refusal = { expectError: z.string().min(1).optional() };

export const STEP_SCHEMAS = {
  /** converge to another topology (inline, or a file relative to the scenario) */
  apply: z.union([z.string().min(1), TopologySpec]).describe("converge to another topology: a file relative to the scenario, or inline"),
  migrate: z.strictObject({
    vm: name,
    to: name,
    memoryMB: z.int().positive().optional(),
    dirtyRateMBps: z.int().nonnegative().optional(),
    ...refusal,
    expect: z
      .strictObject({
        result: z.enum(["completed", "rolledBack", "failed"]).optional(),
        /** drift the migration must report: the settings (e.g. vlan), or true for any, false for none */
        drift: z.union([z.boolean(), z.array(z.string())]).optional(),
        maxFramesLost: z.int().nonnegative().optional(),
      })
      .optional()
      .describe("default: completed; drift lists the settings (vlan, security, ...) that must differ, or true/false"),
  }).describe("vMotion a VM and wait for its end"),
  setPolicy: z.strictObject({
    vds: name,
    portgroup: name,
    vlan: z.union([z.int().min(0).max(4094), z.string()]).optional(),
    allowPromiscuous: z.boolean().optional(),
    allowMacChanges: z.boolean().optional(),
    allowForgedTransmits: z.boolean().optional(),
    averageKbps: z.int().positive().optional(),
    peakKbps: z.int().positive().optional(),
    burstKB: z.int().positive().optional(),
    shapingEnabled: z.boolean().optional(),
    loadBalancing: z.enum(LOAD_BALANCING).optional(),
    activeUplinks: z.array(name).optional(),
    standbyUplinks: z.array(name).optional(),
    notifySwitches: z.boolean().optional(),
    failback: z.boolean().optional(),
    blocked: z.boolean().optional(),
    ...refusal,
  }).describe("change a distributed port group's policy and wait until every member host applied it"),
  startTraffic: z.strictObject({ from: name, to: name, pps: z.int().positive().max(100_000), flow: name.optional(), length: z.int().min(64).max(9000).optional(), ...refusal }).describe("start a constant-rate flow between two VMs; done once frames arrive"),
  /** stops a flow (or every flow) and checks what the receivers counted */
  stopTraffic: z.strictObject({
    flow: name.optional(),
    expect: z.strictObject({ maxLost: z.int().nonnegative().optional(), minReceived: z.int().nonnegative().optional() }).optional(),
  }).describe("stop a flow (or every flow) and check what its receiver counted"),
  /** SIGKILL a host agent */
  kill: hostRef.describe("kill -9 a host agent"),
  /** SIGSTOP a host agent: it stops answering and heartbeating but keeps its state */
  pause: hostRef.describe("SIGSTOP a host agent"),
  /** SIGCONT a paused host agent */
  resume: hostRef.describe("SIGCONT a paused host agent"),
  /** start a host agent again (after a kill) and wait until it caught up with the log */
  restart: hostRef.describe("start a host agent again and wait until it caught up"),
  /** maintenance mode: migrate every VM off a host */
  maintenance: z.strictObject({
    host: name,
    ...refusal,
    expect: z.strictObject({ migrated: z.int().nonnegative().optional(), stranded: z.int().nonnegative().optional(), failed: z.int().nonnegative().optional() }).optional(),
  }).describe("maintenance mode: migrate every VM off a host (default expectation: none stranded, none failed)"),
  /** wait until every host agent that answers has applied the whole log (and the named hosts are connected) */
  waitConverged: z.union([z.null(), z.strictObject({ timeout: duration.optional(), hosts: z.array(name).optional() })]).describe("wait until every responding host (and each host named) applied the whole log"),
  /** a status of a host as the management service sees it */
  waitHost: z.strictObject({ host: name, status: z.enum(["connected", "notResponding"]), timeout: duration.optional() }).describe("wait until the management service sees a host so"),
  ping: z.strictObject({ from: name, to: name, count: z.int().positive().max(20).optional(), expect: z.enum(["reachable", "unreachable"]).optional() }).describe("ICMP from a VM to a VM or an IP (default expectation: reachable)"),
  /** every vNIC pair: the ones the configuration connects answer, the ones it isolates do not */
  pingall: z.union([z.null(), z.strictObject({})]).describe("every vNIC pair reaches, or is isolated from, the others as configured"),
  /** the consistency checks: the checker's invariants (as vdsim check) and pingall */
  check: z.union([z.null(), z.strictObject({ pingall: z.boolean().optional() })]).describe("the invariants: the consistency checker's (as vdsim check) and pingall"),
} as const;

export type StepKind = keyof typeof STEP_SCHEMAS;
export const STEP_KINDS = Object.keys(STEP_SCHEMAS) as StepKind[];

/** One step of a scenario: a kind and its parameters, written in the file as `- migrate: { vm: web-01, to: esx-02 }`. */
export type ScenarioStep = { [K in StepKind]: { readonly kind: K; readonly args: z.infer<(typeof STEP_SCHEMAS)[K]>; readonly index: number } }[StepKind];

const StepSpec = z.record(z.string(), z.unknown()).transform((raw, ctx) => {
  const keys = Object.keys(raw);
  const kind = keys[0] as StepKind | undefined;
  if (keys.length !== 1 || kind === undefined || !(kind in STEP_SCHEMAS)) {
    ctx.addIssue({ code: "custom", message: `a step is one of ${STEP_KINDS.join(", ")}${keys.length === 0 ? "" : `, not ${keys.join(" + ")}`}` });
    return z.NEVER;
  }
  const parsed = STEP_SCHEMAS[kind].safeParse(raw[kind]);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) ctx.addIssue({ ...issue, path: [kind, ...issue.path] } as Parameters<typeof ctx.addIssue>[0]);
    return z.NEVER;
  }
  return { kind, args: parsed.data };
});

export const ScenarioSpec = z.strictObject({
  name: z.string().min(1),
  description: z.string().optional(),
  /** host agents of the cluster `vdsim scenario run` starts (esx-01..esx-NN) */
  hosts: z.int().min(1).max(32),
  /** the topology the cluster is converged to before the first step: inline, or a file relative to the scenario */
  topology: z.union([z.string().min(1), TopologySpec]),
  steps: z.array(StepSpec).min(1, "a scenario needs at least one step"),
});

export type Scenario = Omit<z.infer<typeof ScenarioSpec>, "steps"> & { readonly steps: readonly ScenarioStep[] };
