import { existsSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { ADMIN, CLIENT, MANAGEMENT, hostRole, rackRole, startNatsCluster, startNatsServer, writeRoleCredentials, type NatsRole, type NatsUser } from "@vdsim/runtime";
import { stateLayout, type ClusterRecord, type NatsNodeRecord, type NatsUserFiles } from "./files.js";
import { isRack, racksOf, type HostProcess } from "./host-processes.js";

/** Where `up` keeps each embedded server's JetStream store: `vdsim-nats` alone, `vdsim-nats-1..N` clustered. */
const SINGLE = "vdsim-nats";
const NODE_PREFIX = "vdsim-nats";

export interface EmbeddedNats {
  readonly nodes: readonly NatsNodeRecord[];
  /** every client URL, comma-separated */
  readonly natsUrl: string;
  /** the credentials file of each role's user: the servers accept no one else */
  readonly users: NatsUserFiles;
}

/**
 * Starts the NATS that `vdsim up` runs itself: one nats-server, or `clusterNodes` of them
 * clustered on loopback, accepting only a user per role (admin, management, client, one per
 * host), whose nkey seeds it writes under <state dir>/creds. Refuses a state dir whose event log was written by the other shape,
 * since its host snapshots would not match an empty log.
 */
export async function startEmbeddedNats(stateDir: string, clusterNodes: number | undefined, processes: readonly HostProcess[]): Promise<EmbeddedNats> {
  const layout = stateLayout(stateDir);
  const wanted = clusterNodes ?? 1;
  const existing = recordedTopology(layout.nats);
  if (existing !== undefined && existing !== wanted) {
    throw new Error(
      `${stateDir} holds an event log written by ${describe(existing)}; start it the same way (${flagFor(existing)}) or use another --state-dir`,
    );
  }
  const creds = writeRoleCredentials(layout.creds, [ADMIN, MANAGEMENT, CLIENT, ...processes.map(processRole)]);
  const fileOf = (i: number): string => creds[i]!.file;
  const racks = racksOf(processes);
  const users: NatsUserFiles = {
    admin: fileOf(0),
    management: fileOf(1),
    client: fileOf(2),
    hosts: Object.fromEntries(processes.flatMap((p, i) => p.hosts.map((h) => [h, fileOf(3 + i)]))),
    ...(racks === undefined ? {} : { racks }),
  };
  if (clusterNodes === undefined) {
    const server = await startNatsServer({ dir: layout.nats, name: SINGLE, detached: true, logFile: layout.log("nats-server"), users: creds });
    return { natsUrl: server.url, nodes: [{ name: server.name, url: server.url, pid: server.pid }], users };
  }
  const cluster = await startNatsCluster({
    dir: layout.nats,
    nodes: clusterNodes,
    prefix: NODE_PREFIX,
    detached: true,
    logFile: (node) => layout.log(node),
    users: creds,
  });
  return {
    natsUrl: cluster.urls.join(","),
    nodes: cluster.nodes.map((n) => ({ name: n.name, url: n.url, pid: n.pid })),
    users,
  };
}

/**
 * The users (public keys and roles) a recorded cluster's embedded NATS accepts, read from the
 * credentials `up` wrote: what a node started again (chaos's nats-kill) is given as its `users`.
 * Undefined when `up` joined a server it did not start.
 */
export function embeddedNatsUsers(record: Pick<ClusterRecord, "natsUsers">): NatsUser[] | undefined {
  const files = record.natsUsers;
  if (files === undefined) return undefined;
  const inRack = new Set(Object.values(files.racks ?? {}).flat());
  const roles = [
    ...Object.entries(files.racks ?? {}).map(([name, hosts]) => rackRole(name, hosts)),
    ...Object.keys(files.hosts).filter((h) => !inRack.has(h)).map(hostRole),
  ];
  return writeRoleCredentials(dirname(files.admin), [ADMIN, MANAGEMENT, CLIENT, ...roles]);
}

/** A process of one host connects as that host; a rack as its own user, with its hosts' permissions. */
function processRole(p: HostProcess): NatsRole {
  return isRack(p) ? rackRole(p.name, p.hosts) : hostRole(p.name);
}

/** How many nodes wrote the JetStream stores in this dir: 1 for a single server, undefined when none did. */
function recordedTopology(natsDir: string): number | undefined {
  const stores = join(natsDir, "jetstream");
  if (!existsSync(stores)) return undefined;
  const names = readdirSync(stores);
  if (names.includes(SINGLE)) return 1;
  const nodes = names.filter((n) => new RegExp(`^${NODE_PREFIX}-\\d+$`).test(n)).length;
  return nodes === 0 ? undefined : nodes;
}

function describe(nodes: number): string {
  return nodes === 1 ? "a single nats-server" : `a ${nodes}-node NATS cluster`;
}

function flagFor(nodes: number): string {
  return nodes === 1 ? "without --nats-cluster" : `--nats-cluster ${nodes}`;
}
