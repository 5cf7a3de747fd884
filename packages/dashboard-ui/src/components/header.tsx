import { connection, hostCounts, hostQuery, quarantined, topology, vmQuery } from "../store.js";

export function Header() {
  const topo = topology.value;
  const vms = topo ? topo.hosts.reduce((n, h) => n + h.vms.length, 0) : 0;
  return (
    <header class="header">
      <h1>vdsim</h1>
      <span class={`conn conn-${connection.value}`} data-testid="connection">
        {connection.value === "live" ? "live" : connection.value === "connecting" ? "connecting…" : "reconnecting…"}
      </span>
      <span class="stat" data-testid="log-seq">event log at {topo?.seq ?? "-"}</span>
      <HostCounts />
      {quarantined.value.count > 0 && (
        <span
          class="stat quarantined"
          data-testid="quarantined"
          title={quarantined.value.latest.map((q) => `#${q.seq} ${q.subject}: ${q.reason}`).join("\n")}
        >
          {quarantined.value.count} quarantined (the log holds messages no writer could have written: vdsim check names them)
        </span>
      )}
      <span class="stat">
        {topo?.switches.length ?? 0} VDS · {topo?.portGroups.length ?? 0} port groups · {vms} VMs
      </span>
      <input
        class="find"
        type="search"
        placeholder="find a VM"
        aria-label="find a VM"
        value={vmQuery.value}
        onInput={(e) => (vmQuery.value = e.currentTarget.value)}
      />
    </header>
  );
}

/** The hosts by state, always in view; a click shows only those hosts in the grid (again: all of them). */
function HostCounts() {
  const c = hostCounts.value;
  const pick = (word: string) => () => (hostQuery.value = hostQuery.value === word ? "" : word);
  const count = (word: "connected" | "lagging" | "disconnected" | "waiting", n: number, title: string) => (
    <button type="button" class={`count count-${word}${hostQuery.value === word ? " active" : ""}`} data-testid={`count-${word}`} data-count={n} title={title} onClick={pick(word)}>
      {n} {word}
    </button>
  );
  return (
    <span class="counts stat" data-testid="host-counts">
      <span>{c.total} hosts</span>
      {count("connected", c.connected, "hosts whose heartbeat arrives (lagging ones included)")}
      {count("lagging", c.lagging, "connected hosts that have not applied the log as far as this page has read it")}
      {count("disconnected", c.disconnected, "hosts not heard from for 3.5 s")}
      {c.waiting > 0 && count("waiting", c.waiting, "hosts the dashboard has not heard from since it started")}
    </span>
  );
}
