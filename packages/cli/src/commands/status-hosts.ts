import type { ClusterStatus, HostStatus, MigrationSummary } from "@vdsim/client";
import { ago, table } from "../format.js";

/** Up to this many hosts `vdsim status` prints a row per host; beyond, a summary (unless --all). */
export const SUMMARIZE_ABOVE = 16;
/** How many of the hosts furthest behind the log the summary names. */
export const WORST_SHOWN = 5;

export interface HostsSummary {
  readonly total: number;
  readonly connected: number;
  readonly notResponding: number;
  /** connected, but their follow of the log is not live (catching up, failed, stopped) */
  readonly notFollowing: number;
  /** the lowest and highest applied sequence reported; null when no host reported one */
  readonly appliedRange: { readonly min: number; readonly max: number } | null;
  /** the sequence lag is measured against: the log's last, or management's when the stream did not answer */
  readonly logSeq: number;
  readonly behind: number;
  readonly neverHeard: number;
  readonly hashes: { readonly agree: number; readonly disagree: readonly string[]; readonly notCompared: number };
  /** the hosts furthest behind the log (never heard from counts as furthest), at most WORST_SHOWN */
  readonly worst: readonly HostStatus[];
}

export function summarizeHosts(s: ClusterStatus): HostsSummary {
  const logSeq = s.logSeq ?? s.seq;
  let connected = 0;
  let notFollowing = 0;
  let behind = 0;
  let neverHeard = 0;
  let agree = 0;
  let notCompared = 0;
  let min = Infinity;
  let max = -Infinity;
  const disagree: string[] = [];
  for (const h of s.hosts) {
    if (h.status === "connected") {
      connected++;
      if (h.follower && h.follower.state !== "live") notFollowing++;
    }
    if (h.appliedSeq === null) neverHeard++;
    else {
      min = Math.min(min, h.appliedSeq);
      max = Math.max(max, h.appliedSeq);
      if (h.appliedSeq < logSeq) behind++;
    }
    if (h.hashMatches === true) agree++;
    else if (h.hashMatches === false) disagree.push(h.name);
    else notCompared++;
  }
  const worst = [...s.hosts]
    .filter((h) => h.appliedSeq === null || h.appliedSeq < logSeq || h.status !== "connected")
    .sort((a, b) => lagOf(b, logSeq) - lagOf(a, logSeq) || (a.name < b.name ? -1 : 1))
    .slice(0, WORST_SHOWN);
  return {
    total: s.hosts.length,
    connected,
    notResponding: s.hosts.length - connected,
    notFollowing,
    appliedRange: min === Infinity ? null : { min, max },
    logSeq,
    behind,
    neverHeard,
    hashes: { agree, disagree, notCompared },
    worst,
  };
}

/** never heard from sorts as the furthest behind */
const lagOf = (h: HostStatus, logSeq: number): number => (h.appliedSeq === null ? Number.MAX_SAFE_INTEGER : logSeq - h.appliedSeq);

/** The lines `vdsim status` prints instead of one row per host. */
export function formatHostsSummary(sum: HostsSummary, counts: { readonly vms: number; readonly migrations: ReadonlyArray<Pick<MigrationSummary, "outcome">> | null }, pids: Readonly<Record<string, number>> = {}, now = Date.now()): string {
  const lines: string[] = [];
  const following = sum.notFollowing > 0 ? ` (${sum.notFollowing} of them not following the log)` : "";
  lines.push(`Hosts: ${sum.total}: ${sum.connected} connected${following}, ${sum.notResponding} not responding`);
  const range = sum.appliedRange ? (sum.appliedRange.min === sum.appliedRange.max ? `${sum.appliedRange.min}` : `${sum.appliedRange.min}..${sum.appliedRange.max}`) : "-";
  const never = sum.neverHeard > 0 ? `, ${sum.neverHeard} never heard from` : "";
  lines.push(`Applied sequence: ${range} (log at ${sum.logSeq}); ${sum.behind} behind the log${never}`);
  const named = sum.hashes.disagree.slice(0, WORST_SHOWN).join(", ");
  const more = sum.hashes.disagree.length > WORST_SHOWN ? ", ..." : "";
  const disagree = sum.hashes.disagree.length > 0 ? `${sum.hashes.disagree.length} disagree (${named}${more})` : "0 disagree";
  lines.push(`State hashes: ${sum.hashes.agree} agree with the management service, ${disagree}, ${sum.hashes.notCompared} not compared (at another sequence)`);
  lines.push(`VMs: ${counts.vms}; migrations: ${migrationsText(counts.migrations)}`);
  if (sum.worst.length > 0) {
    lines.push("", "Furthest behind:", hostTable(sum.worst, pids, now));
  }
  lines.push("", "Every host: vdsim status --all; some: vdsim status --host 'esx-1*'");
  return lines.join("\n");
}

function migrationsText(migrations: ReadonlyArray<Pick<MigrationSummary, "outcome">> | null): string {
  if (migrations === null) return "? (the management service did not list them)";
  const running = migrations.filter((m) => m.outcome === null).length;
  return `${running} running, ${migrations.length - running} ended`;
}

/** One row per host, as `vdsim status` prints for a small cluster. */
export function hostTable(hosts: readonly HostStatus[], pids: Readonly<Record<string, number>>, now = Date.now()): string {
  return table(
    ["Host", "Status", "Last heartbeat", "Applied seq", "Lag", "PID"],
    hosts.map((h) => [h.name, hostState(h), ago(h.lastHeartbeat, now), h.appliedSeq ?? "-", h.lag ?? "-", h.pid ?? pids[h.name] ?? "-"]),
  );
}

/** "connected", "not responding", or "connected, not following the log" when its follow failed. */
function hostState(h: HostStatus): string {
  if (h.status !== "connected") return "not responding";
  if (!h.follower || h.follower.state === "live") return "connected";
  if (h.follower.state === "failed") return `connected, not following the log${h.follower.failure ? ` (${h.follower.failure})` : ""}`;
  return `connected, ${h.follower.state}`;
}

/**
 * `--host PATTERN`: a glob over the whole host name (`*` any run, `?` one character),
 * e.g. esx-1* or esx-0?; without wildcards, one host by name.
 */
export function hostMatcher(pattern: string): (name: string) => boolean {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  const re = new RegExp(`^${source}$`);
  return (name) => re.test(name);
}
