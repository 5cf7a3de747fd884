import { natsServersFromEnv, stopProcess } from "@vdsim/runtime";
import { VdsimClient } from "@vdsim/client";
import { readClusterRecord, resolveStateDir, type ClusterRecord } from "./files.js";
import { restartHost } from "./launcher.js";

/** How a command names the cluster it talks to; every field optional. */
export interface ClusterLocation {
  /** where `vdsim up` recorded the cluster (default $VDSIM_STATE_DIR, else ./.vdsim) */
  readonly stateDir?: string;
  /** NATS URL(s), comma-separated: talk to this cluster directly */
  readonly nats?: string;
  readonly natsCreds?: string;
  readonly natsCa?: string;
}

export interface LocatedCluster {
  readonly stateDir: string;
  readonly natsUrl: string;
  /**
   * credentials file and TLS CA: as given, else NATS_CREDS / NATS_CA, else what `up` recorded
   * (the client role's credentials, when `up` started NATS itself)
   */
  readonly credsFile: string | undefined;
  readonly caFile: string | undefined;
  /** what `vdsim up` recorded in the state dir, when the cluster was started from it */
  readonly record: ClusterRecord | undefined;
  /**
   * the admin role's credentials (may do everything: the chaos runner's nemeses), when `up`
   * started NATS with a user per role; connect with them as { ...cluster, credsFile: adminCredsFile }
   */
  readonly adminCredsFile: string | undefined;
}

/** No cluster where the location points: nothing recorded in the state dir, no --nats, no NATS_URL. */
export class ClusterNotFoundError extends Error {
  override readonly name = "ClusterNotFoundError";
}

/** The cluster a location names: `nats`, else the one recorded in the state dir, else NATS_URL. */
export function locateCluster(location: ClusterLocation = {}): LocatedCluster {
  const stateDir = resolveStateDir(location.stateDir);
  const record = readClusterRecord(stateDir) ?? undefined;
  const natsUrl = location.nats ?? record?.natsUrl ?? natsServersFromEnv()?.join(",");
  if (!natsUrl) throw new ClusterNotFoundError(`no running cluster found in ${stateDir}: run "vdsim up" first, or pass --nats URL`);
  const env = process.env;
  return {
    stateDir,
    natsUrl,
    credsFile: location.natsCreds ?? nonBlank(env.NATS_CREDS) ?? record?.natsCreds,
    caFile: location.natsCa ?? nonBlank(env.NATS_CA) ?? record?.natsCa,
    record,
    adminCredsFile: record?.natsUsers?.admin,
  };
}

function nonBlank(value: string | undefined): string | undefined {
  return value?.trim() ? value : undefined;
}

/** Connects a client to a located cluster. */
export function connectTo(cluster: LocatedCluster, name = "vdsim-client"): Promise<VdsimClient> {
  return VdsimClient.connect({
    servers: cluster.natsUrl,
    name,
    ...(cluster.credsFile === undefined ? {} : { credsFile: cluster.credsFile }),
    ...(cluster.caFile === undefined ? {} : { caFile: cluster.caFile }),
  });
}

/** A cluster `vdsim up` started, controlled through the pids it recorded: what a scenario needs to run on it. */
export interface AttachedCluster extends AsyncDisposable {
  readonly client: VdsimClient;
  readonly stateDir: string;
  killHost(host: string): Promise<void>;
  pauseHost(host: string): void;
  resumeHost(host: string): void;
  restartHost(host: string): Promise<number>;
}

/** Attaches to the cluster recorded in a state dir (not one reached by --nats alone: its processes are not ours to signal). */
export async function attachCluster(location: ClusterLocation = {}): Promise<AttachedCluster> {
  const located = locateCluster(location);
  const { stateDir } = located;
  if (!located.record) throw new ClusterNotFoundError(`no cluster recorded in ${stateDir}: attaching needs one that "vdsim up" started there`);
  const pid = (host: string): number => {
    const found = readClusterRecord(stateDir)?.hosts[host];
    if (found === undefined) throw new Error(`host "${host}" was not started by "vdsim up" in ${stateDir}`);
    return found;
  };
  const client = await connectTo(located, "vdsim-attached");
  return {
    client,
    stateDir,
    killHost: (host) => stopProcess(pid(host), "SIGKILL"),
    pauseHost: (host) => process.kill(pid(host), "SIGSTOP"),
    resumeHost: (host) => process.kill(pid(host), "SIGCONT"),
    restartHost: (host) => restartHost(stateDir, host, { kill: true }),
    [Symbol.asyncDispose]: () => client.close(),
  };
}
