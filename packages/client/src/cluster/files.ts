import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

/** What `vdsim up` records in the state dir so every later command can find the cluster. */
export interface ClusterRecord {
  readonly natsUrl: string;
  /** pid of the nats-server that `up` started; null when it joined an existing server */
  readonly natsPid: number | null;
  readonly managementPid: number;
  readonly hosts: Readonly<Record<string, number>>;
  /** the web dashboard `up` started (absent in records written before it existed, null with --no-dashboard) */
  readonly dashboard?: { readonly pid: number; readonly url: string } | null;
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

export function hostName(i: number): string {
  return `esx-${String(i).padStart(2, "0")}`;
}
