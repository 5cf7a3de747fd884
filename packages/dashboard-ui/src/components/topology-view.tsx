import { useRef, useState, useLayoutEffect } from "preact/hooks";
import type { TopologyHost } from "@vdsim/protocol";
import { hostQuery, hosts, topology, vmQuery } from "../store.js";
import { columnsFor, filterHosts } from "../host-filter.js";
import { useVirtualizer } from "../use-virtualizer.js";
import { HostTile } from "./host-tile.js";

/**
 * Up to this many hosts every tile is in the page (the browser's find works on all of them);
 * beyond, the grid renders only the rows in view, so 1,000 hosts cost what a screenful does.
 */
export const RENDER_ALL_UP_TO = 64;
const MIN_TILE_PX = 300;
const GAP_PX = 8;
/** a first guess at a row's height, corrected once the row is measured */
const ROW_ESTIMATE_PX = 180;

export function TopologyView() {
  const topo = topology.value;
  if (!topo) return <p class="empty">waiting for the cluster…</p>;
  if (topo.hosts.length === 0) return <p class="empty">no hosts have registered yet</p>;
  const shown = filterHosts(topo.hosts, hostQuery.value, hosts.value, topo.seq);
  return (
    <div class="topology-body">
      <div class="host-tools">
        <input
          class="host-search"
          type="search"
          placeholder="filter hosts: name, VM, or connected / lagging / disconnected"
          aria-label="filter hosts"
          data-testid="host-search"
          value={hostQuery.value}
          onInput={(e) => (hostQuery.value = e.currentTarget.value)}
        />
        <span class="small" data-testid="hosts-shown" data-count={shown.length}>
          {shown.length === topo.hosts.length ? `${shown.length} hosts` : `${shown.length} of ${topo.hosts.length} hosts`}
        </span>
      </div>
      {shown.length === 0 ? (
        <p class="empty" data-testid="hosts-none">no host matches “{hostQuery.value}”</p>
      ) : topo.hosts.length <= RENDER_ALL_UP_TO ? (
        <div class="host-scroll">
          <div class="hosts" data-testid="hosts">
            {shown.map((h) => (
              <HostTile key={h.name} host={h} query={vmQuery.value} />
            ))}
          </div>
        </div>
      ) : (
        <VirtualHostGrid shown={shown} />
      )}
    </div>
  );
}

/** The host tiles in rows, only the rows in (and just around) the scrolled view in the page. */
function VirtualHostGrid({ shown }: { shown: readonly TopologyHost[] }) {
  const scroller = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setWidth(el.clientWidth));
    observer.observe(el);
    setWidth(el.clientWidth);
    return () => observer.disconnect();
  }, []);
  const cols = columnsFor(width, MIN_TILE_PX, GAP_PX);
  const rows = Math.ceil(shown.length / cols);
  const virtualizer = useVirtualizer<HTMLDivElement, HTMLDivElement>({
    count: rows,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_ESTIMATE_PX,
    // a row is keyed by its first host: filtering or resizing re-measures rows that changed
    getItemKey: (i) => `${cols}:${shown[i * cols]?.name ?? i}`,
    overscan: 2,
    gap: GAP_PX,
  });
  const query = vmQuery.value;
  return (
    <div class="host-scroll" ref={scroller} data-testid="host-scroll">
      <div class="virtual-hosts" data-testid="hosts" data-virtual="true" style={{ height: `${virtualizer.getTotalSize()}px` }}>
        {virtualizer.getVirtualItems().map((row) => (
          <div
            key={row.key}
            class="hosts host-row"
            data-index={row.index}
            ref={virtualizer.measureElement}
            style={{ transform: `translateY(${row.start}px)`, gridTemplateColumns: `repeat(${cols}, minmax(0, 1fr))` }}
          >
            {shown.slice(row.index * cols, (row.index + 1) * cols).map((h) => (
              <HostTile key={h.name} host={h} query={query} />
            ))}
          </div>
        ))}
      </div>
    </div>
  );
}
