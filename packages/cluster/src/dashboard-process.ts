import { readFileSync, rmSync } from "node:fs";
import { stateLayout, type NatsAccess } from "./files.js";
import { natsEnv, spawnService, waitReady } from "./spawn.js";

/**
 * Starts the dashboard service on a free loopback port (`onSpawn` gets its pid at once) and
 * resolves once it answers, with the URL it wrote to the state dir.
 */
export async function startDashboard(
  stateDir: string,
  access: NatsAccess,
  timeoutMs: number,
  onSpawn: (pid: number) => void = () => undefined,
): Promise<{ pid: number; url: string }> {
  const layout = stateLayout(stateDir);
  rmSync(layout.dashboardUrl, { force: true });
  const pid = spawnService(
    "dashboard",
    { ...natsEnv(access), VDSIM_DASHBOARD_PORT: "0", VDSIM_DASHBOARD_HOST: "127.0.0.1", VDSIM_DASHBOARD_URL_FILE: layout.dashboardUrl },
    layout.log("dashboard"),
  );
  onSpawn(pid);
  const url = await waitReady("dashboard", pid, layout.log("dashboard"), timeoutMs, async () => {
    const written = readUrl(layout.dashboardUrl);
    if (written === undefined) return undefined;
    const res = await fetch(new URL("api/health", written), { signal: AbortSignal.timeout(2_000) });
    return res.ok ? written : undefined;
  });
  return { pid, url };
}

function readUrl(file: string): string | undefined {
  try {
    const url = readFileSync(file, "utf8").trim();
    return url === "" ? undefined : url;
  } catch {
    return undefined;
  }
}
