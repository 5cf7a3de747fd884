import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { VdsimClient } from "@vdsim/client";
import { ManagementService } from "@vdsim/management";
import { Subjects, encodeBody, type DashboardMessage, type DashboardSnapshot, type Heartbeat } from "@vdsim/protocol";
import { connectNats, createLogger, startNatsServer, waitFor, type NatsServerHandle } from "@vdsim/runtime";
import { DashboardService } from "./service.js";

const HOSTS = ["esx-01", "esx-02"];
const log = createLogger("dashboard-int");
log.level = "warn";

/** Reads /api/stream as a browser would, collecting each message. */
function openStream(url: string): { messages: DashboardMessage[]; close: () => void } {
  const messages: DashboardMessage[] = [];
  const controller = new AbortController();
  void (async () => {
    const res = await fetch(new URL("api/stream", url), { signal: controller.signal });
    const decoder = new TextDecoder();
    let buffer = "";
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      let end: number;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = frame.split("\n").find((l) => l.startsWith("data: "));
        if (data) messages.push(JSON.parse(data.slice(6)) as DashboardMessage);
      }
    }
  })().catch(() => undefined);
  return { messages, close: () => controller.abort() };
}

describe("the dashboard service against a real nats-server and management service", () => {
  let dir: string;
  let server: NatsServerHandle;
  let management: ManagementService;
  let client: VdsimClient;
  let dashboard: DashboardService;
  let beats: NodeJS.Timeout;
  const applied: Record<string, number> = { "esx-01": 0, "esx-02": 0 };

  const post = async (path: string, body: unknown): Promise<{ status: number; body: unknown }> => {
    const res = await fetch(new URL(`api/${path}`, dashboard.url), { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    return { status: res.status, body: await res.json() };
  };
  const snapshot = async (): Promise<DashboardSnapshot> => (await (await fetch(new URL("api/snapshot", dashboard.url))).json()) as DashboardSnapshot;
  // stand-ins for host agents: heartbeats with whatever applied sequence the test sets
  const beat = (host: string): void => {
    const hb: Heartbeat = { host, pid: 4242, startedAt: "", appliedSeq: applied[host] ?? 0, hash: "x", pnics: ["vmnic0", "vmnic1"] };
    client.nc.publish(Subjects.heartbeat(host), encodeBody(hb));
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "vdsim-dash-int-"));
    server = await startNatsServer({ dir: join(dir, "nats") });
    const mgmtNc = await connectNats({ servers: server.url, name: "mgmt" });
    management = await ManagementService.start(mgmtNc, log);
    client = await VdsimClient.connect({ servers: server.url });
    beats = setInterval(() => HOSTS.forEach(beat), 200);
    HOSTS.forEach(beat);
    for (const h of HOSTS) await client.command({ type: "RegisterHost", host: h, pnics: ["vmnic0", "vmnic1"] });
    await client.createSwitch("dvs1");
    for (const h of HOSTS) await client.addHostToSwitch("dvs1", h);
    await client.addPortGroup("dvs1", "web", { vlan: { kind: "vlan", id: 10 } });
    await client.createVm("web-01", "esx-01", ["web"]);
    writeFileSync(join(dir, "index.html"), "<!doctype html><title>vdsim</title>");
    const dashNc = await connectNats({ servers: server.url, name: "dashboard" });
    dashboard = await DashboardService.start(VdsimClient.over(dashNc), log, { staticDir: dir, flushMs: 20, topologyEveryMs: 20 });
  });

  afterAll(async () => {
    clearInterval(beats);
    await dashboard?.[Symbol.asyncDispose]();
    await client?.close();
    await management?.[Symbol.asyncDispose]();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("serves the page and a snapshot of the log folded host by host", async () => {
    const page = await fetch(dashboard.url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("<title>vdsim</title>");
    const snap = await snapshot();
    expect(snap.topology.hosts.map((h) => [h.name, h.vms])).toEqual([
      ["esx-01", ["web-01"]],
      ["esx-02", []],
    ]);
    expect(snap.events.map((e) => e.type)).toContain("VmCreated");
    expect(snap.features).toEqual({ vmotion: true });
    const hosts = await waitFor("heartbeats to show", async () => {
      const s = await snapshot();
      return s.hosts.every((h) => h.status === "connected") ? s.hosts : undefined;
    });
    expect(hosts.map((h) => h.pid)).toEqual([4242, 4242]);
  });

  it("streams a change made from the page, then each host's apply time", async () => {
    const stream = openStream(dashboard.url);
    try {
      await waitFor("the snapshot", () => (stream.messages[0]?.kind === "snapshot" ? true : undefined));
      const res = await post("portgroups/policy", { vds: "dvs1", portgroup: "web", vlan: "20" });
      expect(res).toMatchObject({ status: 200, body: { ok: true, message: expect.stringMatching(/^reconfigured port group web on dvs1 \(event \d+\)$/) } });
      const seq = (res.body as { seq: number }).seq;
      await waitFor("the event on the stream", () =>
        stream.messages.some((m) => m.kind === "events" && m.events.some((e) => e.seq === seq)) ? true : undefined,
      );
      applied["esx-01"] = seq;
      applied["esx-02"] = seq;
      const done = await waitFor("both hosts to apply it", () => {
        for (const m of stream.messages) {
          if (m.kind !== "propagations") continue;
          const p = m.propagations.find((x) => x.seq === seq && x.totalMs !== null);
          if (p) return p;
        }
        return undefined;
      });
      expect(done.hosts.map((h) => h.host)).toEqual(HOSTS);
      for (const h of done.hosts) expect(h.ms).toBeGreaterThanOrEqual(0);
      await waitFor("the topology with VLAN 20", () =>
        stream.messages.some((m) => m.kind === "topologyChanges" && (m.changes.portGroups ?? []).some((p) => p.name === "web" && p.vlan === "20")) ? true : undefined,
      );
    } finally {
      stream.close();
    }
  });

  it("answers a refused action with the management service's message, as the CLI prints it", async () => {
    const dup = await post("portgroups", { vds: "dvs1", portgroup: "web" });
    const direct = await client.addPortGroup("dvs1", "web").catch((err: Error) => err.message);
    expect(dup).toEqual({ status: 409, body: { ok: false, error: { code: "ALREADY_EXISTS", message: direct } } });
    const missing = await post("portgroups/policy", { vds: "nope", portgroup: "web", blocked: true });
    expect(missing.body).toMatchObject({ ok: false, error: { message: 'Distributed switch "nope" not found' } });
  });

  it("shows a host not responding once its heartbeats stop", async () => {
    clearInterval(beats);
    beats = setInterval(() => beat("esx-01"), 200);
    const s = await waitFor("esx-02 not responding", async () => {
      const snap = await snapshot();
      return snap.hosts.find((h) => h.name === "esx-02")?.status === "notResponding" ? snap : undefined;
    }, 10_000, 100);
    expect(s.hosts.find((h) => h.name === "esx-01")?.status).toBe("connected");
  });

  it("refuses requests for another host name (DNS rebinding) and non-JSON posts", async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(new URL("api/snapshot", dashboard.url), { headers: { host: "evil.example:80" } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on("error", reject);
      req.end();
    });
    expect(status).toBe(421);
    const form = await fetch(new URL("api/portgroups", dashboard.url), { method: "POST", body: "vds=dvs1" });
    expect(form.status).toBe(415);
  });
});
