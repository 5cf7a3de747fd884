import { spawn } from "node:child_process";
import { closeSync, existsSync, openSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { WaitAborted, isAlive, waitFor } from "@vdsim/runtime";

// The services this package starts, each by the entry its package exports as "./main". They are
// this package's declared dependencies (package.json, tsconfig references), so they are installed
// and built before it. They run as child processes: their entry file is resolved, never imported.
const SERVICE_MAIN = {
  management: "@vdsim/management/main",
  "host-agent": "@vdsim/host-agent/main",
  dashboard: "@vdsim/dashboard/main",
} as const;

export type ServiceKind = keyof typeof SERVICE_MAIN;

/** Starts a service as a detached background process logging to `logFile`; returns its pid. */
export function spawnService(kind: ServiceKind, env: Record<string, string>, logFile: string): number {
  const main = fileURLToPath(import.meta.resolve(SERVICE_MAIN[kind]));
  const log = openSync(logFile, "a");
  const child = spawn(process.execPath, [main], {
    detached: true,
    stdio: ["ignore", log, log],
    env: { ...process.env, ...env },
  });
  closeSync(log);
  child.unref();
  if (child.pid === undefined) throw new Error(`could not start the ${kind} process`);
  return child.pid;
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
