import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stopProcess } from "@vdsim/runtime";
import { VdsimClient } from "@vdsim/client";
import { natsAccess, natsAccessAs, readClusterRecord, type ClusterRecord, type NatsAccess, type NatsUserName } from "./files.js";
import { down, recordedPids, restartHost, restartManagement, up } from "./launcher.js";

export interface StartClusterOptions {
  readonly hosts: number;
  /** simulated hosts per host-agent process (see UpOptions.hostsPerProcess; default 1) */
  readonly hostsPerProcess?: number;
  /** how long `up` waits for every process to report ready (default 30 s, longer for many hosts) */
  readonly readyTimeoutMs?: number;
  /** run this many nats-servers clustered on loopback (event log replicas 3) instead of one */
  readonly natsCluster?: number;
  /** join this NATS server or cluster (comma-separated URLs) instead of starting one */
  readonly nats?: string;
  /** with `nats`: the credentials file every process connects with (see UpOptions.natsCreds) */
  readonly natsCreds?: string;
  /** JetStream replicas of the event stream when it is created */
  readonly replicas?: number;
  /** the management service writes a snapshot every this many events (0: only when asked) */
  readonly snapshotEvery?: number;
  /** default: a new temporary directory, removed on dispose */
  readonly stateDir?: string;
  /** start the web dashboard too (default false: tests and benchmarks that want it ask for it) */
  readonly dashboard?: boolean;
  /** the NATS URL(s) each host agent connects through (see UpOptions.hostNats) */
  readonly hostNats?: (host: string, natsUrl: string) => string | Promise<string>;
  /** FOR TESTS ONLY: bugs to plant, e.g. "skip-source-release@esx-01" (see UpOptions.plantedBugs) */
  readonly plantedBugs?: readonly string[];
}

/** A running cluster of real processes, for tests and scripts: `await using cluster = await startCluster({ hosts: 3 })`. */
export interface ClusterHandle extends AsyncDisposable {
  readonly stateDir: string;
  readonly natsUrl: string;
  /** the web dashboard's URL; null when started without it */
  readonly dashboardUrl: string | null;
  /** connected as the client role (requests and reading the log), like the CLI */
  readonly client: VdsimClient;
  record(): ClusterRecord;
  /**
   * where and as whom to connect: a role's own credentials ("admin" may do everything: nemeses
   * that rewrite the log or the network; default "client")
   */
  natsAccess(who?: NatsUserName): NatsAccess;
  hostPid(host: string): number;
  /** sends a signal to a host agent (default SIGKILL) and waits for it to be gone */
  killHost(host: string, signal?: NodeJS.Signals): Promise<void>;
  /** starts a host agent again (after a kill, or stopping it first) and waits until it caught up */
  restartHost(host: string): Promise<number>;
  /** SIGSTOP a host agent: it keeps its state but answers nothing and stops heartbeating (shown not responding after 3.5 s) */
  pauseHost(host: string): void;
  /** SIGCONT a paused host agent */
  resumeHost(host: string): void;
  /** kill -9 the management service */
  killManagement(): Promise<void>;
  pauseManagement(): void;
  resumeManagement(): void;
  /** every process of the cluster by name: each nats-server's name, "management", each host, "dashboard" */
  pids(): Readonly<Record<string, number>>;
  /** kill -9 any process by its name in `pids()`, and wait for it to be gone */
  kill(name: string): Promise<void>;
  /** SIGSTOP / SIGCONT any process by its name in `pids()` */
  pause(name: string): void;
  resume(name: string): void;
  /** starts a host agent or the management service again ("management"); NATS nodes are not restarted */
  restart(name: string): Promise<number>;
  /** starts the management service again (killing it first when it runs) and waits until it answers */
  restartManagement(): Promise<number>;
  down(): Promise<void>;
}

export async function startCluster(options: StartClusterOptions): Promise<ClusterHandle> {
  const ownDir = options.stateDir === undefined;
  const stateDir = options.stateDir ?? mkdtempSync(join(tmpdir(), "vdsim-cluster-"));
  const started = await up({
    stateDir,
    hosts: options.hosts,
    ...(options.hostsPerProcess === undefined ? {} : { hostsPerProcess: options.hostsPerProcess }),
    ...(options.readyTimeoutMs === undefined ? {} : { readyTimeoutMs: options.readyTimeoutMs }),
    dashboard: options.dashboard ?? false,
    // the vSphere API is for users' tools; tests that want it start it themselves
    vsphereApi: false,
    ...(options.natsCluster === undefined ? {} : { natsCluster: options.natsCluster }),
    ...(options.nats === undefined ? {} : { nats: options.nats }),
    ...(options.natsCreds === undefined ? {} : { natsCreds: options.natsCreds }),
    ...(options.replicas === undefined ? {} : { replicas: options.replicas }),
    ...(options.snapshotEvery === undefined ? {} : { snapshotEvery: options.snapshotEvery }),
    ...(options.hostNats === undefined ? {} : { hostNats: options.hostNats }),
    ...(options.plantedBugs === undefined ? {} : { plantedBugs: options.plantedBugs }),
  });
  const client = await VdsimClient.connect({ ...natsAccess(started), name: "vdsim-cluster-handle" });
  const record = (): ClusterRecord => readClusterRecord(stateDir) ?? started;
  let isDown = false;
  const pidOf = (name: string): number => {
    const pid = handle.pids()[name];
    if (pid === undefined) throw new Error(`no process "${name}" in this cluster (it has ${Object.keys(handle.pids()).join(", ")})`);
    return pid;
  };
  const handle: ClusterHandle = {
    stateDir,
    natsUrl: started.natsUrl,
    dashboardUrl: started.dashboard?.url ?? null,
    client,
    record,
    natsAccess: (who = "client") => natsAccessAs(record(), who),
    hostPid(host) {
      const pid = record().hosts[host];
      if (pid === undefined) throw new Error(`host "${host}" is not part of this cluster`);
      return pid;
    },
    async killHost(host, signal = "SIGKILL") {
      const pid = handle.hostPid(host);
      if (signal === "SIGKILL" || signal === "SIGTERM") await stopProcess(pid, signal);
      else process.kill(pid, signal);
    },
    restartHost: (host) => restartHost(stateDir, host, { kill: true }),
    pauseHost: (host) => process.kill(handle.hostPid(host), "SIGSTOP"),
    resumeHost: (host) => process.kill(handle.hostPid(host), "SIGCONT"),
    killManagement: () => stopProcess(record().managementPid, "SIGKILL"),
    pauseManagement: () => process.kill(record().managementPid, "SIGSTOP"),
    resumeManagement: () => process.kill(record().managementPid, "SIGCONT"),
    pids: () => Object.fromEntries(recordedPids(record()).map(({ what, pid }) => [what, pid])),
    kill: (name) => stopProcess(pidOf(name), "SIGKILL"),
    pause: (name) => process.kill(pidOf(name), "SIGSTOP"),
    resume: (name) => process.kill(pidOf(name), "SIGCONT"),
    async restart(name) {
      if (name === "management") return handle.restartManagement();
      if (record().hosts[name] !== undefined) return handle.restartHost(name);
      throw new Error(`"${name}" cannot be restarted: only host agents and the management service can (processes: ${Object.keys(handle.pids()).join(", ")})`);
    },
    restartManagement: () => restartManagement(stateDir, { kill: true }),
    async down() {
      if (isDown) return;
      isDown = true;
      await client.close().catch(() => undefined);
      await down(stateDir);
      if (ownDir) rmSync(stateDir, { recursive: true, force: true });
    },
    [Symbol.asyncDispose]: () => handle.down(),
  };
  return handle;
}

