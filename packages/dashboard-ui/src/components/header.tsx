import { connection, hosts, quarantined, topology, vmQuery } from "../store.js";

export function Header() {
  const all = [...hosts.value.values()];
  const connected = all.filter((h) => h.status === "connected").length;
  const topo = topology.value;
  const vms = topo ? topo.hosts.reduce((n, h) => n + h.vms.length, 0) : 0;
  return (
    <header class="header">
      <h1>vdsim</h1>
      <span class={`conn conn-${connection.value}`} data-testid="connection">
        {connection.value === "live" ? "live" : connection.value === "connecting" ? "connecting…" : "reconnecting…"}
      </span>
      <span class="stat" data-testid="log-seq">event log at {topo?.seq ?? "-"}</span>
      <span class="stat">
        hosts {connected}/{all.length} connected
      </span>
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
