import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stopProcess } from "@vdsim/runtime";
import { VdsimClient } from "../client.js";
import { natsAccess, readClusterRecord, type ClusterRecord } from "./files.js";
import { down, restartHost, up } from "./launcher.js";

export interface StartClusterOptions {
  readonly hosts: number;
  /** run this many nats-servers clustered on loopback (event log replicas 3) instead of one */
  readonly natsCluster?: number;
  /** join this NATS server or cluster (comma-separated URLs) instead of starting one */
  readonly nats?: string;
  /** JetStream replicas of the event stream when it is created */
  readonly replicas?: number;
  /** default: a new temporary directory, removed on dispose */
  readonly stateDir?: string;
}

/** A running cluster of real processes, for tests and scripts: `await using cluster = await startCluster({ hosts: 3 })`. */
export interface ClusterHandle extends AsyncDisposable {
  readonly stateDir: string;
  readonly natsUrl: string;
  readonly client: VdsimClient;
  record(): ClusterRecord;
  hostPid(host: string): number;
  /** sends a signal to a host agent (default SIGKILL) and waits for it to be gone */
  killHost(host: string, signal?: NodeJS.Signals): Promise<void>;
  /** starts a host agent again (after a kill, or stopping it first) and waits until it caught up */
  restartHost(host: string): Promise<number>;
  down(): Promise<void>;
}

export async function startCluster(options: StartClusterOptions): Promise<ClusterHandle> {
  const ownDir = options.stateDir === undefined;
  const stateDir = options.stateDir ?? mkdtempSync(join(tmpdir(), "vdsim-cluster-"));
  const started = await up({
    stateDir,
    hosts: options.hosts,
    ...(options.natsCluster === undefined ? {} : { natsCluster: options.natsCluster }),
    ...(options.nats === undefined ? {} : { nats: options.nats }),
    ...(options.replicas === undefined ? {} : { replicas: options.replicas }),
  });
  const client = await VdsimClient.connect({ ...natsAccess(started), name: "vdsim-cluster-handle" });
  const record = (): ClusterRecord => readClusterRecord(stateDir) ?? started;
  let isDown = false;
  const handle: ClusterHandle = {
    stateDir,
    natsUrl: started.natsUrl,
    client,
    record,
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

