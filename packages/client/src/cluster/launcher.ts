import { mkdirSync, rmSync } from "node:fs";
import { isAlive, startNatsServer, stopProcess } from "@vdsim/runtime";
import { VdsimClient } from "../client.js";
import { startDashboard } from "./dashboard-process.js";
import { hostName, readClusterRecord, stateLayout, writeClusterRecord, type ClusterRecord } from "./files.js";
import { spawnService, waitReady } from "./spawn.js";

export interface UpOptions {
  readonly stateDir: string;
  readonly hosts: number;
  /** join this NATS server instead of starting one */
  readonly nats?: string;
  /** how long to wait for every process to report ready */
  readonly readyTimeoutMs?: number;
  /** start the web dashboard too (default true) */
  readonly dashboard?: boolean;
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
  if (!Number.isInteger(options.hosts) || options.hosts < 0 || options.hosts > 99) {
    throw new Error(`invalid --hosts ${options.hosts}: expected 0-99`);
  }
  mkdirSync(layout.logs, { recursive: true });
  const timeoutMs = options.readyTimeoutMs ?? 30_000;
  let natsUrl = options.nats;
  let natsPid: number | null = null;
  if (natsUrl === undefined) {
    const server = await startNatsServer({ dir: layout.nats, detached: true, logFile: layout.log("nats-server") });
    natsUrl = server.url;
    natsPid = server.pid;
  }
  const started: number[] = natsPid === null ? [] : [natsPid];
  try {
    const client = await VdsimClient.connect({ servers: natsUrl, name: "vdsim-up" });
    try {
      const managementPid = spawnService("management", { NATS_URL: natsUrl }, layout.log("management"));
      started.push(managementPid);
      await waitReady("management service", managementPid, layout.log("management"), timeoutMs, async () =>
        (await client.ping(1_000)).pid === managementPid ? true : undefined,
      );
      const hosts: Record<string, number> = {};
      const names = Array.from({ length: options.hosts }, (_, i) => hostName(i + 1));
      for (const host of names) {
        hosts[host] = spawnHostAgent(stateDir, natsUrl, host);
        started.push(hosts[host]);
      }
      const dashboard = options.dashboard === false ? null : startDashboard(stateDir, natsUrl, timeoutMs, (pid) => started.push(pid));
      dashboard?.catch(() => undefined); // awaited below, after the hosts; not an unhandled rejection meanwhile
      await Promise.all(names.map((host) => waitHostReady(client, stateDir, host, hosts[host]!, timeoutMs)));
      const record: ClusterRecord = {
        natsUrl,
        natsPid,
        managementPid,
        hosts,
        dashboard: dashboard === null ? null : await dashboard,
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
  return [
    ...(record.natsPid === null ? [] : [{ what: "nats-server", pid: record.natsPid }]),
    { what: "management", pid: record.managementPid },
    ...Object.entries(record.hosts).map(([host, pid]) => ({ what: host, pid })),
    ...(record.dashboard ? [{ what: "dashboard", pid: record.dashboard.pid }] : []),
  ];
}

/** Stops every process `up` started (the dashboard, host agents, then management, then NATS). */
export async function down(stateDir: string): Promise<{ stopped: string[] }> {
  const record = readClusterRecord(stateDir);
  if (!record) return { stopped: [] };
  const stopped: string[] = [];
  if (record.dashboard) {
    if (isAlive(record.dashboard.pid)) stopped.push(`dashboard (pid ${record.dashboard.pid})`);
    await stopProcess(record.dashboard.pid);
    rmSync(stateLayout(stateDir).dashboardUrl, { force: true });
  }
  await Promise.all(
    Object.entries(record.hosts).map(async ([host, pid]) => {
      if (isAlive(pid)) stopped.push(`host agent ${host} (pid ${pid})`);
      await stopProcess(pid);
    }),
  );
  if (isAlive(record.managementPid)) stopped.push(`management service (pid ${record.managementPid})`);
  await stopProcess(record.managementPid);
  if (record.natsPid !== null) {
    if (isAlive(record.natsPid)) stopped.push(`nats-server (pid ${record.natsPid})`);
    await stopProcess(record.natsPid);
  }
  writeClusterRecord(stateDir, null);
  return { stopped };
}

/** Stops one host agent (SIGKILL when `kill`) and starts it again; resolves once it has caught up. */
export async function restartHost(stateDir: string, host: string, options: { kill?: boolean; timeoutMs?: number } = {}): Promise<number> {
  const record = readClusterRecord(stateDir);
  if (!record) throw new Error(`no cluster recorded in ${stateDir}: run "vdsim up" first`);
  const old = record.hosts[host];
  if (old === undefined) {
    throw new Error(`host "${host}" was not started by "vdsim up" in ${stateDir} (it started ${Object.keys(record.hosts).join(", ") || "none"})`);
  }
  await stopProcess(old, options.kill ? "SIGKILL" : "SIGTERM");
  const pid = spawnHostAgent(stateDir, record.natsUrl, host);
  writeClusterRecord(stateDir, { ...record, hosts: { ...record.hosts, [host]: pid } });
  const client = await VdsimClient.connect({ servers: record.natsUrl, name: "vdsim-restart" });
  try {
    await waitHostReady(client, stateDir, host, pid, options.timeoutMs ?? 30_000);
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
  const pid = spawnService("management", { NATS_URL: record.natsUrl }, layout.log("management"));
  writeClusterRecord(stateDir, { ...record, managementPid: pid });
  const client = await VdsimClient.connect({ servers: record.natsUrl, name: "vdsim-restart" });
  try {
    await waitReady("management service", pid, layout.log("management"), options.timeoutMs ?? 30_000, async () =>
      (await client.ping(1_000)).pid === pid ? true : undefined,
    );
  } finally {
    await client.close();
  }
  return pid;
}

function spawnHostAgent(stateDir: string, natsUrl: string, host: string): number {
  const layout = stateLayout(stateDir);
  return spawnService(
    "host-agent",
    { NATS_URL: natsUrl, VDSIM_HOST: host, VDSIM_HOST_DATA_DIR: layout.hostData(host) },
    layout.log(host),
  );
}

async function waitHostReady(client: VdsimClient, stateDir: string, host: string, pid: number, timeoutMs: number): Promise<void> {
  const target = (await client.ping()).seq;
  await waitReady(`host agent ${host}`, pid, stateLayout(stateDir).log(host), timeoutMs, async () => {
    const h = (await client.status()).hosts.find((s) => s.name === host);
    return h?.pid === pid && h.status === "connected" && (h.appliedSeq ?? 0) >= target ? true : undefined;
  });
}
