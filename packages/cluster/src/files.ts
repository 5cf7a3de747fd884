import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

/** One nats-server that `vdsim up` started. */
export interface NatsNodeRecord {
  readonly name: string;
  readonly url: string;
  readonly pid: number;
}

/** What `vdsim up` records in the state dir so every later command can find the cluster. */
export interface ClusterRecord {
  /** every NATS client URL, comma-separated (the form NATS_URL takes) */
  readonly natsUrl: string;
  /** pid of the (first) nats-server that `up` started; null when it joined an existing server */
  readonly natsPid: number | null;
  /** every nats-server that `up` started (one, or each node of --nats-cluster); absent in older records */
  readonly natsNodes?: readonly NatsNodeRecord[];
  /** JetStream replicas of the event stream when `up` created it; absent means 1 */
  readonly replicas?: number;
  /** `up --snapshot-every`: how often the management service writes a snapshot; absent means its default */
  readonly snapshotEvery?: number;
  /**
   * the NATS credentials file every later command connects with (the client role's, when `up`
   * started NATS itself; else the file `up` was given), and the TLS CA (paths)
   */
  readonly natsCreds?: string;
  readonly natsCa?: string;
  /** each role's credentials file, when `up` started NATS with a user per role (absent when it joined a server) */
  readonly natsUsers?: NatsUserFiles;
  readonly managementPid: number;
  /** each host's process: several hosts share a pid when they run in one rack */
  readonly hosts: Readonly<Record<string, number>>;
  /** the racks (processes of several hosts, `up --hosts-per-process`) by name, with their hosts; absent with one host per process */
  readonly racks?: Readonly<Record<string, readonly string[]>>;
  /** the NATS URL(s) each host agent connects through when `up` was given a proxy per host */
  readonly hostNats?: Readonly<Record<string, string>>;
  /** the web dashboard `up` started (absent in records written before it existed, null with --no-dashboard) */
  readonly dashboard?: { readonly pid: number; readonly url: string } | null;
  /** the vSphere API service `up` started (absent in records written before it existed, null with --no-vsphere-api) */
  readonly vsphereApi?: VsphereApiRecord | null;
  /** bugs planted on purpose (tests only), as specs; every restarted process plants its own again */
  readonly plantedBugs?: readonly string[];
  readonly startedAt: string;
}

/** Where a vSphere client (pyVmomi, govc) finds the cluster's vCenter face. */
export interface VsphereApiRecord {
  readonly pid: number;
  /** https://127.0.0.1:PORT/sdk, a self-signed certificate */
  readonly url: string;
  readonly user: string;
  /** the generated password (mode 0600); null when VDSIM_VSPHERE_PASSWORD gave it */
  readonly passwordFile: string | null;
}

/** The nkey seed file of each role's NATS user (mode 0600, under <state dir>/creds). */
export interface NatsUserFiles {
  /** operators, and the chaos runner's nemeses: may do everything */
  readonly admin: string;
  readonly management: string;
  /** the CLI, the typed client, the dashboard: requests and reading the log */
  readonly client: string;
  /** each host agent's own (a rack's, shared by its hosts) */
  readonly hosts: Readonly<Record<string, string>>;
  /** the racks whose user each of their hosts connects as (absent with a user per host) */
  readonly racks?: Readonly<Record<string, readonly string[]>>;
}

/** --state-dir, else VDSIM_STATE_DIR, else ./.vdsim */
export function resolveStateDir(flag?: string): string {
  return resolve(flag ?? process.env.VDSIM_STATE_DIR ?? ".vdsim");
}

export const stateLayout = (dir: string) => ({
  record: join(dir, "cluster.json"),
  /** where the dashboard writes the URL it listens on */
  dashboardUrl: join(dir, "dashboard.url"),
  /** where the vSphere API writes the URL it listens on */
  vsphereUrl: join(dir, "vsphere-api.url"),
  /** its certificate, key and generated password */
  vsphere: join(dir, "vsphere-api"),
  vspherePassword: join(dir, "vsphere-api", "vsphere-api.password"),
  logs: join(dir, "logs"),
  nats: join(dir, "nats"),
  /** each role's NATS credentials */
  creds: join(dir, "creds"),
  hostData: (host: string) => join(dir, "hosts", host),
  /** the folder of every host's data folder (a rack's --data-root) */
  hostsData: join(dir, "hosts"),
  log: (name: string) => join(dir, "logs", `${name}.log`),
});

export function readClusterRecord(dir: string): ClusterRecord | undefined {
  try {
    return JSON.parse(readFileSync(stateLayout(dir).record, "utf8")) as ClusterRecord;
  } catch {
    return undefined;
  }
}

export function writeClusterRecord(dir: string, record: ClusterRecord | null): void {
  const file = stateLayout(dir).record;
  mkdirSync(dir, { recursive: true });
  if (record === null) {
    writeFileSync(file, "null");
    return;
  }
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, JSON.stringify(record, null, 2));
  renameSync(tmp, file);
}

/** The nats-servers a record says `up` started, also for records written before clusters. */
export function embeddedNats(record: ClusterRecord): NatsNodeRecord[] {
  if (record.natsNodes) return [...record.natsNodes];
  return record.natsPid === null ? [] : [{ name: "vdsim-nats", url: record.natsUrl, pid: record.natsPid }];
}

/** Where and how to connect to NATS: client URLs (comma-separated), credentials file, TLS CA. */
export interface NatsAccess {
  readonly servers: string;
  readonly credsFile?: string;
  readonly caFile?: string;
}

/** The NATS settings every command of a recorded cluster connects with (as the client role, when `up` made the users). */
export function natsAccess(record: Pick<ClusterRecord, "natsUrl" | "natsCreds" | "natsCa">): NatsAccess {
  return {
    servers: record.natsUrl,
    ...(record.natsCreds === undefined ? {} : { credsFile: record.natsCreds }),
    ...(record.natsCa === undefined ? {} : { caFile: record.natsCa }),
  };
}

/** Who connects: a role of natsUsers ("admin", "management", "client"), or a host agent by its host's name. */
export type NatsUserName = "admin" | "management" | "client" | { readonly host: string };

/**
 * The NATS settings a role connects to a recorded cluster with: its own credentials when `up`
 * made a user per role, else the cluster's one credentials file (a server `up` joined).
 */
export function natsAccessAs(record: Pick<ClusterRecord, "natsUrl" | "natsCreds" | "natsCa" | "natsUsers">, who: NatsUserName): NatsAccess {
  const access = natsAccess(record);
  const users = record.natsUsers;
  if (users === undefined) return access;
  const credsFile = typeof who === "string" ? users[who] : users.hosts[who.host];
  if (credsFile === undefined) throw new Error(`no NATS user for host "${typeof who === "string" ? who : who.host}" in this cluster`);
  return { ...access, credsFile };
}

export function hostName(i: number): string {
  return `esx-${String(i).padStart(2, "0")}`;
}
