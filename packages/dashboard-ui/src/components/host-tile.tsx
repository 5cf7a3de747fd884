import { memo } from "preact/compat";
import type { TopologyHost, TopologyPortGroup, TopologySwitch } from "@vdsim/protocol";
import { features, hosts, latestPropagation, now, topology } from "../store.js";
import { ago, formatMs, hostApplyState } from "../view-model.js";
import { startMigration } from "./action-result.js";
import { VM_DRAG_TYPE, VmChip } from "./vm-chip.js";

/** One host's tile: its status and the latest change's progress, then its switches, port groups and VMs. */
export function HostTile({ host, query }: { host: TopologyHost; query: string }) {
  return (
    <article class="host" data-testid={`host-${host.name}`} {...dropTarget(host.name)}>
      <HostHeader name={host.name} />
      <HostBody host={host} query={query} />
    </article>
  );
}

/** A VM dropped on another host migrates there (once vMotion exists). */
function dropTarget(host: string) {
  if (!features.value.vmotion) return {};
  return {
    onDragOver: (e: DragEvent) => e.preventDefault(),
    onDrop: (e: DragEvent) => {
      const vm = e.dataTransfer?.getData(VM_DRAG_TYPE);
      if (vm && !topology.value?.hosts.find((h) => h.name === host)?.vms.includes(vm)) void startMigration(vm, host);
    },
  };
}

/** Status and the latest change's progress: re-rendered by heartbeats, not by topology. */
function HostHeader({ name }: { name: string }) {
  const h = hosts.value.get(name);
  const status = h?.status ?? "unknown";
  const p = latestPropagation.value;
  const apply = p ? hostApplyState(p, name, hosts.value) : undefined;
  return (
    <div class={`host-head status-${status}`}>
      <span class="host-name">{name}</span>
      <span class="badge" data-testid="host-status" data-status={status} title={heartbeatTitle(status, h?.lastHeartbeat ?? null)}>
        {status === "connected" ? "connected" : status === "notResponding" ? "not responding" : "waiting"}
      </span>
      <span class="meta">
        seq {h?.appliedSeq ?? "-"} · pid {h?.pid ?? "-"}
      </span>
      {p && apply && (
        <span
          key={`${p.seq}-${apply.state}`}
          class={`apply apply-${apply.state}`}
          data-testid="host-apply"
          data-seq={p.seq}
          data-state={apply.state}
          title={`${p.type} (event ${p.seq}): ${p.summary}`}
        >
          {apply.state === "applied" ? `applied ${p.seq} in ${formatMs(apply.ms)}` : apply.state === "pending" ? `applying ${p.seq}…` : `${p.seq} not applied`}
        </span>
      )}
    </div>
  );
}

// Memoized on identity: the store reuses unchanged parts of each new topology (shareStructure).
const HostBody = memo(function HostBody({ host, query }: { host: TopologyHost; query: string }) {
  return (
    <div class="host-body">
      {host.switches.map((sw) => (
        <SwitchBox key={`${sw.kind}:${sw.name}`} sw={sw} host={host.name} query={query} />
      ))}
      {host.vms.length === 0 && <p class="empty small">no VMs</p>}
    </div>
  );
});

const SwitchBox = memo(function SwitchBox({ sw, host, query }: { sw: TopologySwitch; host: string; query: string }) {
  return (
    <div class={`switch switch-${sw.kind}`} data-testid={`switch-${sw.name}`}>
      <div class="switch-head">
        <span class="switch-name">{sw.name}</span>
        <span class="switch-kind">{sw.kind === "proxy" ? "proxy switch (VDS)" : "standard switch"}</span>
        <span class="uplinks">{sw.uplinks.join(" ") || "no uplinks"}</span>
      </div>
      {sw.portGroups.map((pg) => (
        <PortGroupRow key={pg.name} pg={pg} host={host} query={query} />
      ))}
    </div>
  );
});

const PortGroupRow = memo(function PortGroupRow({ pg, host, query }: { pg: TopologyPortGroup; host: string; query: string }) {
  return (
    <div class={`pg${pg.blocked ? " blocked" : ""}`} data-testid={`pg-${pg.name}`}>
      <span class="pg-name" title={pg.blocked ? "every port blocked" : undefined}>
        {pg.name}
      </span>
      <span class="vlan" data-testid="pg-vlan">
        VLAN {pg.vlan}
      </span>
      <span class="endpoints">
        {pg.endpoints.map((ep) =>
          ep.kind === "vm" ? (
            <VmChip key={`${ep.name}#${ep.nic}`} vm={ep.name} nic={ep.nic} mac={ep.mac} host={host} match={query !== "" && ep.name.includes(query)} />
          ) : (
            <span key={ep.name} class="chip vmk" title={`${ep.mac}${ep.ip ? ` ${ep.ip}` : ""}`}>
              {ep.name}
            </span>
          ),
        )}
      </span>
    </div>
  );
});

/**
 * The service sends a host's status when it changes, not each heartbeat (1,000 hosts beat 1,000
 * times a second): the time of the last one is known here only for a host that stopped.
 */
function heartbeatTitle(status: string, lastHeartbeat: number | null): string {
  if (status === "connected") return "heartbeats arriving (not responding 3.5 s after the last)";
  return `last heartbeat ${ago(lastHeartbeat, now.value)}`;
}
