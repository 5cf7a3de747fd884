import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startNatsServer, type NatsServerHandle } from "@vdsim/runtime";
import type { Cleanup } from "./cleanup.js";

/**
 * A nats-server of a benchmark's own, in a temp dir: `stop` stops it and removes the dir, and
 * the cleanup does both on a failure or a signal, also during start-up.
 */
export async function scratchNatsServer(cleanup: Cleanup, label: string): Promise<{ readonly server: NatsServerHandle; readonly stop: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), `vdsim-bench-${label}-`));
  const removeDir = cleanup.add(`${label} temp dir`, () => rmSync(dir, { recursive: true, force: true }));
  // registered before it is up, so a signal during start-up still stops it
  const starting = startNatsServer({ dir, name: `bench-${label}` });
  const stopServer = cleanup.add(`${label} nats-server`, async () => (await starting.catch(() => undefined))?.stop());
  const server = await starting;
  return {
    server,
    stop: async () => {
      await stopServer();
      await removeDir();
    },
  };
}
