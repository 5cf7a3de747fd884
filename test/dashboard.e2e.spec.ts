import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { VdsimClient } from "@vdsim/client";
import { natsAccess, readClusterRecord } from "@vdsim/cluster";
import { formatVlan } from "@vdsim/model";
import { stopProcess, waitFor } from "@vdsim/runtime";
import { artifactPath, launchChromium } from "./support/browser.js";
import { Cli } from "./support/cli.js";

const HOSTS = ["esx-01", "esx-02", "esx-03"];
// generous: other test suites may share the machine's two cores
const UI_TIMEOUT = 20_000;

/** "12 ms" or, on a busy machine, "1.23 s" */
const DURATION = String.raw`(\d+ ms|\d+\.\d+ s)`;
const sel = (testid: string, extra = ""): string => `[data-testid="${testid}"]${extra}`;

describe("the dashboard in headless Chromium, against a cluster of 3 hosts", () => {
  const cli = new Cli();
  let client: VdsimClient;
  let browser: Browser;
  let page: Page;
  let url: string;
  const pageErrors: string[] = [];

  const vlanOn = async (host: string, pg: string): Promise<string | undefined> => {
    const report = await client.hostState(host);
    const group = report.config.proxySwitches.flatMap((s) => s.portGroups).find((p) => p.name === pg);
    return group ? formatVlan(group.policy.vlan) : undefined;
  };

  /** The action result line, once the action has answered. */
  const actionResult = async (): Promise<string> => {
    const result = page.locator(sel("action-result", '[data-pending="false"]'));
    await result.waitFor({ timeout: UI_TIMEOUT });
    return (await result.textContent()) ?? "";
  };

  beforeAll(async () => {
    const out = await cli.ok("up", "--hosts", "3");
    const printed = /dashboard\s+(http:\/\/127\.0\.0\.1:\d+\/)/.exec(out)?.[1];
    expect(printed, out).toBeDefined();
    url = printed!;
    client = await VdsimClient.connect(natsAccess(readClusterRecord(cli.stateDir)!));
    await cli.ok("vds", "create", "dvs1", "--uplinks", "2");
    for (const h of HOSTS) await cli.ok("vds", "add-host", "dvs1", h, "--uplink", "vmnic1", "--wait");
    await cli.ok("vds", "portgroup", "add", "dvs1", "web", "--vlan", "10");
    for (const [i, h] of HOSTS.entries()) await cli.ok("vm", "create", `web-0${i + 1}`, "--host", h, "--network", "web");
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1500, height: 950 } });
    page.on("pageerror", (err) => pageErrors.push(err.message));
    page.on("console", (msg) => {
      // a refused action is an HTTP 4xx, which Chromium also logs as a failed resource
      if (msg.type() === "error" && !msg.text().startsWith("Failed to load resource")) pageErrors.push(msg.text());
    });
  }, 180_000);

  afterAll(async () => {
    await page?.screenshot({ path: artifactPath("dashboard.png") }).catch(() => undefined);
    await browser?.close();
    await client?.close();
    await cli[Symbol.asyncDispose]();
  });

  it("prints its URL from up, dashboard and status, and shows which VM runs on which host", async () => {
    expect((await cli.ok("dashboard", "--no-open")).trim()).toBe(url);
    expect(await cli.ok("status")).toContain(`Dashboard ${url}`);
    // the same status for one host, and every host's state hash agreeing with the management service's
    const hostRows = async (pattern: string): Promise<string[]> => (await cli.ok("status", "--host", pattern)).split("\n").filter((l) => /^esx-\d+ /.test(l));
    expect(await hostRows("esx-02")).toEqual([expect.stringMatching(/^esx-02 +connected /)]);
    expect(await hostRows("esx-0*")).toHaveLength(HOSTS.length);
    expect(await cli.ok("status", "--host", "esx-9*")).toContain("no host matches esx-9* (of 3)");
    await waitFor("every host's hash to agree with the management service's", async () => {
      const s = JSON.parse(await cli.ok("status", "--json")) as { hosts: Array<{ hashMatches: boolean | null }> };
      return s.hosts.length === HOSTS.length && s.hosts.every((h) => h.hashMatches === true) ? true : undefined;
    }, UI_TIMEOUT, 250);
    await page.goto(url);
    await page.locator(sel("connection")).filter({ hasText: "live" }).waitFor({ timeout: UI_TIMEOUT });
    for (const [i, h] of HOSTS.entries()) {
      const card = page.locator(sel(`host-${h}`));
      await card.locator(sel("host-status", '[data-status="connected"]')).waitFor({ timeout: UI_TIMEOUT });
      await card.locator(sel(`vm-web-0${i + 1}`)).waitFor({ timeout: UI_TIMEOUT });
      expect(await card.locator(sel("switch-vSwitch0")).count()).toBe(1);
      expect(await card.locator(sel("switch-dvs1")).locator(sel("pg-web")).locator(sel("pg-vlan")).textContent()).toBe("VLAN 10");
      expect(await card.locator('[data-testid^="vm-"]').count()).toBe(1);
    }
    expect(await page.locator(sel("migrations-empty")).isVisible()).toBe(true);
  });

  it("changes a port group from the page and sees each of the three hosts apply it, with its time", async () => {
    const form = page.locator(sel("pg-set-form"));
    await form.locator('select[name="portgroup"]').selectOption("dvs1/web");
    await form.locator('input[name="vlan"]').fill("30");
    await form.locator('select[name="allowPromiscuous"]').selectOption("true");
    await form.locator('button[type="submit"]').click();
    const result = await actionResult();
    const seq = Number(/^reconfigured port group web on dvs1 \(event (\d+)\)$/.exec(result)?.[1]);
    expect(seq, result).toBeGreaterThan(0);
    await page.locator(sel("latest-change", `[data-seq="${seq}"]`)).waitFor({ timeout: UI_TIMEOUT });
    for (const h of HOSTS) {
      await page.locator(sel(`prop-host-${h}`, '[data-state="applied"]')).waitFor({ timeout: UI_TIMEOUT });
      expect(await page.locator(sel(`prop-host-${h}`)).textContent()).toMatch(new RegExp(`^${h}${DURATION}$`));
      const badge = page.locator(sel(`host-${h}`)).locator(sel("host-apply", `[data-seq="${seq}"][data-state="applied"]`));
      expect(await badge.textContent()).toMatch(new RegExp(`^applied ${seq} in ${DURATION}$`));
      await page.locator(sel(`host-${h}`)).locator(sel("switch-dvs1")).locator(sel("pg-vlan")).filter({ hasText: "VLAN 30" }).waitFor({ timeout: UI_TIMEOUT });
      expect(await vlanOn(h, "web")).toBe("30");
    }
    expect(await page.locator(sel("latency-chart")).locator(sel("chart-change", `[data-seq="${seq}"]`)).count()).toBe(1);
  });

  it("shows a refused action with the same message the CLI prints", async () => {
    const form = page.locator(sel("pg-create-form"));
    await form.locator('input[name="portgroup"]').fill("web");
    await form.locator('button[type="submit"]').click();
    const shown = await actionResult();
    const cliSays = await cli.run("vds", "portgroup", "add", "dvs1", "web");
    expect(cliSays.code).toBe(1);
    expect(shown).toBe(cliSays.stderr.trim());
    expect(shown).toMatch(/^Error: .*"web" already exists/);
  });

  it("filters the live event log by VM and host, and shows an event's data on click", async () => {
    await page.locator(sel("filter-vm")).selectOption("web-02");
    const rows = page.locator(sel("event-row"));
    await rows.first().waitFor({ timeout: UI_TIMEOUT });
    expect(await rows.evaluateAll((els) => els.map((e) => e.getAttribute("data-type")))).toEqual(["VmCreated"]);
    await rows.first().click();
    expect(await page.locator(sel("event-data")).textContent()).toContain('"vm": "web-02"');
    await page.locator(sel("filter-vm")).selectOption("");
    await page.locator(sel("filter-host")).selectOption("esx-03");
    const types = await rows.evaluateAll((els) => els.map((e) => e.getAttribute("data-type")));
    expect(types).toContain("DistributedPortGroupPolicyChanged");
    expect(await page.locator(sel("event-row")).filter({ hasText: "web-01 on esx-01" }).count()).toBe(0);
    await page.locator(sel("filter-host")).selectOption("");
  });

  it("migrates a VM from its menu and sees it move to the other host, with the migration's result", async () => {
    for (const [i, h] of ["esx-01", "esx-02"].entries()) {
      await cli.ok("vicfg-vmknic", "--server", h, "-a", "-i", `192.168.50.${i + 1}`, "-n", "255.255.255.0", "VM Network");
      await cli.ok("vicfg-vmknic", "--server", h, "--enable-vmotion", "VM Network");
    }
    await page.locator(sel("vm-web-01")).first().click();
    const item = page.locator(sel("vm-menu")).locator(sel("migrate-to-esx-02"));
    expect(await item.isDisabled()).toBe(false);
    // the menu re-renders with every pushed update; dispatch the click rather than wait for it to hold still
    await item.dispatchEvent("click");
    expect(await actionResult()).toMatch(/^migration migration-[0-9a-f]+: web-01 -> esx-02$/);
    await page.locator(sel("host-esx-02")).locator(sel("vm-web-01")).first().waitFor({ timeout: UI_TIMEOUT });
    const row = page.locator(sel("migration", '[data-vm="web-01"]')).first();
    await row.filter({ hasText: "completed" }).waitFor({ timeout: UI_TIMEOUT });
    expect(await row.textContent()).toMatch(/switchover/);
    expect((await client.status()).vms.find((v) => v.name === "web-01")?.host).toBe("esx-02");
  });

  it("marks a host agent killed with kill -9 as not responding within a few seconds", async () => {
    const pid = readClusterRecord(cli.stateDir)!.hosts["esx-03"]!;
    const t0 = Date.now();
    await stopProcess(pid, "SIGKILL");
    await page.locator(sel("host-esx-03")).locator(sel("host-status", '[data-status="notResponding"]')).waitFor({ timeout: UI_TIMEOUT });
    const ms = Date.now() - t0;
    expect(ms).toBeLessThan(10_000);
    expect(await page.locator(sel("host-esx-03")).locator(sel("host-status")).textContent()).toBe("not responding");
    for (const h of ["esx-01", "esx-02"]) {
      expect(await page.locator(sel(`host-${h}`)).locator(sel("host-status")).getAttribute("data-status")).toBe("connected");
    }
    // a change now reaches two hosts; the third shows it has not applied it
    const form = page.locator(sel("pg-set-form"));
    await form.locator('input[name="vlan"]').fill("40");
    await form.locator('button[type="submit"]').click();
    expect(await actionResult()).toMatch(/^reconfigured port group web on dvs1 \(event \d+\)$/);
    await page.locator(sel("prop-host-esx-02", '[data-state="applied"]')).waitFor({ timeout: UI_TIMEOUT });
    await page.locator(sel("prop-host-esx-03", '[data-state="stalled"]')).waitFor({ timeout: UI_TIMEOUT });
    await page.screenshot({ path: artifactPath("dashboard.png") });
    expect(pageErrors).toEqual([]);
  });
});
