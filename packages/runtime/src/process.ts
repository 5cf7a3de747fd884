import { readFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";

/** true while a process with this pid exists and is not a zombie waiting to be reaped. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return true;
  }
}

/** Thrown from a waitFor check to stop waiting at once: the condition can no longer come true. */
export class WaitAborted extends Error {
  override readonly name = "WaitAborted";
}

/**
 * Polls `check` until it returns a value other than undefined, or fails after `timeoutMs`
 * naming `what`. A check that throws is retried, unless it throws WaitAborted.
 */
export async function waitFor<T>(what: string, check: () => T | undefined | Promise<T | undefined>, timeoutMs = 15_000, intervalMs = 25): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined) return v;
    } catch (err) {
      if (err instanceof WaitAborted) throw err;
      lastError = err;
    }
    if (Date.now() > deadline) {
      const why = lastError instanceof Error ? `: ${lastError.message}` : "";
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${why}`);
    }
    await sleep(intervalMs);
  }
}

/** Sends `signal`, then SIGKILL after `graceMs`; resolves once the process is gone. */
export async function stopProcess(pid: number, signal: NodeJS.Signals = "SIGTERM", graceMs = 5_000): Promise<void> {
  if (!isAlive(pid)) return;
  try {
    process.kill(pid, signal);
  } catch {
    return;
  }
  try {
    await waitFor(`process ${pid} to exit`, () => (isAlive(pid) ? undefined : true), graceMs);
  } catch {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      return;
    }
    await waitFor(`process ${pid} to exit after SIGKILL`, () => (isAlive(pid) ? undefined : true), 5_000);
  }
}

/** Runs `dispose` once on SIGTERM or SIGINT, then exits. */
export function onShutdown(dispose: () => Promise<void>): void {
  let stopping = false;
  const handler = (): void => {
    if (stopping) return;
    stopping = true;
    dispose().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on("SIGTERM", handler);
  process.on("SIGINT", handler);
}
