import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { generateSchedule, NatsProxies, NEMESES, type Schedule } from "@vdsim/chaos";
import { VdsimClient } from "@vdsim/client";
import { natsAccess, readClusterRecord, recordedPids, startCluster } from "@vdsim/cluster";
import { waitFor } from "@vdsim/runtime";
import { readHistory, type Convergence, type Fault } from "@vdsim/checker";
import { Cli, VDSIM_BIN, runVdsim, type CliResult } from "./support/cli.js";

/** The binary with a budget long enough for a whole run (the Cli helper allows 90 s). */
const vdsim = (args: readonly string[], timeoutMs = 240_000): Promise<CliResult> => runVdsim(args, { timeoutMs });

/** Pids of processes whose command line or environment names `dir` (a cluster's state dir). */
function processesUsing(dir: string): number[] {
  return readdirSync("/proc").flatMap((name) => {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) return [];
    try {
      const cmd = readFileSync(`/proc/${name}/cmdline`, "utf8");
      const env = readFileSync(`/proc/${name}/environ`, "utf8");
      return cmd.includes(dir) || env.includes(dir) ? [Number(name)] : [];
    } catch {
      return [];
    }
  });
}

/** every nemesis but corrupt (its own run below checks what the checker says of its planted messages) */
const WRITERS_NEMESES = NEMESES.filter((n) => n !== "corrupt");

describe("vdsim chaos run", () => {
  const out = mkdtempSync(join(tmpdir(), "vdsim-chaos-e2e-"));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it("refuses bad input naming it, before starting anything", async () => {
    const cases: Array<[string[], RegExp]> = [
      [["--nemesis", "kill,flood"], /Error: unknown nemesis "flood": expected some of kill,pause,partition,rack-kill,mgmt-kill,nats-kill,corrupt/],
      [["--hosts-per-process", "1", "--nemesis", "rack-kill"], /Error: rack-kill kills a process of several hosts: --hosts-per-process 1 runs none/],
      [["--hosts", "4", "--hosts-per-process", "5"], /Error: invalid --hosts-per-process 5: expected 1-4/],
      [["--duration", "soon"], /Error: invalid --duration soon/],
      [["--hosts", "1"], /Error: invalid --hosts 1: expected 2-16/],
      [["--rate", "-1"], /Error: invalid --rate -1/],
      [["--attach", "--hosts", "3"], /Error: --hosts sizes a cluster the run starts; --attach uses the hosts of the running one/],
      [["--plant-bug", "lose-everything"], /Error: invalid --plant-bug: unknown planted bug "lose-everything"/],
      [["--hosts", "2", "--plant-bug", "skip-source-release@esx-03"], /Error: invalid --plant-bug skip-source-release@esx-03: esx-03 is not a host this cluster starts \(esx-01, esx-02\)/],
      [["--attach", "--plant-bug", "skip-source-release"], /Error: --plant-bug plants bugs in a cluster the run starts/],
    ];
    for (const [args, message] of cases) {
      const r = await vdsim(["chaos", "run", ...args, "--out", join(out, "bad")], 20_000);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(message);
      expect(existsSync(join(out, "bad"))).toBe(false);
    }
  });

  it(
    "30 s, 4 hosts in two racks, every nemesis that leaves the log as its writers wrote it: the checker finds every invariant held; the files are written; the seed names the schedule; nothing is left running",
    { timeout: 300_000 },
    async () => {
      const dir = join(out, "run");
      const r = await vdsim(["chaos", "run", "--hosts", "4", "--duration", "30s", "--seed", "e2e-1", "--nemesis", WRITERS_NEMESES.join(","), "--out", dir]);
      if (r.code !== 0) throw new Error(`chaos run exited ${r.code}\n${r.stdout}\n${r.stderr}`);
      expect(r.stdout).toMatch(/chaos run, seed e2e-1/);
      expect(r.stdout).toMatch(/operations +\d+ tried: \d+ ok/);
      expect(r.stdout).toMatch(/migrations +\d+ tried: \d+ completed, \d+ rolled back/);
      expect(r.stdout).toMatch(/convergence \d+ after host faults: p50 \d+ ms, p99 \d+ ms; 4 hosts at the run's end within \d+ ms/);
      expect(r.stdout).toMatch(/checker +ok/);

      for (const f of ["history.jsonl", "report.json", "report.txt", "schedule.json"]) expect(existsSync(join(dir, f))).toBe(true);
      const history = readHistory(join(dir, "history.jsonl"));
      expect(history.seed).toBe("e2e-1");
      const faults = history.entries.filter((e): e is Fault => e.type === "fault");
      expect(new Set(faults.map((f) => f.kind))).toEqual(new Set(WRITERS_NEMESES));
      for (const f of faults) expect(f.healedAt).toBeGreaterThan(f.startedAt);
      const converged = history.entries.filter((e): e is Convergence => e.type === "convergence");
      expect(converged.filter((c) => c.after === "run" && c.convergedAt !== undefined).map((c) => c.host).sort()).toEqual(["esx-01", "esx-02", "esx-03", "esx-04"]);
      expect(converged.filter((c) => c.after !== "run").every((c) => ["kill", "pause", "partition", "rack-kill"].includes(c.after ?? ""))).toBe(true);
      // rack-kill makes racks of two (esx-01 and esx-02, esx-03 and esx-04): a fault on a host is one on its rack
      const rackKill = faults.find((f) => f.kind === "rack-kill");
      expect(rackKill?.hosts).toHaveLength(2);
      expect(rackKill?.hosts).toContain(rackKill?.target);
      expect(faults.filter((f) => f.kind === "kill" || f.kind === "pause" || f.kind === "partition").every((f) => f.hosts?.length === 2)).toBe(true);
      expect(history.entries.some((e) => e.type === "op" && e.kind === "migrate" && e.outcome === "ok")).toBe(true);
      expect(history.entries.some((e) => e.type === "flow" && e.sent > 0)).toBe(true);
      const report = JSON.parse(readFileSync(join(dir, "report.json"), "utf8")) as { summary: { ok: boolean }; check: { ok: boolean } };
      expect(report.summary.ok).toBe(true);
      expect(report.check.ok).toBe(true);
      expect(readFileSync(join(dir, "report.txt"), "utf8")).toMatch(/consistent: every evaluated invariant holds/);

      const schedule = JSON.parse(readFileSync(join(dir, "schedule.json"), "utf8")) as Schedule;
      const again = generateSchedule({
        seed: "e2e-1",
        durationMs: 30_000,
        nemeses: WRITERS_NEMESES,
        rate: 2,
        hosts: ["esx-01", "esx-02", "esx-03", "esx-04"],
        natsNodes: ["vdsim-nats-1", "vdsim-nats-2", "vdsim-nats-3"],
      });
      expect(schedule).toEqual(JSON.parse(JSON.stringify(again)));
      expect(faults.map((f) => [f.kind, f.target])).toEqual(again.faults.map((f) => [f.kind, f.target]));

      const stateDir = /cluster state in (\S+)/.exec(r.stderr)?.[1];
      expect(stateDir).toBeDefined();
      expect(stateDir).toBe(join(dir, "cluster"));
      expect(existsSync(join(stateDir!, "logs", "management.log"))).toBe(true);
      expect(processesUsing(stateDir!)).toEqual([]);
    },
  );

  it("--attach runs on the cluster `vdsim up` started, and refuses the partition it cannot inject there", { timeout: 180_000 }, async () => {
    await using cli = new Cli();
    await cli.ok("up", "--hosts", "2", "--no-dashboard");
    const refused = await cli.run("chaos", "run", "--attach", "--nemesis", "kill,partition", "--out", join(out, "attach-refused"));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/--attach cannot inject partition: .*leave partition out with --attach/);
    const pids = cli.pids();
    const r = await vdsim(["--state-dir", cli.stateDir, "chaos", "run", "--attach", "--duration", "8s", "--nemesis", "kill,mgmt-kill", "--seed", "attach-1", "--out", join(out, "attach")]);
    if (r.code !== 0) throw new Error(`chaos run --attach exited ${r.code}\n${r.stdout}\n${r.stderr}`);
    expect(r.stdout).toMatch(/faults +(kill 1, mgmt-kill 1|mgmt-kill 1, kill 1)/);
    expect(r.stdout).toMatch(/checker +ok/);
    // a second run on the same cluster names its VMs apart from the first one's
    const second = await vdsim(["--state-dir", cli.stateDir, "chaos", "run", "--attach", "--duration", "6s", "--nemesis", "none", "--seed", "attach-1", "--out", join(out, "attach-2")]);
    if (second.code !== 0) throw new Error(`a second chaos run --attach exited ${second.code}\n${second.stdout}\n${second.stderr}`);
    expect(second.stderr).toMatch(/names of this run start with [a-z0-9]+-/);
    // the cluster goes on running, its killed processes restarted under new pids
    expect(cli.alive()).toHaveLength(pids.length);

    // what the run once caught: a migrate request sent again (its reply lost) names the same migration
    await using client = await VdsimClient.connect(natsAccess(readClusterRecord(cli.stateDir)!));
    const vm = (await client.status()).vms.find((v) => v.name.endsWith("anchor-01"))!;
    const req = { vm: vm.name, destination: vm.host === "esx-01" ? "esx-02" : "esx-01", memoryMB: 256, requestId: "chaos-e2e-resend" };
    const first = await client.management("migrate", req);
    const again = await client.management("migrate", req);
    expect(again.migration).toBe(first.migration);
    await client.waitForMigrations([first.migration], first.seq);
  });

  it("partition: the proxy cuts a host agent off a 3-node NATS cluster (it does not slip past to an advertised server) and heal reconnects it", { timeout: 120_000 }, async () => {
    await using proxies = new NatsProxies();
    await using cluster = await startCluster({ hosts: 2, natsCluster: 3, hostNats: proxies.urlFor });
    expect(cluster.record().hostNats?.["esx-01"]).toBe(proxies.get("esx-01").url);
    const status = async (host: string): Promise<string | undefined> => (await cluster.client.status()).hosts.find((h) => h.name === host)?.status;
    proxies.get("esx-01").cut();
    await waitFor("esx-01 to be not responding", async () => ((await status("esx-01")) === "notResponding" ? true : undefined), 20_000, 200);
    expect(await status("esx-02")).toBe("connected");
    await expect(cluster.client.hostState("esx-01", 1_000)).rejects.toThrow(/not responding/);
    proxies.get("esx-01").heal();
    await waitFor("esx-01 to be connected again", async () => ((await status("esx-01")) === "connected" ? true : undefined), 20_000, 200);
    expect((await cluster.client.hostState("esx-01")).host).toBe("esx-01");
    // a killed agent is restarted through its proxy too
    await cluster.restartHost("esx-01");
    proxies.get("esx-01").cut();
    await waitFor("the restarted esx-01 to be not responding", async () => ((await status("esx-01")) === "notResponding" ? true : undefined), 20_000, 200);
    proxies.get("esx-01").heal();
  });

  it("exits 1 when the checker finds a violation: a planted bug (tests only) acknowledges a policy change it never records", { timeout: 180_000 }, async () => {
    const dir = join(out, "planted");
    // seed planted-1 changes a port-group policy 0.3 s in
    const planted = "ack-without-append:DistributedPortGroupPolicyChanged";
    const r = await vdsim(["chaos", "run", "--hosts", "2", "--duration", "10s", "--rate", "3", "--nemesis", "kill", "--seed", "planted-1", "--plant-bug", planted, "--out", dir], 150_000);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`[chaos] WARNING: planted bugs (tests only): ${planted}`);
    expect(r.stdout).toMatch(/checker +VIOLATED: .*acknowledged-commands-logged/);
    const report = readFileSync(join(dir, "report.txt"), "utf8");
    expect(report).toMatch(/FAIL +acknowledged-commands-logged: operation #\d+ \(portgroup-set/);
    expect(report).toMatch(/INCONSISTENT/);
    expect(processesUsing(join(dir, "cluster"))).toEqual([]);
  });

  it("corrupt plants each kind of bad message on the event stream, records its sequence and subject, and the run completes", { timeout: 240_000 }, async () => {
    const dir = join(out, "corrupt");
    // seed corrupt-1 with corrupt alone: four faults over 30 s, one of each bad message
    const r = await vdsim(["chaos", "run", "--hosts", "2", "--duration", "30s", "--rate", "1", "--nemesis", "corrupt", "--seed", "corrupt-1", "--out", dir], 230_000);
    expect(r.stdout).toMatch(/chaos run, seed corrupt-1/);
    expect(existsSync(join(dir, "report.json"))).toBe(true);
    const planted = readHistory(join(dir, "history.jsonl")).entries.flatMap((e) => (e.type === "fault" && e.kind === "corrupt" && e.planted ? [e.planted] : []));
    expect(planted.map((p) => p.bad).sort()).toEqual(["future-version", "not-msgpack", "unknown-type", "wrong-shape"]);
    for (const p of planted) {
      expect(p.seq).toBeGreaterThan(0);
      expect(p.subject).toMatch(/^vdsim\.evt\.(global|host\.esx-0[12])\.chaos\.corrupt-/);
    }
    expect(new Set(planted.map((p) => p.seq)).size).toBe(4);
    expect(r.stdout).toContain(`planted     4 bad messages at sequences ${planted.map((p) => `${p.seq} (${p.bad})`).join(", ")}`);
    // every follower skipped them, and the checker names them as planted: every other invariant held
    const report = JSON.parse(readFileSync(join(dir, "report.json"), "utf8")) as {
      check: { ok: boolean; invariants: Array<{ name: string; ok: boolean; evaluated: boolean; detail: string }> };
    };
    const integrity = report.check.invariants.find((i) => i.name === "log-holds-only-valid-events");
    const seqs = planted.map((p) => p.seq).sort((a, b) => a - b);
    expect(integrity).toMatchObject({ ok: true, evaluated: true });
    expect(integrity?.detail).toContain(`4 planted by the corrupt nemesis, each quarantined by every follower (sequences ${seqs.join(", ")})`);
    expect(report.check.invariants.filter((i) => i.evaluated && !i.ok)).toEqual([]);
    expect(report.check.ok).toBe(true);
    expect(r.code).toBe(0);
    expect(processesUsing(join(dir, "cluster"))).toEqual([]);
  });

  it("SIGTERM in the middle of a run: it heals, stops every process of its cluster and exits within seconds, and history.jsonl holds what it recorded", { timeout: 180_000 }, async () => {
    const dir = join(out, "interrupted");
    const child = spawn(process.execPath, [VDSIM_BIN, "chaos", "run", "--hosts", "2", "--duration", "120s", "--nemesis", "kill,pause", "--seed", "sigterm-1", "--out", dir], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    try {
      // running, with a fault injected and healed: the history holds operations and a fault
      await waitFor("the run to have healed its first fault", () => (/\[chaos\] (kill|pause) esx-0\d for \d+ ms/.test(stderr) && historyHas(dir, "fault") ? true : undefined), 90_000, 200);
      const record = readClusterRecord(join(dir, "cluster"));
      const pids = record ? recordedPids(record).map((p) => p.pid) : [];
      expect(pids.length).toBeGreaterThanOrEqual(4);
      const signalledAt = Date.now();
      child.kill("SIGTERM");
      const code = await Promise.race([exited, new Promise<"hung">((resolve) => setTimeout(() => resolve("hung"), 30_000))]);
      expect(code, `${stdout}\n${stderr}`).toBe(130);
      expect(Date.now() - signalledAt).toBeLessThan(30_000);
      expect(stderr).toContain("stopping: healing everything and stopping the cluster");
      expect(stdout).toContain("interrupted: the schedule did not run to its end");
      expect(pids.filter((pid) => alive(pid))).toEqual([]);
      expect(processesUsing(join(dir, "cluster"))).toEqual([]);
      const history = readHistory(join(dir, "history.jsonl"));
      expect(history.seed).toBe("sigterm-1");
      expect(history.entries.some((e) => e.type === "op")).toBe(true);
      expect(history.entries.some((e) => e.type === "fault")).toBe(true);
      expect(history.entries.some((e) => e.type === "flow")).toBe(true);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
      for (const pid of processesUsing(join(dir, "cluster"))) process.kill(pid, "SIGKILL");
    }
  });
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return !readFileSync(`/proc/${pid}/stat`, "utf8").includes(") Z ");
  } catch {
    return false;
  }
}

function historyHas(dir: string, type: string): boolean {
  try {
    return readHistory(join(dir, "history.jsonl")).entries.some((e) => e.type === type);
  } catch {
    return false;
  }
}
