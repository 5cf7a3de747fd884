import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readClusterRecord } from "@vdsim/cluster";
import { Cli } from "./support/cli.js";
import { badMessages, plantMessages } from "./support/plant-messages.js";

/**
 * Messages no writer could have written, appended straight onto the stream of a running cluster:
 * every follower skips them by the same rule, nothing wedges, and the checker names them.
 */
describe("bad messages in the log", () => {
  const cli = new Cli();
  const planted = badMessages("web-01");
  let seqs: number[] = [];

  beforeAll(async () => {
    await cli.ok("up", "--hosts", "2");
    await cli.ok("vds", "create", "dvs1", "--uplinks", "2");
    await cli.ok("vds", "add-host", "dvs1", "esx-01", "--uplink", "vmnic1", "--wait");
    await cli.ok("vds", "add-host", "dvs1", "esx-02", "--uplink", "vmnic1", "--wait");
    await cli.ok("vds", "portgroup", "add", "dvs1", "web", "--vlan", "10");
    await cli.ok("vm", "create", "web-01", "--host", "esx-01", "--network", "web", "--wait");
    seqs = await plantMessages(cli.stateDir, planted);
  }, 120_000);

  afterAll(async () => {
    await cli[Symbol.asyncDispose]();
  });

  it("commands with --wait still work, applied by every host", async () => {
    const out = await cli.ok("vds", "portgroup", "set", "dvs1", "web", "--vlan", "20", "--wait");
    expect(out).toMatch(/applied on 2 hosts/);
    await cli.ok("vm", "create", "web-02", "--host", "esx-02", "--network", "web", "--wait");
  });

  it("events tail prints every planted message, the ones that do not decode or validate marked QUARANTINED", async () => {
    const out = await cli.ok("events", "tail", "--from", String(seqs[0]), "-n", "20");
    for (const [i, seq] of seqs.slice(0, 5).entries()) {
      expect(out).toMatch(new RegExp(`^ *${seq}  QUARANTINED +${planted[i]!.subject.replaceAll(".", "\\.")}: `, "m"));
    }
    expect(out).toContain("vdsim.evt.global.vds.x: not msgpack (4 bytes)");
    expect(out).toContain('unknown event type "HostExploded"');
    expect(out).toContain("event VmRemoved v1: data.vm: expected string, received number");
    expect(out).toContain("event VmRemoved v99 is newer than this build understands (v1)");
    expect(out).toContain("event VmRemoved belongs on vdsim.evt.global.vm.web-01, not on vdsim.evt.host.esx-01.vm.web-01");
    expect(out).toMatch(new RegExp(`^ *${seqs[5]}  \\S+  HostAddedToDistributedSwitch`, "m"));
    const json = (await cli.ok("events", "tail", "--from", String(seqs[0]), "--json")).trim().split("\n").map((l) => JSON.parse(l) as { seq: number; quarantined?: boolean });
    expect(json.filter((e) => e.quarantined).map((e) => e.seq)).toEqual(seqs.slice(0, 5));
  });

  it("status shows the stream's last sequence, what management applied, and the quarantined messages", async () => {
    const out = await cli.ok("status");
    const last = Number(/event log at sequence (\d+)/.exec(out)?.[1]);
    expect(last).toBeGreaterThanOrEqual(seqs[5]! + 2);
    expect(out).toContain(`management pid`);
    expect(out).toContain(`applied ${last}`);
    expect(out).toMatch(/Quarantined: 6 message\(s\)/);
    const status = JSON.parse(await cli.ok("status", "--json")) as {
      logSeq: number;
      seq: number;
      quarantined: Array<{ seq: number }>;
      hosts: Array<{ follower: { state: string; quarantined: number } }>;
    };
    expect(status.logSeq).toBe(status.seq);
    expect(status.quarantined.map((q) => q.seq)).toEqual(seqs);
    for (const h of status.hosts) expect(h.follower).toEqual({ state: "live", quarantined: 6 });
  });

  it("the dashboard shows them", async () => {
    const url = readClusterRecord(cli.stateDir)?.dashboard?.url;
    expect(url).toBeDefined();
    const snap = (await (await fetch(new URL("api/snapshot", url))).json()) as { quarantined: { count: number; latest: Array<{ seq: number }> } };
    expect(snap.quarantined.count).toBe(6);
    expect(snap.quarantined.latest.map((q) => q.seq)).toEqual(seqs);
  });

  it("the management service and a host agent restart through them; replay --verify matches", async () => {
    await cli.ok("management", "restart");
    await cli.ok("host", "restart", "esx-02");
    await cli.ok("vm", "create", "web-03", "--host", "esx-02", "--network", "web", "--wait");
    const out = await cli.ok("events", "replay", "--verify");
    expect(out).toContain("skipped 6 quarantined message(s)");
    for (const seq of seqs) expect(out).toContain(`#${seq} `);
    expect(out).not.toContain("MISMATCH");
  });

  it("vdsim check names each planted sequence and exits 1, with every other invariant holding", async () => {
    const r = await cli.run("check", "--json");
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as { invariants: Array<{ name: string; ok: boolean; evaluated: boolean; detail: string; events?: Array<{ seq: number }> }> };
    const integrity = report.invariants.find((i) => i.name === "log-holds-only-valid-events");
    expect(integrity).toMatchObject({ ok: false, evaluated: true });
    expect(integrity?.detail).toContain("the log holds 6 messages no writer could have written");
    expect(integrity?.events?.map((e) => e.seq)).toEqual(seqs);
    expect(report.invariants.filter((i) => i.evaluated && !i.ok).map((i) => i.name)).toEqual(["log-holds-only-valid-events"]);
    const text = await cli.run("check");
    for (const seq of seqs) expect(text.stdout).toContain(`sequence ${seq} on `);
  });
});
