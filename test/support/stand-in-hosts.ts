import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { VdsimClient } from "@vdsim/client";
import { DashboardService } from "@vdsim/dashboard";
import { ManagementService } from "@vdsim/management";
import { Subjects, encodeBody, type Heartbeat } from "@vdsim/protocol";
import { connectNats, createLogger, startNatsServer, type NatsServerHandle } from "@vdsim/runtime";
import { artifactPath, launchChromium } from "./browser.js";

/**
 * Many hosts without a process each: the management and dashboard services are real, the hosts
 * are stand-ins that heartbeat every `beatMs` with the log's sequence as their applied one, and a
 * Chromium page is open beside them. `populate` builds the cluster, passing each result to `track`.
 */
export interface StandInDashboard {
  readonly client: VdsimClient;
  readonly dashboard: DashboardService;
  readonly page: Page;
  /** hosts that stop heartbeating while they are in it */
  readonly silent: Set<string>;
  /** the sequence every stand-in reports applied */
  readonly logSeq: number;
  /** moves `logSeq` on to a command's sequence */
  track(result: { readonly seq: number | null }): void;
  /** stops everything, with a screenshot of the page first */
  close(screenshot: string): Promise<void>;
}

export async function startStandInDashboard(
  name: string,
  hosts: readonly string[],
  beatMs: number,
  populate: (client: VdsimClient, track: (result: { readonly seq: number | null }) => void) => Promise<void>,
): Promise<StandInDashboard> {
  const log = createLogger(name);
  log.level = "warn";
  const dir = mkdtempSync(join(tmpdir(), `vdsim-${name}-`));
  const silent = new Set<string>();
  let logSeq = 0;
  let server: NatsServerHandle | undefined;
  let management: ManagementService | undefined;
  let client: VdsimClient | undefined;
  let dashboard: DashboardService | undefined;
  let browser: Browser | undefined;
  let page: Page | undefined;
  let beats: NodeJS.Timeout | undefined;
  const track = (r: { readonly seq: number | null }): void => void (logSeq = Math.max(logSeq, r.seq ?? 0));
  const close = async (screenshot: string): Promise<void> => {
    clearInterval(beats);
    await page?.screenshot({ path: artifactPath(screenshot) }).catch(() => undefined);
    await browser?.close();
    await dashboard?.[Symbol.asyncDispose]();
    await client?.close();
    await management?.[Symbol.asyncDispose]();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    server = await startNatsServer({ dir: join(dir, "nats") });
    management = await ManagementService.start(await connectNats({ servers: server.url, name: "mgmt" }), log);
    const c = await VdsimClient.connect({ servers: server.url, timeoutMs: 30_000 });
    client = c;
    const beat = (): void => {
      for (const host of hosts) {
        if (silent.has(host)) continue;
        const hb: Heartbeat = { host, pid: 1, startedAt: "", appliedSeq: logSeq, hash: "-", pnics: ["vmnic0", "vmnic1"] };
        c.nc.publish(Subjects.heartbeat(host), encodeBody(hb));
      }
    };
    beat();
    beats = setInterval(beat, beatMs);
    for (const h of hosts) track(await c.command({ type: "RegisterHost", host: h, pnics: ["vmnic0", "vmnic1"] }));
    await populate(c, track);
    beat();
    const d = await DashboardService.start(VdsimClient.over(await connectNats({ servers: server.url, name: "dashboard" })), log);
    dashboard = d;
    browser = await launchChromium();
    const p = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    page = p;
    return {
      client: c,
      dashboard: d,
      page: p,
      silent,
      get logSeq() {
        return logSeq;
      },
      track,
      close,
    };
  } catch (err) {
    await close(`${name}-failed-start.png`);
    throw err;
  }
}
