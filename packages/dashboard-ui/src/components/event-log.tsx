import { memo } from "preact/compat";
import { useMemo } from "preact/hooks";
import type { DashboardEvent } from "@vdsim/protocol";
import { eventFilter, events, selectedEvent } from "../store.js";
import { NO_FILTER, filterChoices, filterEvents, prettyJson, type EventFilter } from "../view-model.js";

const FILTERS: ReadonlyArray<{ key: keyof EventFilter; label: string }> = [
  { key: "host", label: "host" },
  { key: "vds", label: "VDS" },
  { key: "vm", label: "VM" },
  { key: "migration", label: "migration" },
];

/** The event log, live, newest first; filters by host, VDS, VM or migration; click a row for its data. */
export function EventLog() {
  const all = events.value;
  const f = eventFilter.value;
  const choices = useMemo(() => filterChoices(all), [all]);
  const shown = useMemo(() => filterEvents(all, f), [all, f]);
  const selected = selectedEvent.value;
  return (
    <div class="log-wrap">
      <div class="log-head">
        <h2>Event log</h2>
        {FILTERS.map(({ key, label }) => (
          <label key={key}>
            {label}
            <select
              name={`filter-${key}`}
              data-testid={`filter-${key}`}
              value={f[key]}
              onChange={(e) => (eventFilter.value = { ...eventFilter.value, [key]: e.currentTarget.value })}
            >
              <option value="">all</option>
              {choices[key].map((v) => (
                <option key={v} value={v}>
                  {v}
                </option>
              ))}
            </select>
          </label>
        ))}
        {f !== NO_FILTER && (
          <button type="button" onClick={() => (eventFilter.value = NO_FILTER)}>
            clear
          </button>
        )}
        <span class="small">
          {shown.length} of {all.length}
        </span>
      </div>
      <div class="log-body">
        <table class="events" data-testid="event-log">
          <tbody>
            {shown.map((e) => (
              <EventRow key={e.seq} e={e} selected={selected?.seq === e.seq} />
            ))}
          </tbody>
        </table>
        {selected && (
          <div class="detail" data-testid="event-detail" data-seq={selected.seq}>
            <div class="detail-head">
              <strong>event {selected.seq}</strong> {selected.type}
              <button type="button" onClick={() => (selectedEvent.value = null)} aria-label="close">
                ×
              </button>
            </div>
            <div class="small">
              {selected.time} · {selected.subject} · correlation {selected.correlationId}
            </div>
            <pre data-testid="event-data">{prettyJson(selected.data)}</pre>
          </div>
        )}
      </div>
    </div>
  );
}

const toggle = (e: DashboardEvent): void => {
  selectedEvent.value = selectedEvent.peek()?.seq === e.seq ? null : e;
};

/** One row; memoized, so a new batch renders only the new rows. */
const EventRow = memo(function EventRow({ e, selected }: { e: DashboardEvent; selected: boolean }) {
  return (
    <tr data-testid="event-row" data-seq={e.seq} data-type={e.type} class={selected ? "selected" : undefined} onClick={() => toggle(e)}>
      <td class="seq">{e.seq}</td>
      <td class="time">{e.time.slice(11, 23)}</td>
      <td class="type">{e.type}</td>
      <td class="summary">{e.summary}</td>
    </tr>
  );
});
