import { migrations } from "../store.js";
import { formatMs } from "../view-model.js";

/** Migrations from the log's Migration* / VmMigrated events; empty until vMotion records any. */
export function MigrationsPanel() {
  const list = migrations.value;
  return (
    <section class="panel migrations" aria-label="Migrations" data-testid="migrations">
      <h2>Migrations</h2>
      {list.length === 0 ? (
        <p class="empty" data-testid="migrations-empty">
          No migrations yet. Each vMotion shows here with its phase, pre-copy progress and result; drag a VM to another host to start one.
        </p>
      ) : (
        <ul class="migration-list">
          {list.slice(0, 10).map((m) => (
            <li key={m.id} data-testid="migration" data-vm={m.vm}>
              <div>
                <strong>{m.vm}</strong> {m.source ?? "?"} → {m.destination ?? "?"} <span class="phase">{m.phase}</span>
              </div>
              {m.percent !== null && (
                <div class="progress" title={`${m.percent}%`}>
                  <div style={{ width: `${Math.min(100, Math.max(0, m.percent))}%` }} />
                </div>
              )}
              {m.precopy && (
                <div class="small">
                  pre-copy iteration {m.precopy.iteration}
                  {m.precopy.remainingMB !== null ? `, ${m.precopy.remainingMB} MB left` : ""}
                </div>
              )}
              {m.result && (
                <div class="small">
                  {m.result.outcome}
                  {m.result.switchoverMs !== null ? `, switchover ${formatMs(m.result.switchoverMs)}` : ""}
                  {m.result.framesLost !== null ? `, ${m.result.framesLost} frames lost` : ""}
                  {m.result.driftWarnings.map((w) => (
                    <div class="warn" key={w}>
                      drift: {w}
                    </div>
                  ))}
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
