import { DEFAULT_CONVERGENCE_BOUND_MS, type CheckContext, type Invariant } from "./context.js";
import { figures } from "./figures.js";
import type { History } from "./history.js";
import { hostsConverged } from "./invariants/convergence.js";
import { acknowledgedCommandsLogged, logHasNoGap, logIntegrity, nothingUnasked } from "./invariants/log.js";
import { migrationsEnded } from "./invariants/migrations.js";
import { vmPlacement } from "./invariants/placement.js";
import { replayMatchesLive } from "./invariants/replay.js";
import { dvPortSettings } from "./invariants/settings.js";
import { noLossOutsideNemesis, trafficFlowsWithoutManagement } from "./invariants/traffic.js";
import { foldEvents } from "./log-fold.js";
import type { ClusterObservation } from "./observation.js";
import type { CheckReport } from "./types.js";

/** Every invariant, in the order a report lists them. */
export const INVARIANTS: readonly Invariant[] = [
  vmPlacement,
  dvPortSettings,
  migrationsEnded,
  acknowledgedCommandsLogged,
  nothingUnasked,
  logHasNoGap,
  logIntegrity,
  replayMatchesLive,
  trafficFlowsWithoutManagement,
  hostsConverged,
  noLossOutsideNemesis,
];

/** Checks an observation of a cluster (and the history of a run, if any) against every invariant. Pure. */
export function evaluate(observation: ClusterObservation, options: { readonly history?: History; readonly convergenceBoundMs?: number } = {}): CheckReport {
  const hostSeqs = new Map(observation.hosts.flatMap((h) => (h.report ? [[h.host, h.report.appliedSeq] as const] : [])));
  const log = foldEvents(observation.events, observation.management?.seq ?? null, hostSeqs);
  const ctx: CheckContext = {
    // the invariants read the events the log's followers folded; the quarantined are log-integrity's
    observation: { ...observation, events: log.valid },
    log,
    history: options.history,
    convergenceBoundMs: options.convergenceBoundMs ?? DEFAULT_CONVERGENCE_BOUND_MS,
  };
  const invariants = INVARIANTS.map((check) => check(ctx));
  return { ok: invariants.every((r) => !r.evaluated || r.ok), invariants, figures: figures(ctx) };
}
