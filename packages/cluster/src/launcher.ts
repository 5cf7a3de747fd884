import { mkdirSync, rmSync } from "node:fs";
import { resolve } from "node:path";
import { isAlive, stopProcess } from "@vdsim/runtime";
import { VdsimClient } from "@vdsim/client";
import { startDashboard } from "./dashboard-process.js";
import { startVsphereApi } from "./vsphere-process.js";
import { startEmbeddedNats } from "./embedded-nats.js";
import {
  embeddedNats,
  hostName,
  natsAccess,
  natsAccessAs,
  readClusterRecord,
  stateLayout,
  writeClusterRecord,
  type ClusterRecord,
  type NatsAccess,
  type NatsNodeRecord,
  type NatsUserFiles,
  type NatsUserName,
} from "./files.js";
import { plantedIn, validPlantedBugs } from "./planted.js";
import { natsEnv, spawnService, waitReady } from "./spawn.js";
import { hostProcesses, isRack, processOfHost, racksOf, recordedHostProcesses, spawnHostProcess, validHostCounts, waitHostsReady } from "./host-processes.js";

export interface UpOptions {
  readonly stateDir: string;
  readonly hosts: number;
  /**
   * simulated hosts per host-agent process (default 1: a process per host); more makes racks
   * (rack-01, rack-02, ...) that share a NATS connection and a read of the log, and are killed
   * and restarted together
   */
  readonly hostsPerProcess?: number;
  /** join this NATS server (or cluster: comma-separated URLs) instead of starting one */
  readonly nats?: string;
  /** start this many nats-servers clustered on loopback instead of one (3 or more; 1 means one server) */
  readonly natsCluster?: number;
  /** JetStream replicas of the event stream when it is created; default 3 on a cluster of 3 or more, else 1 */
  readonly replicas?: number;
  /** the management service writes a snapshot every this many events (0: only when asked; default its own, 1,000) */
  readonly snapshotEvery?: number;
  /**
   * credentials file and TLS CA for --nats, which every process then connects with (default
   * NATS_CREDS / NATS_CA). NATS that `up` starts itself has a user per role and needs neither.
   */
  readonly natsCreds?: string;
  readonly natsCa?: string;
  /** how long to wait for every process to report ready */
  readonly readyTimeoutMs?: number;
  /** start the web dashboard too (default true) */
  readonly dashboard?: boolean;
  /** start the vSphere API service too (default true) */
  readonly vsphereApi?: boolean;
  /** its HTTPS port on 127.0.0.1 (default 0: a free one) */
  readonly vspherePort?: number;
  /**
   * the NATS URL(s) a host agent connects to instead of the cluster's (a fault-injecting proxy in
   * front of NATS); recorded, so a restarted agent goes through it too. Such an agent ignores the
   * servers NATS advertises, which would bypass the proxy.
   */
  readonly hostNats?: (host: string, natsUrl: string) => string | Promise<string>;
  /** FOR TESTS ONLY: bugs to plant (see @vdsim/runtime's planted-bugs); recorded, so restarts plant them again */
  readonly plantedBugs?: readonly string[];
}

/**
 * Starts (or joins) NATS, then the management service, `hosts` host agents and the web
 * dashboard as background processes, and returns once each reports ready. Records pids in the state dir.
 */
export async function up(options: UpOptions): Promise<ClusterRecord> {
  const { stateDir } = options;
  const layout = stateLayout(stateDir);
  const running = readClusterRecord(stateDir);
  const alive = running ? recordedPids(running).filter(({ pid }) => isAlive(pid)) : [];
  if (alive.length > 0) {
    throw new Error(
      `a cluster is already running from ${stateDir} (${alive.map(({ what, pid }) => `${what} pid ${pid}`).join(", ")}): run "vdsim down" first`,
    );
  }
  validHostCounts(options.hosts, options.hostsPerProcess ?? 1);
  const clusterNodes = validClusterNodes(options);
  if (options.nats === undefined && options.natsCreds !== undefined) {
    throw new Error("--nats-creds is for joining a server with --nats: the NATS that `up` starts makes a user per role itself (see <state dir>/creds)");
  }
  const replicas = options.replicas ?? (clusterNodes === undefined ? undefined : 3);
  if (replicas !== undefined && (!Number.isInteger(replicas) || replicas < 1 || replicas > 5)) {
    throw new Error(`invalid --replicas ${replicas}: expected 1-5`);
  }
  if (clusterNodes !== undefined && replicas !== undefined && replicas > clusterNodes) {
    throw new Error(`--replicas ${replicas} needs at least ${replicas} NATS nodes, not ${clusterNodes}`);
  }
  if (options.snapshotEvery !== undefined && (!Number.isInteger(options.snapshotEvery) || options.snapshotEvery < 0)) {
    throw new Error(`invalid --snapshot-every ${options.snapshotEvery}: expected 0 (only when asked) or more events`);
  }
  const names = Array.from({ length: options.hosts }, (_, i) => hostName(i + 1));
  const processes = hostProcesses(names, options.hostsPerProcess ?? 1);
  const racks = racksOf(processes);
  const plantedBugs = validPlantedBugs(options.plantedBugs ?? [], names);
  mkdirSync(layout.logs, { recursive: true });
  const timeoutMs = options.readyTimeoutMs ?? 30_000;
  let natsUrl = options.nats;
  let natsNodes: readonly NatsNodeRecord[] = [];
  let natsUsers: NatsUserFiles | undefined;
  if (natsUrl === undefined) {
    const nats = await startEmbeddedNats(stateDir, clusterNodes, processes);
    natsUrl = nats.natsUrl;
    natsNodes = nats.nodes;
    natsUsers = nats.users;
  }
  const started: number[] = natsNodes.map((n) => n.pid);
  try {
    const creds = natsUsers?.client ?? options.natsCreds ?? process.env.NATS_CREDS;
    const ca = options.natsCa ?? (natsUsers === undefined ? process.env.NATS_CA : undefined);
    const auth = {
      ...(creds === undefined ? {} : { natsCreds: resolve(creds) }),
      ...(ca === undefined ? {} : { natsCa: resolve(ca) }),
      ...(natsUsers === undefined ? {} : { natsUsers }),
    };
    const as = (who: NatsUserName): NatsAccess => natsAccessAs({ natsUrl: natsUrl!, ...auth }, who);
    const client = await VdsimClient.connect({ ...as("client"), name: "vdsim-up" });
    try {
      const managementEnv = { ...natsEnv(as("management")), ...managementSettings({ replicas, snapshotEvery: options.snapshotEvery }) };
      const managementPid = spawnService("management", managementEnv, layout.log("management"), plantedIn(plantedBugs, "management"));
      started.push(managementPid);
      await waitReady("management service", managementPid, layout.log("management"), timeoutMs, async () =>
        (await client.ping(1_000)).pid === managementPid ? true : undefined,
      );
      const hosts: Record<string, number> = {};
      const hostNats: Record<string, string> = {};
      for (const proc of processes) {
        const [first] = proc.hosts;
        if (first === undefined) continue;
        // a rack has one connection, so one way to NATS: its first host's
        const via = options.hostNats ? await options.hostNats(first, natsUrl) : undefined;
        const pid = spawnHostProcess(stateDir, as({ host: first }), proc, { viaNats: via, plantedBugs });
        started.push(pid);
        for (const host of proc.hosts) {
          hosts[host] = pid;
          if (via !== undefined) hostNats[host] = via;
        }
      }
      const dashboard = options.dashboard === false ? null : startDashboard(stateDir, as("client"), timeoutMs, (pid) => started.push(pid));
      dashboard?.catch(() => undefined); // awaited below, after the hosts; not an unhandled rejection meanwhile
      const vsphereApi =
        options.vsphereApi === false ? null : startVsphereApi(stateDir, as("client"), { port: options.vspherePort ?? 0, timeoutMs }, (pid) => started.push(pid));
      vsphereApi?.catch(() => undefined); // awaited below, like the dashboard
      await waitHostsReady(client, stateDir, processes.flatMap((p) => p.hosts.map((host) => ({ host, pid: hosts[host] ?? 0, process: p.name }))), hostsTimeout(timeoutMs, names.length));
      const record: ClusterRecord = {
        natsUrl,
        natsPid: natsNodes[0]?.pid ?? null,
        ...(natsNodes.length > 0 ? { natsNodes } : {}),
        ...(replicas === undefined ? {} : { replicas }),
        ...(options.snapshotEvery === undefined ? {} : { snapshotEvery: options.snapshotEvery }),
        ...auth,
        managementPid,
        hosts,
        ...(racks === undefined ? {} : { racks }),
        ...(options.hostNats ? { hostNats } : {}),
        dashboard: dashboard === null ? null : await dashboard,
        vsphereApi: vsphereApi === null ? null : await vsphereApi,
        ...(plantedBugs.length > 0 ? { plantedBugs } : {}),
        startedAt: new Date().toISOString(),
      };
      writeClusterRecord(stateDir, record);
      return record;
    } finally {
      await client.close();
    }
  } catch (err) {
    await Promise.all(started.reverse().map((pid) => stopProcess(pid, "SIGKILL")));
    throw err;
  }
}

/** Every process a record names, described for messages. */
export function recordedPids(record: ClusterRecord): Array<{ what: string; pid: number }> {
  const nats = embeddedNats(record);
  return [
    ...nats.map((n) => ({ what: nats.length === 1 ? "nats-server" : n.name, pid: n.pid })),
    { what: "management", pid: record.managementPid },
    ...recordedHostProcesses(record).map((p) => ({ what: p.name, pid: record.hosts[p.hosts[0] ?? ""] ?? 0 })),
    ...(record.dashboard ? [{ what: "dashboard", pid: record.dashboard.pid }] : []),
    ...(record.vsphereApi ? [{ what: "vsphere-api", pid: record.vsphereApi.pid }] : []),
  ];
}

/** Stops every process `up` started (the dashboard, host agents, then management, then NATS), paused ones too. */
export async function down(stateDir: string): Promise<{ stopped: string[] }> {
  const record = readClusterRecord(stateDir);
  if (!record) return { stopped: [] };
  for (const { pid } of recordedPids(record)) resumeProcess(pid);
  const stopped: string[] = [];
  if (record.dashboard) {
    if (isAlive(record.dashboard.pid)) stopped.push(`dashboard (pid ${record.dashboard.pid})`);
    await stopProcess(record.dashboard.pid);
    rmSync(stateLayout(stateDir).dashboardUrl, { force: true });
  }
  if (record.vsphereApi) {
    if (isAlive(record.vsphereApi.pid)) stopped.push(`vSphere API (pid ${record.vsphereApi.pid})`);
    await stopProcess(record.vsphereApi.pid);
    rmSync(stateLayout(stateDir).vsphereUrl, { force: true });
  }
  await Promise.all(
    recordedHostProcesses(record).map(async (p) => {
      const pid = record.hosts[p.hosts[0] ?? ""];
      if (pid === undefined) return;
      if (isAlive(pid)) stopped.push(isRack(p) ? `${p.name} of ${describeHosts(p.hosts)} (pid ${pid})` : `host agent ${p.name} (pid ${pid})`);
      await stopProcess(pid);
    }),
  );
  if (isAlive(record.managementPid)) stopped.push(`management service (pid ${record.managementPid})`);
  await stopProcess(record.managementPid);
  await Promise.all(
    embeddedNats(record).map(async ({ name, pid }, _, all) => {
      if (isAlive(pid)) stopped.push(`nats-server ${all.length === 1 ? "" : `${name} `}(pid ${pid})`);
      await stopProcess(pid);
    }),
  );
  writeClusterRecord(stateDir, null);
  return { stopped };
}

/**
 * Stops one host agent's process (SIGKILL when `kill`) and starts it again; resolves once it has
 * caught up. In a rack that is every host of the rack: a rack restarts as one.
 */
export async function restartHost(stateDir: string, host: string, options: { kill?: boolean; timeoutMs?: number } = {}): Promise<number> {
  const record = readClusterRecord(stateDir);
  if (!record) throw new Error(`no cluster recorded in ${stateDir}: run "vdsim up" first`);
  const proc = processOfHost(record, host);
  const old = record.hosts[host];
  if (proc === undefined || old === undefined) {
    throw new Error(`host "${host}" was not started by "vdsim up" in ${stateDir} (it started ${describeHosts(Object.keys(record.hosts)) || "none"})`);
  }
  await stopProcess(old, options.kill ? "SIGKILL" : "SIGTERM");
  const pid = spawnHostProcess(stateDir, natsAccessAs(record, { host }), proc, { viaNats: record.hostNats?.[host], plantedBugs: record.plantedBugs });
  writeClusterRecord(stateDir, { ...record, hosts: { ...record.hosts, ...Object.fromEntries(proc.hosts.map((h) => [h, pid])) } });
  const client = await VdsimClient.connect({ ...natsAccess(record), name: "vdsim-restart" });
  try {
    await waitHostsReady(client, stateDir, proc.hosts.map((h) => ({ host: h, pid, process: proc.name })), options.timeoutMs ?? hostsTimeout(30_000, proc.hosts.length));
  } finally {
    await client.close();
  }
  return pid;
}

/** Stops the management service (SIGKILL when `kill`) and starts it again; resolves once it answers. */
export async function restartManagement(stateDir: string, options: { kill?: boolean; timeoutMs?: number } = {}): Promise<number> {
  const record = readClusterRecord(stateDir);
  if (!record) throw new Error(`no cluster recorded in ${stateDir}: run "vdsim up" first`);
  await stopProcess(record.managementPid, options.kill ? "SIGKILL" : "SIGTERM");
  const layout = stateLayout(stateDir);
  const access = natsAccess(record);
  const env = { ...natsEnv(natsAccessAs(record, "management")), ...managementSettings(record) };
  const pid = spawnService("management", env, layout.log("management"), plantedIn(record.plantedBugs, "management"));
  writeClusterRecord(stateDir, { ...record, managementPid: pid });
  const client = await VdsimClient.connect({ ...access, name: "vdsim-restart" });
  try {
    await waitReady("management service", pid, layout.log("management"), options.timeoutMs ?? 30_000, async () =>
      (await client.ping(1_000)).pid === pid ? true : undefined,
    );
  } finally {
    await client.close();
  }
  return pid;
}

/** SIGCONT: a paused (SIGSTOPped) process would hold SIGTERM until it runs again. */
function resumeProcess(pid: number): void {
  try {
    process.kill(pid, "SIGCONT");
  } catch {
    // gone already
  }
}

function validClusterNodes(options: UpOptions): number | undefined {
  const n = options.natsCluster;
  if (n === undefined || n === 1) return undefined;
  if (options.nats !== undefined) throw new Error("--nats-cluster starts NATS itself: leave out --nats");
  if (!Number.isInteger(n) || n < 3 || n > 7) throw new Error(`invalid --nats-cluster ${n}: expected 3-7 nodes (or 1 for one server)`);
  return n;
}

/** esx-01..esx-50 for a run of hosts, else the names. */
function describeHosts(hosts: readonly string[]): string {
  return hosts.length > 3 ? `${hosts[0]}..${hosts.at(-1)} (${hosts.length} hosts)` : hosts.join(", ");
}

/** A thousand hosts take longer to start than three: the wait grows with them (a bound, not a speed). */
function hostsTimeout(timeoutMs: number, hosts: number): number {
  return Math.max(timeoutMs, hosts * 200);
}

/** The management service's settings `up` was given, as the environment it reads them from. */
function managementSettings(settings: { readonly replicas?: number | undefined; readonly snapshotEvery?: number | undefined }): Record<string, string> {
  return {
    ...(settings.replicas === undefined ? {} : { VDSIM_REPLICAS: String(settings.replicas) }),
    ...(settings.snapshotEvery === undefined ? {} : { VDSIM_SNAPSHOT_EVERY: String(settings.snapshotEvery) }),
  };
}
