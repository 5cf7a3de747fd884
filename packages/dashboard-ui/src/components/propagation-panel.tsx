import { hosts, latestPropagation, propagations } from "../store.js";
import { formatMs, hostApplyState } from "../view-model.js";
import { LatencyChart } from "./latency-chart.js";

/** The latest change host by host, and propagation latency over recent changes. */
export function PropagationPanel() {
  const p = latestPropagation.value;
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
          <ul class="apply-grid">
            {p.hosts.map(({ host }) => {
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
