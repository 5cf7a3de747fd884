import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jetstreamManager } from "@nats-io/jetstream";
import { AuthorizationError } from "@nats-io/transport-node";
import { VdsimClient } from "@vdsim/client";
import { natsAccess, readClusterRecord, type ClusterRecord } from "@vdsim/cluster";
import { PermissionDeniedError, connectNats, permissionDenied } from "@vdsim/runtime";
import { request } from "@vdsim/protocol";
import { Cli, runVdsim } from "./support/cli.js";

/** The environment a process was started with, from /proc. */
function environOf(pid: number): Record<string, string> {
  const entries = readFileSync(`/proc/${pid}/environ`, "utf8").split("\0").filter((e) => e.includes("="));
  return Object.fromEntries(entries.map((e) => [e.slice(0, e.indexOf("=")), e.slice(e.indexOf("=") + 1)]));
}

describe("vdsim up runs NATS with a user per role: every process connects as its own, the CLI as the client", () => {
  const cli = new Cli();
  let record: ClusterRecord;

  beforeAll(async () => {
    const out = await cli.ok("up", "--hosts", "2");
    expect(out).toContain(`NATS users  ${join(cli.stateDir, "creds")}: client.nk (the CLI's), admin.nk (may do everything)`);
    record = readClusterRecord(cli.stateDir)!;
  });

  afterAll(() => cli[Symbol.asyncDispose]());

  it("writes each role's nkey seed under the state dir, mode 0600, and records where", () => {
    const users = record.natsUsers!;
    const files = [users.admin, users.management, users.client, ...Object.values(users.hosts)];
    expect(files.map((f) => f.slice(join(cli.stateDir, "creds").length + 1))).toEqual(["admin.nk", "management.nk", "client.nk", "esx-01.nk", "esx-02.nk"]);
    for (const f of files) expect(statSync(f).mode & 0o777, f).toBe(0o600);
    expect(record.natsCreds).toBe(users.client);
  });

  it("hands every process its own role's credentials, whatever NATS_CREDS the starter had", async () => {
    const users = record.natsUsers!;
    // a restart from a shell holding the admin's credentials: the agent still gets its own
    const restarted = await runVdsim(["--state-dir", cli.stateDir, "host", "restart", "esx-01"], { env: { ...process.env, NATS_CREDS: users.admin } });
    expect(restarted.code, restarted.stderr).toBe(0);
    const now = readClusterRecord(cli.stateDir)!;
    expect(environOf(now.managementPid).NATS_CREDS).toBe(users.management);
    expect(environOf(now.hosts["esx-01"]!).NATS_CREDS).toBe(users.hosts["esx-01"]);
    expect(environOf(now.hosts["esx-02"]!).NATS_CREDS).toBe(users.hosts["esx-02"]);
    expect(environOf(now.dashboard!.pid).NATS_CREDS).toBe(users.client);
  });

  it("serves the CLI as the client role: commands, --wait, a host's own command surface, status and events tail", async () => {
    await cli.ok("vds", "create", "dvs1", "--uplinks", "2");
    for (const h of ["esx-01", "esx-02"]) await cli.ok("vds", "add-host", "dvs1", h, "--uplink", "vmnic1", "--wait");
    await cli.ok("vds", "portgroup", "add", "dvs1", "web", "--vlan", "10");
    expect(await cli.ok("vds", "portgroup", "set", "dvs1", "web", "--vlan", "20", "--wait")).toMatch(/reconfigured port group web on dvs1/);
    // appended by esx-01's own user, onto esx-01's own subjects
    await cli.ok("esxcli", "--server", "esx-01", "network", "vswitch", "standard", "add", "-v", "vSwitch9");
    const status = await cli.caughtUpStatus<{ hosts: Array<{ name: string; status: string; lag: number }> }>();
    expect(status.hosts.map((h) => [h.name, h.status, h.lag])).toEqual([["esx-01", "connected", 0], ["esx-02", "connected", 0]]);
    const tail = await cli.ok("events", "tail", "-n", "50");
    expect(tail).toMatch(/DistributedPortGroupAdded +dvs1\/web/);
    expect(tail).toMatch(/StandardSwitchAdded +esx-01 \{"vswitch":"vSwitch9"/);
    expect((await cli.ok("events", "replay", "--verify"))).toMatch(/match/i);
  });

  it("needs no permission it lacks: no process and no server log a violation while all of the above ran", () => {
    const logs = readdirSync(join(cli.stateDir, "logs")).filter((f) => f.endsWith(".log"));
    expect(logs).toEqual(expect.arrayContaining(["nats-server.log", "management.log", "esx-01.log", "esx-02.log", "dashboard.log"]));
    for (const f of logs) expect(readFileSync(join(cli.stateDir, "logs", f), "utf8"), f).not.toMatch(/permission denied|Permissions Violation|Authorization Violation/i);
  });

  it("refuses a connection without credentials, from the CLI too", async () => {
    await expect(VdsimClient.connect({ servers: record.natsUrl })).rejects.toBeInstanceOf(AuthorizationError);
    const elsewhere = new Cli();
    try {
      const r = await elsewhere.run("--nats", record.natsUrl, "status");
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^Error: NATS at \S+ refused a connection without credentials \(.*Authorization Violation.*\): pass --nats-creds FILE or set NATS_CREDS$/im);
      // the same command with the client's credentials given explicitly works
      expect(await elsewhere.ok("--nats", record.natsUrl, "--nats-creds", record.natsUsers!.client, "vds", "list")).toContain("dvs1");
    } finally {
      await elsewhere[Symbol.asyncDispose]();
    }
  });

  it("keeps the client role from writing or purging the log, saying so at once with the role and the subject", async () => {
    await using client = await VdsimClient.connect(natsAccess(record));
    const err = await request(client.nc, "vdsim.evt.global.vds.x", {}, "nobody").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PermissionDeniedError);
    expect((err as Error).message).toBe("permission denied: client may not publish to vdsim.evt.global.vds.x");
    const jsm = await jetstreamManager(client.nc);
    expect(permissionDenied(await jsm.streams.purge("VDSIM_EVENTS").catch((e: unknown) => e), client.nc)?.message).toBe(
      "permission denied: client may not publish to $JS.API.STREAM.PURGE.VDSIM_EVENTS",
    );
    expect((await jsm.streams.info("VDSIM_EVENTS")).state.messages).toBeGreaterThan(0);
  });

  it("lets a host agent's user append to its own host's subjects only", async () => {
    const nc = await connectNats({ servers: record.natsUrl, name: "as-esx-02", credsFile: record.natsUsers!.hosts["esx-02"]!, maxReconnectAttempts: 0, onPermissionDenied: () => undefined });
    try {
      for (const subject of ["vdsim.evt.host.esx-01.vss.vSwitch0", "vdsim.evt.global.vds.dvs1"]) {
        const err = await nc.request(subject, new Uint8Array([1]), { timeout: 2_000 }).catch((e: unknown) => e);
        expect(permissionDenied(err, nc)?.message).toBe(`permission denied: esx-02 may not publish to ${subject}`);
      }
    } finally {
      await nc.close();
    }
  });
});
