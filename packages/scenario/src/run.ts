import { dirname } from "node:path";
import type { ParsedFile, Scenario, ScenarioStep } from "@vdsim/topology";
import { STEP_RUNNERS, type ScenarioCluster, type StepContext } from "./steps.js";

export interface StepReport {
  /** 0 is the scenario's topology; the file's steps follow from 1 */
  readonly number: number;
  readonly kind: ScenarioStep["kind"] | "topology";
  readonly label: string;
  /** where the step is written */
  readonly line: number;
  readonly status: "passed" | "failed" | "skipped";
  readonly ms: number;
  readonly detail?: string;
  readonly error?: string;
}

/** What `vdsim scenario run --json` prints and `--report` writes. */
export interface ScenarioReport {
  readonly scenario: string;
  readonly file: string;
  readonly ok: boolean;
  readonly startedAt: string;
  readonly ms: number;
  readonly steps: readonly StepReport[];
}

export interface RunScenarioOptions {
  /** hears each step as it starts (status undefined) and as it ends */
  readonly onStep?: (step: Pick<StepReport, "number" | "kind" | "label" | "line"> & { readonly status?: StepReport["status"]; readonly ms?: number; readonly detail?: string; readonly error?: string }, total: number) => void;
}

/** A step in a few words, for the progress display and the report. */
export function describeStep(step: ScenarioStep): string {
  switch (step.kind) {
    case "apply":
      return typeof step.args === "string" ? `apply ${step.args}` : "apply the inline topology";
    case "migrate":
      return `migrate ${step.args.vm} -> ${step.args.to}${step.args.expect?.result && step.args.expect.result !== "completed" ? ` (expect ${step.args.expect.result})` : ""}`;
    case "setPolicy": {
      const { vds, portgroup, expectError: _, ...patch } = step.args;
      return `set ${Object.entries(patch).map(([k, v]) => `${k}=${Array.isArray(v) ? v.join(",") : String(v)}`).join(" ")} on ${vds}/${portgroup}`;
    }
    case "startTraffic":
      return `start traffic ${step.args.from} -> ${step.args.to} at ${step.args.pps} frames/s`;
    case "stopTraffic":
      return `stop traffic${step.args.flow ? ` ${step.args.flow}` : ""}`;
    case "kill":
    case "pause":
    case "resume":
    case "restart":
      return `${step.kind} host agent ${step.args.host}`;
    case "maintenance":
      return `maintenance mode on ${step.args.host}`;
    case "waitConverged":
      return "wait for convergence";
    case "waitHost":
      return `wait until ${step.args.host} is ${step.args.status}`;
    case "ping":
      return `ping ${step.args.from} -> ${step.args.to} (expect ${step.args.expect ?? "reachable"})`;
    case "pingall":
      return "pingall";
    case "check":
      return "check invariants (the checker's, pingall)";
  }
}

const expectedError = (step: ScenarioStep): string | undefined => {
  const args = step.args as { expectError?: string } | null;
  return typeof args === "object" && args !== null && !Array.isArray(args) ? args.expectError : undefined;
};

/**
 * Runs a scenario on a running cluster: converges it to the scenario's topology, then runs
 * each step in order. A step passes when its outcome is what the file expects (a step with
 * `expectError` passes when it is refused with that text); after a failure the rest are skipped.
 */
export async function runScenario(parsed: ParsedFile<Scenario>, cluster: ScenarioCluster, options: RunScenarioOptions = {}): Promise<ScenarioReport> {
  const scenario = parsed.value;
  const base = { cluster, baseDir: dirname(parsed.file), file: parsed };
  const t0 = performance.now();
  const startedAt = new Date().toISOString();
  const all: Array<{ step: ScenarioStep; number: number; label: string; line: number }> = [
    { step: { kind: "apply", args: scenario.topology, index: -1 }, number: 0, label: typeof scenario.topology === "string" ? `topology ${scenario.topology}` : "topology", line: parsed.locate(["topology"]).line },
    ...scenario.steps.map((step) => ({ step, number: step.index + 1, label: describeStep(step), line: parsed.locate(["steps", step.index]).line })),
  ];
  const reports: StepReport[] = [];
  let failed = false;
  for (const { step, number, label, line } of all) {
    const kind = number === 0 ? "topology" : step.kind;
    const head = { number, kind, label, line } as const;
    if (failed) {
      reports.push({ ...head, status: "skipped", ms: 0 });
      options.onStep?.({ ...head, status: "skipped" }, all.length);
      continue;
    }
    options.onStep?.(head, all.length);
    const s0 = performance.now();
    const want = expectedError(step);
    let report: StepReport;
    try {
      const ctx: StepContext = { ...base, at: number === 0 ? ["topology"] : ["steps", step.index, step.kind] };
      const detail = await (STEP_RUNNERS[step.kind] as (args: unknown, c: StepContext) => Promise<string>)(step.args, ctx);
      report = want === undefined ? { ...head, status: "passed", ms: ms(s0), detail } : { ...head, status: "failed", ms: ms(s0), detail, error: `expected a refusal containing "${want}"; it succeeded` };
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const refusedAsExpected = want !== undefined && message.includes(want);
      report = refusedAsExpected ? { ...head, status: "passed", ms: ms(s0), detail: `refused as expected: ${message}` } : { ...head, status: "failed", ms: ms(s0), error: message };
    }
    failed = report.status === "failed";
    reports.push(report);
    options.onStep?.(report, all.length);
  }
  return { scenario: scenario.name, file: parsed.file, ok: !failed, startedAt, ms: ms(t0), steps: reports };
}

const ms = (from: number): number => Math.round(performance.now() - from);
