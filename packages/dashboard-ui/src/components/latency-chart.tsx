import type { Propagation } from "@vdsim/protocol";
import { formatMs } from "../view-model.js";

const W = 360;
const H = 140;
const PAD = { left: 44, right: 8, top: 10, bottom: 22 };

/** Per change: a bar up to the slowest host, the spread from fastest to slowest, a tick at the median. Newest on the right. */
export function LatencyChart({ changes, max = 24 }: { changes: readonly Propagation[]; max?: number }) {
  const shown = changes.slice(-max);
  if (shown.length === 0) return null;
  const values = shown.flatMap((p) => p.hosts.flatMap((h) => (h.ms === null ? [] : [h.ms])));
  const top = niceCeiling(Math.max(1, ...values));
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const slot = plotW / max;
  const y = (ms: number): number => PAD.top + plotH - (Math.min(ms, top) / top) * plotH;
  const offset = (max - shown.length) * slot;
  return (
    <svg class="chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-label="propagation latency over recent changes" data-testid="latency-chart">
      {[0, 0.5, 1].map((f) => (
        <g key={f}>
          <line x1={PAD.left} x2={W - PAD.right} y1={y(top * f)} y2={y(top * f)} class="grid" />
          <text x={PAD.left - 4} y={y(top * f) + 3} class="axis" text-anchor="end">
            {formatMs(top * f)}
          </text>
        </g>
      ))}
      {shown.map((p, i) => {
        const x = PAD.left + offset + i * slot;
        const times = p.hosts.flatMap((h) => (h.ms === null ? [] : [h.ms])).sort((a, b) => a - b);
        const slowest = times.at(-1) ?? 0;
        const fastest = times[0] ?? 0;
        const median = times[Math.floor(times.length / 2)] ?? 0;
        return (
          <g key={p.seq} data-testid="chart-change" data-seq={p.seq}>
            <title>{`event ${p.seq} ${p.type}: ${times.length}/${p.hosts.length} hosts, fastest ${formatMs(fastest)}, median ${formatMs(median)}, slowest ${formatMs(slowest)}`}</title>
            <rect x={x + slot * 0.15} width={slot * 0.7} y={y(slowest)} height={PAD.top + plotH - y(slowest)} class={p.totalMs === null ? "bar pending" : "bar"} />
            {times.length > 1 && <rect x={x + slot * 0.15} width={slot * 0.7} y={y(slowest)} height={Math.max(1, y(fastest) - y(slowest))} class="range" />}
            {times.length > 0 && <line x1={x + slot * 0.1} x2={x + slot * 0.9} y1={y(median)} y2={y(median)} class="median" />}
          </g>
        );
      })}
      <text x={PAD.left} y={H - 6} class="axis">
        older
      </text>
      <text x={W - PAD.right} y={H - 6} class="axis" text-anchor="end">
        newest (event {shown.at(-1)?.seq})
      </text>
    </svg>
  );
}

function niceCeiling(v: number): number {
  const exp = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 5, 10]) if (m * exp >= v) return m * exp;
  return 10 * exp;
}
