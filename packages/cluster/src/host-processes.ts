import { VdsimClient } from "@vdsim/client";
import { WaitAborted, isAlive, waitFor } from "@vdsim/runtime";
import { stateLayout, type ClusterRecord, type NatsAccess } from "./files.js";
import { plantedIn } from "./planted.js";
import { natsEnv, spawnService, tail } from "./spawn.js";
import type { PlantedBug } from "@vdsim/runtime";

/** At most this many simulated hosts in a cluster: a VDS spans up to 2,000 hosts. */
export const MAX_HOSTS = 2_000;
/** At most this many in one process (the host agent's own limit). */
export const MAX_HOSTS_PER_PROCESS = 500;

/** One host-agent process: one host (named after it), or a rack of several (rack-01, rack-02, ...). */
export interface HostProcess {
  readonly name: string;
  readonly hosts: readonly string[];
}

/** The hosts grouped `perProcess` to a process, in order: one host alone is its own process, as before racks. */
export function hostProcesses(hosts: readonly string[], perProcess: number): HostProcess[] {
  if (perProcess === 1) return hosts.map((h) => ({ name: h, hosts: [h] }));
  const racks: HostProcess[] = [];
  for (let i = 0; i < hosts.length; i += perProcess) {
    racks.push({ name: `rack-${String(racks.length + 1).padStart(2, "0")}`, hosts: hosts.slice(i, i + perProcess) });
  }
  return racks;
}

/** A process of several hosts (or one named otherwise than its host), which connects as its rack's user. */
export function isRack(p: HostProcess): boolean {
  return p.hosts.length > 1 || p.name !== p.hosts[0];
}

/** The racks among `processes`, by name with their hosts; undefined with a process per host. */
export function racksOf(processes: readonly HostProcess[]): Record<string, readonly string[]> | undefined {
  const racks = processes.filter(isRack);
  return racks.length === 0 ? undefined : Object.fromEntries(racks.map((r) => [r.name, r.hosts]));
}

/** The processes a record's hosts run in: its racks, and each host not in one alone. */
export function recordedHostProcesses(record: Pick<ClusterRecord, "hosts" | "racks">): HostProcess[] {
  const racks = Object.entries(record.racks ?? {}).map(([name, hosts]) => ({ name, hosts }));
  const inRack = new Set(racks.flatMap((r) => r.hosts));
  return [...racks, ...Object.keys(record.hosts).filter((h) => !inRack.has(h)).map((h) => ({ name: h, hosts: [h] }))];
}

/** The process that runs `host`: restarting or killing it is restarting or killing all of its hosts. */
export function processOfHost(record: Pick<ClusterRecord, "hosts" | "racks">, host: string): HostProcess | undefined {
  return recordedHostProcesses(record).find((p) => p.hosts.includes(host));
}

/** Checks --hosts and --hosts-per-process, naming what is wrong. */
export function validHostCounts(hosts: number, perProcess: number): void {
  if (!Number.isInteger(hosts) || hosts < 0 || hosts > MAX_HOSTS) throw new Error(`invalid --hosts ${hosts}: expected 0-${MAX_HOSTS}`);
  if (!Number.isInteger(perProcess) || perProcess < 1 || perProcess > MAX_HOSTS_PER_PROCESS) {
    throw new Error(`invalid --hosts-per-process ${perProcess}: expected 1-${MAX_HOSTS_PER_PROCESS}`);
  }
}

/**
 * Starts one host-agent process for `proc`'s hosts; returns its pid. `viaNats`: the URL(s) it
 * reaches NATS through instead of the cluster's own (a proxy); `plantedBugs`: the cluster's, tests only.
 */
export function spawnHostProcess(
  stateDir: string,
  access: NatsAccess,
  proc: HostProcess,
  { viaNats, plantedBugs }: { readonly viaNats: string | undefined; readonly plantedBugs: readonly string[] | undefined },
): number {
  const layout = stateLayout(stateDir);
  const nats = viaNats === undefined ? natsEnv(access) : { ...natsEnv({ ...access, servers: viaNats }), VDSIM_NATS_IGNORE_DISCOVERED: "1" };
  const [first] = proc.hosts;
  const hosts: Record<string, string> =
    proc.hosts.length === 1 && first !== undefined
      ? { VDSIM_HOST: first, VDSIM_HOST_DATA_DIR: layout.hostData(first) }
      : { VDSIM_HOSTS: proc.hosts.join(","), VDSIM_HOSTS_DATA_ROOT: layout.hostsData };
  const bugs: PlantedBug[] = [...new Map(proc.hosts.flatMap((host) => plantedIn(plantedBugs, { host })).map((b) => [JSON.stringify(b), b])).values()];
  return spawnService("host-agent", { ...nats, ...hosts }, layout.log(proc.name), bugs);
}

/**
 * Waits until every host in `hosts` runs in its process (the pid given) and has caught up with
 * the log: one look at the cluster's status for all of them, however many (every 100 ms; 500 ms for more than 50). Fails at
 * once, with the end of its log, when a process exits.
 */
export async function waitHostsReady(
  client: VdsimClient,
  stateDir: string,
  hosts: ReadonlyArray<{ readonly host: string; readonly pid: number; readonly process: string }>,
  timeoutMs: number,
): Promise<void> {
  if (hosts.length === 0) return;
  // the log's own end, not what the management service applied: "caught up" means with the log
  const target = await (await client.eventStore()).lastSeq();
  const layout = stateLayout(stateDir);
  let waiting = [...hosts];
  await waitFor(
    waiting.length === 1 ? `host agent ${waiting[0]!.host} to report ready` : `${hosts.length} host agents to report ready`,
    async () => {
      for (const { process, pid } of waiting) {
        if (!isAlive(pid)) throw new WaitAborted(`host agent ${process} (pid ${pid}) exited during start-up; its log ends:\n${tail(layout.log(process))}`);
      }
      const status = await client.status();
      const byName = new Map(status.hosts.map((h) => [h.name, h]));
      // a host is in the status once the management service folded its registration, which may
      // come after `target`: the agent must have folded it too, or it refuses its own commands
      // ("Host not found") while it catches up
      waiting = waiting.filter(({ host, pid }) => {
        const h = byName.get(host);
        return !(h?.pid === pid && h.status === "connected" && (h.appliedSeq ?? 0) >= Math.max(target, status.seq));
      });
      return waiting.length === 0 ? true : undefined;
    },
    timeoutMs,
    // the status of a thousand hosts is not free to build: many hosts are looked at less often
    hosts.length > 50 ? 500 : 100,
  ).catch((err: unknown) => {
    if (err instanceof WaitAborted || waiting.length === 0) throw err;
    const names = waiting.map((w) => w.host);
    const message = err instanceof Error ? err.message : String(err);
    throw new Error(`${message} (not ready: ${names.slice(0, 10).join(", ")}${names.length > 10 ? `, and ${names.length - 10} more` : ""})`, { cause: err });
  });
}
