import { spawn } from "node:child_process";
import { closeSync, existsSync, openSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { WaitAborted, isAlive, plantBugArgs, waitFor, type PlantedBug } from "@vdsim/runtime";
import type { NatsAccess } from "./files.js";

// The services this package starts, each by the entry its package exports as "./main". They are
// this package's declared dependencies (package.json, tsconfig references), so they are installed
// and built before it. They run as child processes: their entry file is resolved, never imported.
const SERVICE_MAIN = {
  management: "@vdsim/management/main",
  "host-agent": "@vdsim/host-agent/main",
  dashboard: "@vdsim/dashboard/main",
  "vsphere-api": "@vdsim/vsphere-api/main",
} as const;

// FOR TESTS ONLY: the same services with bugs planted in them, started only when a test asks.
const SERVICE_MAIN_WITH_PLANTED_BUGS = {
  management: "@vdsim/management/testing/main-with-planted-bugs",
  "host-agent": "@vdsim/host-agent/testing/main-with-planted-bugs",
} as const;

export type ServiceKind = keyof typeof SERVICE_MAIN;

/** What a service learns of NATS only from `env`, never from the process that starts it: its servers, its role's credentials, its CA. */
const NATS_ENV = ["NATS_URL", "NATS_CREDS", "NATS_CA"] as const;

/**
 * Starts a service as a detached background process logging to `logFile`; returns its pid.
 * NATS_URL, NATS_CREDS and NATS_CA come from `env` alone: the starter's own (an operator's admin
 * credentials, say) never reach a child, whose role is the one `env` gives it.
 * With `plantedBugs` (tests only) it is the service's test-only entry, handed them as flags.
 */
export function spawnService(kind: ServiceKind, env: Record<string, string>, logFile: string, plantedBugs: readonly PlantedBug[] = []): number {
  const [entry, args] = plantedBugs.length === 0 ? [SERVICE_MAIN[kind], []] : [testingMain(kind), plantBugArgs(plantedBugs)];
  const main = fileURLToPath(import.meta.resolve(entry));
  const log = openSync(logFile, "a");
  const child = spawn(process.execPath, [main, ...args], {
    detached: true,
    stdio: ["ignore", log, log],
    env: { ...inheritedEnv(), ...env },
  });
  closeSync(log);
  child.unref();
  if (child.pid === undefined) throw new Error(`could not start the ${kind} process`);
  return child.pid;
}

/** NATS_URL, NATS_CREDS and NATS_CA for a spawned process. */
export function natsEnv(access: NatsAccess): Record<string, string> {
  return {
    NATS_URL: access.servers,
    ...(access.credsFile === undefined ? {} : { NATS_CREDS: access.credsFile }),
    ...(access.caFile === undefined ? {} : { NATS_CA: access.caFile }),
  };
}

function inheritedEnv(): NodeJS.ProcessEnv {
  const inherited = { ...process.env };
  for (const name of NATS_ENV) delete inherited[name];
  return inherited;
}

function testingMain(kind: ServiceKind): string {
  if (kind === "dashboard" || kind === "vsphere-api") throw new Error(`the ${kind} service has no planted bugs`);
  return SERVICE_MAIN_WITH_PLANTED_BUGS[kind];
}

/** Waits until `ready` says so; fails at once, with the end of its log, if the process exits. */
export async function waitReady<T>(what: string, pid: number, logFile: string, timeoutMs: number, ready: () => Promise<T | undefined>): Promise<T> {
  return waitFor(
    `${what} to report ready`,
    async () => {
      if (!isAlive(pid)) throw new WaitAborted(`${what} (pid ${pid}) exited during start-up; its log ends:\n${tail(logFile)}`);
      return ready();
    },
    timeoutMs,
    50,
  );
}

/** The last lines of a process's log, for a message saying it died. */
export function tail(file: string, lines = 10): string {
  if (!existsSync(file)) return "(no log)";
  return readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
}
