import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { VdsimClient } from "@vdsim/client";
import { natsAccess, readClusterRecord } from "@vdsim/cluster";
import { formatVlan } from "@vdsim/model";
import { isAlive, stopProcess } from "@vdsim/runtime";
import { Cli } from "./support/cli.js";

const HOSTS = ["esx-01", "esx-02", "esx-03"];

interface StatusJson {
  hosts: Array<{ name: string; status: string; lag: number }>;
  processes: { natsNodes: Array<{ name: string; url: string; pid: number; state: string }> };
  eventLog: { replicas: number; leader?: string } | null;
}

describe("vdsim up --nats-cluster 3: a three-node JetStream cluster that loses a node to kill -9", () => {
  const cli = new Cli();
  let client: VdsimClient;

  const status = async (): Promise<StatusJson> => JSON.parse(await cli.ok("status", "--json")) as StatusJson;
  const vlanOn = async (host: string, pg: string): Promise<string | undefined> => {
    const report = await client.hostState(host);
    const group = report.config.proxySwitches.flatMap((s) => s.portGroups).find((p) => p.name === pg);
    return group ? formatVlan(group.policy.vlan) : undefined;
  };

  beforeAll(async () => {
    const out = await cli.ok("up", "--nats-cluster", "3", "--hosts", "3");
    expect(out).toContain("3-node JetStream cluster, event log replicas 3");
    expect(out.match(/vdsim-nats-\d {2}nats:\/\/127\.0\.0\.1:\d+ \(pid \d+\)/g)).toHaveLength(3);
    client = await VdsimClient.connect(natsAccess(readClusterRecord(cli.stateDir)!));
  });

  afterAll(async () => {
    await client?.close();
    await cli[Symbol.asyncDispose]();
  });

  it("records every NATS node; status shows them and the event log's three replicas", async () => {
    const record = readClusterRecord(cli.stateDir)!;
    expect(record.natsNodes?.map((n) => n.name)).toEqual(["vdsim-nats-1", "vdsim-nats-2", "vdsim-nats-3"]);
    expect(record.natsUrl.split(",")).toEqual(record.natsNodes?.map((n) => n.url));
    const s = await cli.caughtUpStatus<StatusJson>();
    expect(s.processes.natsNodes.map((n) => n.state)).toEqual(["running", "running", "running"]);
    expect(s.eventLog?.replicas).toBe(3);
    expect(s.hosts.map((h) => [h.name, h.status, h.lag])).toEqual(HOSTS.map((h) => [h, "connected", 0]));
    const text = await cli.ok("status");
    expect(text).toMatch(/NATS node +URL +PID +State/);
    expect(text).toMatch(/Event log VDSIM_EVENTS: 3 replicas, leader vdsim-nats-\d/);
  });

  it("keeps accepting changes after the stream leader's node is killed: --wait reaches every host, replay --verify matches", async () => {
    await cli.ok("vds", "create", "dvs1", "--uplinks", "2");
    for (const h of HOSTS) await cli.ok("vds", "add-host", "dvs1", h, "--uplink", "vmnic1", "--wait");
    await cli.ok("vds", "portgroup", "add", "dvs1", "web", "--vlan", "10");
    await cli.ok("vm", "create", "web-01", "--host", "esx-01", "--network", "web");

    const before = await status();
    const leader = before.processes.natsNodes.find((n) => n.name === before.eventLog?.leader);
    expect(leader).toBeDefined();
    await stopProcess(leader!.pid, "SIGKILL");

    const changed = await cli.ok("vds", "portgroup", "set", "dvs1", "web", "--vlan", "20", "--wait");
    expect(changed).toMatch(/applied on 3 hosts in \d+ ms/);
    for (const h of HOSTS) expect(await vlanOn(h, "web")).toBe("20");
    await cli.ok("vm", "create", "web-02", "--host", "esx-02", "--network", "web", "--wait");

    const after = await status();
    expect(after.processes.natsNodes.filter((n) => n.state === "gone").map((n) => n.name)).toEqual([leader!.name]);
    expect(after.eventLog?.leader).not.toBe(leader!.name);
    const replay = await cli.ok("events", "replay", "--verify");
    expect(replay.match(/ match/g)).toHaveLength(4);
    expect(replay).not.toContain("MISMATCH");
  });

  it("down stops the surviving NATS nodes with everything else", async () => {
    const pids = cli.pids();
    expect(pids).toHaveLength(9); // three nats-servers, management, three host agents, the dashboard, the vSphere API
    const out = await cli.ok("down");
    expect(out.match(/nats-server vdsim-nats-\d/g)).toHaveLength(2);
    expect(pids.filter(isAlive)).toEqual([]);
  });

  it("the state dir is started again as a cluster only; a second up replays the log on all three nodes", async () => {
    const single = await cli.run("up", "--hosts", "3");
    expect(single.code).toBe(1);
    expect(single.stderr).toContain("holds an event log written by a 3-node NATS cluster; start it the same way (--nats-cluster 3)");
    expect(cli.alive()).toEqual([]);

    await client.close();
    await cli.ok("up", "--nats-cluster", "3", "--hosts", "3");
    client = await VdsimClient.connect(natsAccess(readClusterRecord(cli.stateDir)!));
    for (const h of HOSTS) expect(await vlanOn(h, "web")).toBe("20");
    const replay = await cli.ok("events", "replay", "--verify");
    expect(replay.match(/ match/g)).toHaveLength(4);
    const pids = cli.pids();
    await cli.ok("down");
    expect(pids.filter(isAlive)).toEqual([]);
  });
});
