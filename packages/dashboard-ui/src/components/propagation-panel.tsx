import { hosts, latestPropagation, propagations } from "../store.js";
import { digestPropagation } from "../host-filter.js";
import { formatMs, hostApplyState } from "../view-model.js";
import { LatencyChart } from "./latency-chart.js";

/** The latest change host by host, and propagation latency over recent changes. */
export function PropagationPanel() {
  const p = latestPropagation.value;
  const digest = p && digestPropagation(p);
  return (
    <section class="panel propagation" aria-label="Propagation" data-testid="propagation">
      <h2>Propagation</h2>
      {p === null ? (
        <p class="empty">Change a port group (here or with the CLI) to see each host apply it.</p>
      ) : (
        <div data-testid="latest-change" data-seq={p.seq}>
          <div class="change-title">
            <strong>event {p.seq}</strong> {p.type}
            <div class="summary">{p.summary}</div>
          </div>
          {digest && digest.listed.length < digest.total && (
            <div class="summary" data-testid="propagation-digest" data-applied={digest.applied}>
              applied on {digest.applied} of {digest.total} hosts
              {digest.p50 !== null && digest.p99 !== null && ` · p50 ${formatMs(digest.p50)} · p99 ${formatMs(digest.p99)}`}; still applying, then the slowest:
            </div>
          )}
          <ul class="apply-grid">
            {(digest?.listed ?? []).map((host) => {
              const s = hostApplyState(p, host, hosts.value);
              return (
                <li key={`${p.seq}-${host}`} data-testid={`prop-host-${host}`} data-state={s?.state ?? "pending"}>
                  <span>{host}</span>
                  <span class={`apply-${s?.state ?? "pending"}`}>
                    {s?.state === "applied" ? formatMs(s.ms) : s?.state === "stalled" ? "not responding" : "applying…"}
                  </span>
                </li>
              );
            })}
          </ul>
          {p.totalMs !== null && <div class="total">all {p.hosts.length} hosts in {formatMs(p.totalMs)}</div>}
        </div>
      )}
      <LatencyChart changes={propagations.value} />
    </section>
  );
}
