import type { ClusterStatus, FollowerReport, LogPlacement, MigrationSummary, QuarantinedMessage } from "@vdsim/client";
import { embeddedNats, recordedPids, type ClusterRecord } from "@vdsim/cluster";
import { isAlive } from "@vdsim/runtime";
import { table } from "../format.js";
import { SUMMARIZE_ABOVE, formatHostsSummary, hostMatcher, hostTable, summarizeHosts } from "./status-hosts.js";

/** One nats-server that `vdsim up` started, and whether it still runs. */
export interface NatsNodeView {
  readonly name: string;
  readonly url: string;
  readonly pid: number;
  readonly state: "running" | "gone";
}

export function natsNodeViews(record: ClusterRecord | undefined): NatsNodeView[] {
  return record ? embeddedNats(record).map((n) => ({ ...n, state: isAlive(n.pid) ? "running" : "gone" })) : [];
}

/** The NATS nodes and where the event log's replicas are; shown for a cluster, not for one server. */
function printNats(nodes: readonly NatsNodeView[], placement: LogPlacement | null): void {
  if (nodes.length > 1) {
    console.log(table(["NATS node", "URL", "PID", "State"], nodes.map((n) => [n.name, n.url, n.pid, n.state])));
  }
  if (placement && placement.replicas > 1) {
    const followers = placement.followers.map((f) => `${f.name} ${f.offline ? "offline" : f.current ? "current" : "not current"}`);
    console.log(
      `Event log ${placement.stream}: ${placement.replicas} replicas, leader ${placement.leader ?? "(being elected)"}` +
        (followers.length > 0 ? `; ${followers.join(", ")}` : ""),
    );
  }
  if (nodes.length > 1 || (placement && placement.replicas > 1)) console.log();
}

/** What `up` started and whether each process is still there: useful when the management service is down. */
export function printProcesses(record: ClusterRecord): void {
  console.log(table(["Process", "PID", "State"], recordedPids(record).map(({ what, pid }) => [what, pid, isAlive(pid) ? "running" : "gone"])));
  console.log();
}

/** How `vdsim status` lays out the hosts (and the VMs on them). */
export interface StatusLayout {
  /** every row, however many hosts */
  readonly all?: boolean;
  /** only the hosts whose name matches (a glob), and the VMs on them */
  readonly hostPattern?: string;
  /** for the summary's count; null when management did not list them */
  readonly migrations?: ReadonlyArray<Pick<MigrationSummary, "outcome">> | null;
}

/** A summary instead of host and VM rows: past SUMMARIZE_ABOVE hosts, unless every row or some hosts were asked for. */
export function summarizes(s: ClusterStatus, layout: StatusLayout): boolean {
  return !layout.all && layout.hostPattern === undefined && s.hosts.length > SUMMARIZE_ABOVE;
}

export function printStatus(
  natsUrl: string,
  s: ClusterStatus,
  pids: Readonly<Record<string, number>>,
  nats: { readonly nodes: readonly NatsNodeView[]; readonly placement: LogPlacement | null; readonly dashboardUrl?: string | null; readonly vsphereApi?: string },
  layout: StatusLayout = {},
): void {
  const mgmt = s.management.follower;
  const applied = mgmt.state === "live" ? `applied ${s.seq}` : `applied ${s.seq}, ${followerText(mgmt)}`;
  const snapshot = s.management.snapshot ? `; newest snapshot at sequence ${s.management.snapshot.seq}` : "";
  console.log(`NATS ${natsUrl}; event log at sequence ${s.logSeq ?? "? (the stream did not answer)"}; management pid ${s.management.pid} ${applied}${snapshot}`);
  if (nats.dashboardUrl) console.log(`Dashboard ${nats.dashboardUrl}`);
  if (nats.vsphereApi) console.log(`vSphere API ${nats.vsphereApi}`);
  console.log();
  printNats(nats.nodes, nats.placement);
  const summary = summarizes(s, layout);
  const match = layout.hostPattern === undefined ? null : hostMatcher(layout.hostPattern);
  const hosts = match ? s.hosts.filter((h) => match(h.name)) : s.hosts;
  if (summary) console.log(formatHostsSummary(summarizeHosts(s), { vms: s.vms.length, migrations: layout.migrations ?? null }, pids));
  else if (match && hosts.length === 0) console.log(`no host matches ${layout.hostPattern} (of ${s.hosts.length})`);
  else console.log(hostTable(hosts, pids));
  console.log();
  console.log(
    table(
      ["Distributed switch", "Uplinks", "MTU", "Ports used", "Hosts", "Port groups"],
      s.switches.map((sw) => [
        sw.name,
        sw.uplinks.length,
        sw.mtu,
        `${sw.portsUsed}/${sw.maxPorts}`,
        summary ? `${sw.hosts.length} hosts` : sw.hosts.map((h) => h.host).join(",") || "-",
        sw.portGroups.join(",") || "-",
      ]),
    ),
  );
  console.log();
  printQuarantined(s.quarantined, mgmt.quarantined);
  console.log(
    table(
      ["Port group", "Switch", "Key", "VLAN", "Ports in use", "Blocked"],
      s.portGroups.map((pg) => [pg.name, pg.vds, pg.key, pg.vlan, `${pg.portsInUse}/${pg.ports}`, String(pg.policy.blocked)]),
    ),
  );
  if (summary) return;
  const shown = new Set(hosts.map((h) => h.name));
  console.log();
  console.log(
    table(
      ["VM", "Host", "Networks"],
      s.vms
        .filter((vm) => !match || shown.has(vm.host))
        .map((vm) => [vm.name, vm.host, vm.nics.map((n) => `${n.portgroup} (${n.mac}${n.portKey === undefined ? "" : `, dvPort ${n.portKey}`})`).join("; ")]),
    ),
  );
}

function followerText(f: FollowerReport): string {
  if (f.state === "failed") return `not following the log${f.failure ? ` (${f.failure})` : ""}`;
  return f.state === "live" ? "following the log" : f.state;
}

/** The messages every follower skipped: no writer could have written them. */
export function printQuarantined(quarantined: readonly QuarantinedMessage[], count: number): void {
  if (count === 0) return;
  console.log(`Quarantined: ${count} message(s) in the log that no writer could have written, skipped by every follower (vdsim check names them)`);
  console.log(table(["Seq", "Subject", "Reason"], quarantined.map((q) => [q.seq, q.subject, q.reason])));
  console.log();
}
