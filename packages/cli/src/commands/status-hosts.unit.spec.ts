import { afterEach, describe, expect, it, vi } from "vitest";
import type { ClusterStatus, HostStatus, MigrationSummary } from "@vdsim/client";
import { SUMMARIZE_ABOVE, formatHostsSummary, hostMatcher, summarizeHosts } from "./status-hosts.js";
import { printStatus } from "./status-view.js";

const NOW = Date.parse("2026-12-03T12:00:00Z");
const LOG_SEQ = 5_000;

/** esx-01 .. esx-99, esx-100 .. esx-N, as `vdsim up --hosts N` names them */
const hostName = (i: number): string => `esx-${String(i).padStart(2, "0")}`;

function host(i: number, over: Partial<HostStatus> = {}): HostStatus {
  return {
    name: hostName(i),
    status: "connected",
    lastHeartbeat: new Date(NOW - 400).toISOString(),
    appliedSeq: LOG_SEQ,
    lag: 0,
    pid: 10_000 + i,
    pnics: ["vmnic0", "vmnic1"],
    follower: { state: "live", quarantined: 0 },
    hashMatches: true,
    ...over,
  };
}

/** 1000 hosts: most current; a few behind, silent, never heard from, not following, or disagreeing */
function thousandHosts(): ClusterStatus {
  const special: Record<number, Partial<HostStatus>> = {
    7: { appliedSeq: LOG_SEQ - 3, lag: 3, hashMatches: null },
    42: { appliedSeq: LOG_SEQ - 120, lag: 120, hashMatches: null },
    500: { status: "notResponding", appliedSeq: LOG_SEQ - 900, lag: 900, hashMatches: null, lastHeartbeat: new Date(NOW - 60_000).toISOString() },
    777: { hashMatches: false },
    901: { status: "notResponding", lastHeartbeat: null, appliedSeq: null, lag: null, pid: null, follower: null, hashMatches: null },
    999: { follower: { state: "catching-up", quarantined: 0 }, appliedSeq: LOG_SEQ - 10, lag: 10, hashMatches: null },
  };
  const hosts = Array.from({ length: 1_000 }, (_, k) => host(k + 1, special[k + 1]));
  return {
    seq: LOG_SEQ,
    logSeq: LOG_SEQ,
    management: { pid: 1, startedAt: new Date(NOW - 3_600_000).toISOString(), follower: { state: "live", quarantined: 0 } },
    quarantined: [],
    hosts,
    switches: [{ name: "dvs1", uplinks: ["uplink1", "uplink2"], mtu: 1500, maxPorts: 8192, portsUsed: 2_000, hosts: hosts.map((h) => ({ host: h.name, uplinks: {} })), portGroups: ["web"] }],
    portGroups: [],
    vms: Array.from({ length: 2_000 }, (_, k) => ({ name: `vm-${k}`, host: hostName((k % 1_000) + 1), nics: [] })),
  };
}

type Counted = Pick<MigrationSummary, "outcome">;
const RUNNING: Counted = { outcome: null };
// the summary only asks whether a migration has an outcome
const ENDED = { outcome: {} } as Counted;

describe("the host summary of vdsim status", () => {
  it("counts 1000 hosts by status, lag and hash, and names the furthest behind first", () => {
    // given a 1000-host status / when it is summarized
    const sum = summarizeHosts(thousandHosts());
    // then
    expect(sum).toMatchObject({ total: 1_000, connected: 998, notResponding: 2, notFollowing: 1, behind: 4, neverHeard: 1, logSeq: LOG_SEQ });
    expect(sum.appliedRange).toEqual({ min: LOG_SEQ - 900, max: LOG_SEQ });
    expect(sum.hashes).toEqual({ agree: 994, disagree: ["esx-777"], notCompared: 5 });
    expect(sum.worst.map((h) => h.name)).toEqual(["esx-901", "esx-500", "esx-42", "esx-999", "esx-07"]);
  });

  it("prints a few lines, not a row per host", () => {
    // given a 1000-host status, 3 migrations / when it is formatted
    const text = formatHostsSummary(summarizeHosts(thousandHosts()), { vms: 2_000, migrations: [RUNNING, ENDED, RUNNING] }, {}, NOW);
    // then
    const lines = text.split("\n");
    expect(lines.slice(0, 4)).toEqual([
      "Hosts: 1000: 998 connected (1 of them not following the log), 2 not responding",
      "Applied sequence: 4100..5000 (log at 5000); 4 behind the log, 1 never heard from",
      "State hashes: 994 agree with the management service, 1 disagree (esx-777), 5 not compared (at another sequence)",
      "VMs: 2000; migrations: 2 running, 1 ended",
    ]);
    expect(text).toContain("esx-901  not responding");
    expect(text).toMatch(/esx-42 +connected +0\.4s ago +4880 +120/);
    expect(text).toContain("vdsim status --all");
    expect(lines.length).toBeLessThan(20);
  });

  it("says so when the migrations could not be listed", () => {
    const text = formatHostsSummary(summarizeHosts(thousandHosts()), { vms: 0, migrations: null }, {}, NOW);
    expect(text).toContain("migrations: ? (the management service did not list them)");
  });
});

describe("--host patterns", () => {
  it("match the whole name, * and ? as wildcards, everything else literally", () => {
    const names = Array.from({ length: 1_000 }, (_, k) => hostName(k + 1));
    expect(names.filter(hostMatcher("esx-777"))).toEqual(["esx-777"]);
    expect(names.filter(hostMatcher("esx-1?"))).toHaveLength(10);
    expect(names.filter(hostMatcher("esx-1*"))).toHaveLength(10 + 100 + 1); // esx-10..esx-19, esx-100..esx-199, esx-1000
    expect(names.filter(hostMatcher("esx-7.7"))).toEqual([]);
  });
});

describe("printStatus", () => {
  const out: string[] = [];
  afterEach(() => {
    vi.restoreAllMocks();
    out.length = 0;
  });
  const print = (s: ClusterStatus, layout: Parameters<typeof printStatus>[4] = {}): string => {
    vi.spyOn(console, "log").mockImplementation((line: unknown = "") => void out.push(String(line)));
    printStatus("nats://127.0.0.1:4222", s, {}, { nodes: [], placement: null }, layout);
    return out.join("\n");
  };
  const hostRows = (text: string): number => text.split("\n").filter((l) => /^esx-\d+ /.test(l)).length;
  const vmRows = (text: string): number => text.split("\n").filter((l) => /^vm-\d+ /.test(l)).length;

  it(`summarizes past ${SUMMARIZE_ABOVE} hosts: a handful of host rows, no VM rows, switch members counted`, () => {
    const text = print(thousandHosts(), { migrations: [] });
    expect(text).toContain("Hosts: 1000: 998 connected");
    expect(hostRows(text)).toBe(5);
    expect(vmRows(text)).toBe(0);
    expect(text).toMatch(/dvs1 +2 +1500 +2000\/8192 +1000 hosts +web/);
  });

  it("prints every row with --all", () => {
    const text = print(thousandHosts(), { all: true });
    expect(hostRows(text)).toBe(1_000);
    expect(vmRows(text)).toBe(2_000);
    expect(text).not.toContain("Hosts: 1000");
  });

  it("prints the matching hosts and their VMs with --host", () => {
    const text = print(thousandHosts(), { hostPattern: "esx-77?" });
    expect(hostRows(text)).toBe(10);
    expect(vmRows(text)).toBe(20);
    expect(print(thousandHosts(), { hostPattern: "esx-5000" })).toContain("no host matches esx-5000 (of 1000)");
  });

  it(`prints a row per host up to ${SUMMARIZE_ABOVE} hosts, as before`, () => {
    const small = { ...thousandHosts(), hosts: thousandHosts().hosts.slice(0, SUMMARIZE_ABOVE) };
    const text = print(small);
    expect(hostRows(text)).toBe(SUMMARIZE_ABOVE);
    expect(text).not.toContain("Hosts:");
  });
});
