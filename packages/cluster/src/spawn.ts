import { spawn } from "node:child_process";
import { closeSync, existsSync, openSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { WaitAborted, isAlive, plantBugArgs, waitFor, type PlantedBug } from "@vdsim/runtime";

// The services this package starts, each by the entry its package exports as "./main". They are
// this package's declared dependencies (package.json, tsconfig references), so they are installed
// and built before it. They run as child processes: their entry file is resolved, never imported.
const SERVICE_MAIN = {
  management: "@vdsim/management/main",
  "host-agent": "@vdsim/host-agent/main",
  dashboard: "@vdsim/dashboard/main",
} as const;

// FOR TESTS ONLY: the same services with bugs planted in them, started only when a test asks.
const SERVICE_MAIN_WITH_PLANTED_BUGS = {
  management: "@vdsim/management/testing/main-with-planted-bugs",
  "host-agent": "@vdsim/host-agent/testing/main-with-planted-bugs",
} as const;

export type ServiceKind = keyof typeof SERVICE_MAIN;

/**
 * Starts a service as a detached background process logging to `logFile`; returns its pid.
 * With `plantedBugs` (tests only) it is the service's test-only entry, handed them as flags.
 */
export function spawnService(kind: ServiceKind, env: Record<string, string>, logFile: string, plantedBugs: readonly PlantedBug[] = []): number {
  const [entry, args] = plantedBugs.length === 0 ? [SERVICE_MAIN[kind], []] : [testingMain(kind), plantBugArgs(plantedBugs)];
  const main = fileURLToPath(import.meta.resolve(entry));
  const log = openSync(logFile, "a");
  const child = spawn(process.execPath, [main, ...args], {
    detached: true,
    stdio: ["ignore", log, log],
    env: { ...process.env, ...env },
  });
  closeSync(log);
  child.unref();
  if (child.pid === undefined) throw new Error(`could not start the ${kind} process`);
  return child.pid;
}

function testingMain(kind: ServiceKind): string {
  if (kind === "dashboard") throw new Error("the dashboard has no planted bugs");
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

function tail(file: string, lines = 10): string {
  if (!existsSync(file)) return "(no log)";
  return readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
}
