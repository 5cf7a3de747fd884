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
  /** NATS credentials file and TLS CA that `up` was given (paths), for every later command */
  readonly natsCreds?: string;
  readonly natsCa?: string;
  readonly managementPid: number;
  readonly hosts: Readonly<Record<string, number>>;
  /** the NATS URL(s) each host agent connects through when `up` was given a proxy per host */
  readonly hostNats?: Readonly<Record<string, string>>;
  /** the web dashboard `up` started (absent in records written before it existed, null with --no-dashboard) */
  readonly dashboard?: { readonly pid: number; readonly url: string } | null;
  /** bugs planted on purpose (tests only), as specs; every restarted process plants its own again */
  readonly plantedBugs?: readonly string[];
  readonly startedAt: string;
}

/** --state-dir, else VDSIM_STATE_DIR, else ./.vdsim */
export function resolveStateDir(flag?: string): string {
  return resolve(flag ?? process.env.VDSIM_STATE_DIR ?? ".vdsim");
}

export const stateLayout = (dir: string) => ({
  record: join(dir, "cluster.json"),
  /** where the dashboard writes the URL it listens on */
  dashboardUrl: join(dir, "dashboard.url"),
  logs: join(dir, "logs"),
  nats: join(dir, "nats"),
  hostData: (host: string) => join(dir, "hosts", host),
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

/** The NATS settings every process and command of a recorded cluster connects with. */
export function natsAccess(record: Pick<ClusterRecord, "natsUrl" | "natsCreds" | "natsCa">): NatsAccess {
  return {
    servers: record.natsUrl,
    ...(record.natsCreds === undefined ? {} : { credsFile: record.natsCreds }),
    ...(record.natsCa === undefined ? {} : { caFile: record.natsCa }),
  };
}

export function hostName(i: number): string {
  return `esx-${String(i).padStart(2, "0")}`;
}
