import { checkCluster } from "@vdsim/checker";
import { pingall, type VdsimClient } from "@vdsim/client";

/** What the `check` step found: whether the checker's invariants hold, and whether the network behaves as configured. */
export interface CheckOutcome {
  readonly ok: boolean;
  readonly detail: string;
}

/**
 * The scenario step that asserts the cluster's invariants: the consistency checker's (every VM
 * on one host with one active port per vNIC, dvPorts as their port groups say, migrations ended,
 * no gap in the log, the log replayed reproduces every process's state), and every vNIC pair
 * reaching, or isolated from, the others as the configuration says (pingall).
 */
export async function runCheckStep(client: VdsimClient, options: { readonly pingall?: boolean } = {}): Promise<CheckOutcome> {
  const report = await checkCluster(client);
  const evaluated = report.invariants.filter((i) => i.evaluated);
  const problems = evaluated.filter((i) => !i.ok).map((i) => `${i.name}: ${i.detail}`);
  let pairs = "";
  if (options.pingall !== false) {
    const p = await pingall(client);
    pairs = `, pingall ${p.pairs.length} pairs`;
    problems.push(...p.pairs.filter((x) => !x.ok).map((x) => `${x.from} -> ${x.to}: ${x.expected.reachable ? "expected an answer, got none" : `answered though isolated (${x.expected.reason})`}`));
  }
  const detail = `${evaluated.length} invariants checked over ${report.figures["events"] ?? "?"} events${pairs}`;
  return problems.length === 0 ? { ok: true, detail } : { ok: false, detail: `${detail}; ${problems.join("; ")}` };
}
