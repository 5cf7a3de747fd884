import { afterAll, beforeAll, expect, it } from "vitest";
import { JetStreamEventStore } from "@vdsim/eventstore";
import { VdsimClient, replay } from "@vdsim/client";
import { formatVlan } from "@vdsim/model";
import { connectNats, waitFor } from "@vdsim/runtime";

/** A three-node NATS cluster under test: local nats-server processes, or containers. */
export interface NatsClusterUnderTest extends AsyncDisposable {
  /** client URLs reachable from this test process */
  readonly urls: readonly string[];
  /** the credentials a test connects with, when the servers accept only vdsim's users */
  readonly credsFile?: string;
  /** kills one node at once (SIGKILL), by its server name */
  kill(node: string): Promise<void>;
  /** starts the management service (replicas 3) and host agents esx-01..NN against the cluster */
  startVdsim(hosts: number): Promise<AsyncDisposable>;
}

const HOSTS = ["esx-01", "esx-02", "esx-03"];

/**
 * What every way of running vdsim beyond one machine must do, whatever runs NATS and the
 * services: a JetStream cluster holds the event log with three replicas; management and host
 * agents join by name; losing the stream leader's node to kill -9 stops nothing.
 */
export function natsClusterScenarios(start: () => Promise<NatsClusterUnderTest>): void {
  let cluster: NatsClusterUnderTest;
  let vdsim: AsyncDisposable | undefined;
  let client: VdsimClient;

  beforeAll(async () => {
    cluster = await start();
  });

  afterAll(async () => {
    await client?.close();
    await vdsim?.[Symbol.asyncDispose]();
    await cluster?.[Symbol.asyncDispose]();
  });

  it("the management service creates the event log with three replicas, one per node, all current", async () => {
    vdsim = await cluster.startVdsim(HOSTS.length);
    client = await VdsimClient.connect({ servers: cluster.urls, name: "scenario", ...(cluster.credsFile === undefined ? {} : { credsFile: cluster.credsFile }) });
    await waitFor("three connected hosts", async () =>
      (await client.status()).hosts.filter((h) => h.status === "connected").length === HOSTS.length ? true : undefined,
    );
    const placement = await waitFor("every replica to be current", async () => {
      const p = await client.logPlacement();
      return p.leader && p.followers.length === 2 && p.followers.every((f) => f.current) ? p : undefined;
    });
    expect(placement.replicas).toBe(3);
  });

  it("after kill -9 of the stream leader's node, a change waited for reaches every host and the log replays to the live state", async () => {
    await client.createSwitch("dvs1");
    for (const h of HOSTS) await client.addHostToSwitch("dvs1", h, ["vmnic1"], { waitMs: 10_000 });
    await client.addPortGroup("dvs1", "web", { vlan: { kind: "vlan", id: 10 } });
    const leader = (await client.logPlacement()).leader!;
    await cluster.kill(leader);

    const changed = await client.setPortGroupPolicy("dvs1", "web", { vlan: { kind: "vlan", id: 20 } }, { waitMs: 30_000 });
    expect(changed.pending ?? []).toEqual([]);
    expect(changed.applied?.map((a) => a.host).sort()).toEqual(HOSTS);
    for (const h of HOSTS) {
      const group = (await client.hostState(h)).config.proxySwitches.flatMap((s) => s.portGroups).find((p) => p.name === "web");
      expect(group && formatVlan(group.policy.vlan)).toBe("20");
    }
    const report = await replay(client, { verify: true });
    expect(report.checks.map((c) => [c.who, c.ok])).toEqual([["management", true], ...HOSTS.map((h) => [h, true])]);

    const nc = await connectNats({ servers: cluster.urls, name: "scenario-log", ...(cluster.credsFile === undefined ? {} : { credsFile: cluster.credsFile }) });
    try {
      const store = await JetStreamEventStore.open(nc, { create: false });
      expect((await store.placement()).leader).not.toBe(leader);
    } finally {
      await nc.close();
    }
  });
}
