import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { down, readClusterRecord, recordedPids } from "@vdsim/cluster";
import { isAlive, waitFor } from "@vdsim/runtime";

/** The bin npm links as `vdsim`: what `npx vdsim` runs. */
export const VDSIM_BIN = resolve(fileURLToPath(new URL("../../packages/cli/bin/vdsim.js", import.meta.url)));

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the real `vdsim` binary with `args` (its exit code, never a rejection); `timeoutMs` ends it with SIGTERM. */
export function runVdsim(args: readonly string[], options: { readonly timeoutMs?: number; readonly env?: NodeJS.ProcessEnv } = {}): Promise<CliResult> {
  return new Promise((done) => {
    execFile(process.execPath, [VDSIM_BIN, ...args], { timeout: options.timeoutMs ?? 90_000, killSignal: "SIGTERM", env: options.env ?? process.env }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === "number" ? err.code : 1) : 0;
      done({ code, stdout, stderr });
    });
  });
}

/** Runs the real `vdsim` binary against one state dir, the way a user would. */
export class Cli implements AsyncDisposable {
  readonly stateDir = mkdtempSync(join(tmpdir(), "vdsim-e2e-"));

  run(...args: string[]): Promise<CliResult> {
    return runVdsim(["--state-dir", this.stateDir, ...args]);
  }

  /** Runs and insists on success, showing the command's output when it fails. */
  async ok(...args: string[]): Promise<string> {
    const r = await this.run(...args);
    if (r.code !== 0) throw new Error(`vdsim ${args.join(" ")} exited ${r.code}\n${r.stdout}\n${r.stderr}`);
    return r.stdout;
  }

  /**
   * `status --json` once every host reports itself connected and caught up. A host that applies an
   * event not concerning it reports on its next periodic beat (1 s), not at once, so a status read
   * right after a change can show it one event behind for that long.
   */
  async caughtUpStatus<T extends { hosts: ReadonlyArray<{ status: string; lag: number }> }>(): Promise<T> {
    return waitFor("every host connected and caught up in vdsim status", async () => {
      const s = JSON.parse(await this.ok("status", "--json")) as T;
      return s.hosts.every((h) => h.status === "connected" && h.lag === 0) ? s : undefined;
    }, 30_000, 200);
  }

  /** Every pid the state dir records (each nats-server, management, host agents, dashboard). */
  pids(): number[] {
    const rec = readClusterRecord(this.stateDir);
    return rec ? recordedPids(rec).map(({ pid }) => pid) : [];
  }

  alive(): number[] {
    return this.pids().filter(isAlive);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await down(this.stateDir).catch(() => undefined);
    rmSync(this.stateDir, { recursive: true, force: true });
  }
}
