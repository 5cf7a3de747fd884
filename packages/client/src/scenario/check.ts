import type { VdsimClient } from "../client.js";
import { pingall } from "../pingall.js";
import { replay } from "../replay.js";

/** What the `check` step found: whether every process agrees with the log, and whether the network behaves as configured. */
export interface CheckOutcome {
  readonly ok: boolean;
  readonly detail: string;
}

/**
 * The scenario step that asserts the cluster's invariants: the log replayed from sequence 1
 * matches the management service and every host agent (replay --verify), and every vNIC pair
 * reaches, or is isolated from, the others as the configuration says (pingall).
 */
export async function runCheckStep(client: VdsimClient, options: { readonly pingall?: boolean } = {}): Promise<CheckOutcome> {
  const report = await replay(client, { verify: true });
  const failed = report.checks.filter((c) => !c.ok).map((c) => `${c.who}: ${c.problem ?? "differs"}`);
  const problems = [...failed];
  let pairs = "";
  if (options.pingall !== false) {
    const p = await pingall(client);
    pairs = `, pingall ${p.pairs.length} pairs`;
    problems.push(...p.pairs.filter((x) => !x.ok).map((x) => `${x.from} -> ${x.to}: ${x.expected.reachable ? "expected an answer, got none" : `answered though isolated (${x.expected.reason})`}`));
  }
  const detail = `replay verified ${report.checks.length} processes at sequence ${report.seq}${pairs}`;
  return problems.length === 0 ? { ok: true, detail } : { ok: false, detail: `${detail}; ${problems.join("; ")}` };
}
