import { rmSync } from "node:fs";
import { RemoteError, VdsimClient } from "@vdsim/client";
import { natsAccess, readClusterRecord, recordedPids, startCluster, type ClusterHandle } from "@vdsim/cluster";
import { isAlive, withDeadline } from "@vdsim/runtime";
import type { NemesisKind } from "@vdsim/checker";
import { DomainErrorCode } from "@vdsim/model";
import { ChaosUsageError } from "./options.js";
import { Nemesis, type NemesisOptions } from "./nemesis.js";
import { NatsProxies } from "./proxy.js";
import type { Setup } from "./schedule.js";

/** The cluster a run works on: started for it (and stopped after it), or attached to. */
export interface ChaosCluster extends AsyncDisposable {
  readonly stateDir: string;
  readonly client: VdsimClient;
  readonly hosts: readonly string[];
  readonly nemesis: Nemesis;
  readonly attached: boolean;
}

/**
 * Starts a cluster for the run in `stateDir` (its processes' logs stay there afterwards): host agents reach NATS through a proxy each when partition is
 * asked for, and NATS is three clustered nodes when nats-kill is.
 */
/** Snapshots this often in a run's own cluster, so a killed management service restarts from one mid-run. */
export const CHAOS_SNAPSHOT_EVERY = 50;

export async function startChaosCluster(
  hosts: number,
  nemeses: readonly NemesisKind[],
  stateDir: string,
  plantedBugs: readonly string[] = [],
  nemesisOptions: NemesisOptions = {},
  hostsPerProcess = 1,
): Promise<ChaosCluster> {
  rmSync(stateDir, { recursive: true, force: true });
  const proxies = nemeses.includes("partition") ? new NatsProxies() : undefined;
  let cluster: ClusterHandle;
  try {
    cluster = await startCluster({
      hosts,
      hostsPerProcess,
      stateDir,
      snapshotEvery: CHAOS_SNAPSHOT_EVERY,
      ...(nemeses.includes("nats-kill") ? { natsCluster: 3 } : {}),
      ...(proxies ? { hostNats: proxies.urlFor } : {}),
      ...(plantedBugs.length > 0 ? { plantedBugs } : {}),
    });
  } catch (err) {
    await proxies?.close();
    throw err;
  }
  const nemesis = new Nemesis(cluster.stateDir, proxies, nemesisOptions);
  return {
    stateDir: cluster.stateDir,
    client: cluster.client,
    hosts: Object.keys(cluster.record().hosts).sort(),
    nemesis,
    attached: false,
    async [Symbol.asyncDispose]() {
      await withDeadline("the corrupt nemesis's connection to close", 5_000, nemesis.close()).catch(() => undefined);
      await stopClusterProcesses(cluster);
      await withDeadline("the chaos proxies to close", 5_000, proxies?.close() ?? Promise.resolve()).catch(() => undefined);
    },
  };
}

/** how long `vdsim down`'s stop of every process may take before what is left is killed */
const DOWN_DEADLINE_MS = 20_000;

/**
 * Stops every process of the cluster (resumed first when paused), within DOWN_DEADLINE_MS
 * whatever its client's close does; any process still alive after that is killed.
 */
async function stopClusterProcesses(cluster: ClusterHandle): Promise<void> {
  const record = readClusterRecord(cluster.stateDir);
  const pids = record ? recordedPids(record).map((p) => p.pid) : [];
  await withDeadline(`the cluster in ${cluster.stateDir} to stop`, DOWN_DEADLINE_MS, cluster.down()).catch(() => undefined);
  // the record as it stands now names processes a heal started after the first read
  const now = readClusterRecord(cluster.stateDir);
  for (const pid of new Set([...pids, ...(now ? recordedPids(now).map((p) => p.pid) : [])])) {
    if (!isAlive(pid)) continue;
    try {
      process.kill(pid, "SIGCONT");
      process.kill(pid, "SIGKILL");
    } catch {
      // gone in between
    }
  }
}

/** Uses the cluster `vdsim up` runs from `stateDir`; refuses the nemeses it cannot inject there. */
export async function attachChaosCluster(stateDir: string, nemeses: readonly NemesisKind[], nemesisOptions: NemesisOptions = {}): Promise<ChaosCluster> {
  const record = readClusterRecord(stateDir);
  if (!record) throw new ChaosUsageError(`--attach: no cluster is recorded in ${stateDir}: run "vdsim up" first`);
  const hosts = Object.keys(record.hosts).sort();
  if (hosts.length < 2) throw new ChaosUsageError(`--attach: the cluster in ${stateDir} has ${hosts.length} host agents; a chaos run needs at least 2`);
  const nemesis = new Nemesis(stateDir, undefined, nemesisOptions);
  const refused = nemeses.flatMap((n) => {
    const why = nemesis.refusal(n);
    return why === undefined ? [] : [`${n}: ${why}`];
  });
  if (refused.length > 0) throw new ChaosUsageError(`--attach cannot inject ${refused.join("; ")}`);
  const client = await VdsimClient.connect({ ...natsAccess(record), name: "vdsim-chaos" });
  return {
    stateDir,
    client,
    hosts,
    nemesis,
    attached: true,
    async [Symbol.asyncDispose]() {
      await withDeadline("the corrupt nemesis's connection to close", 5_000, nemesis.close()).catch(() => undefined);
      await withDeadline("the chaos client's connection to close", 5_000, client.close()).catch(() => undefined);
    },
  };
}

/** vMotion vmknics on every host, the switch, its port groups: what the workload needs before the clock starts. */
export async function prepareCluster(client: VdsimClient, hosts: readonly string[], setup: Setup): Promise<void> {
  const wait = { waitMs: 15_000 };
  await tolerateExisting(() => client.createSwitch(setup.vds, { uplinks: 1 }, wait));
  for (const host of hosts) await tolerateExisting(() => joinSwitch(client, setup.vds, host, wait));
  for (const pg of setup.portGroups) await tolerateExisting(() => client.addPortGroup(setup.vds, pg.name, { vlan: { kind: "vlan", id: pg.vlan }, ports: 256 }, wait));
  await Promise.all(hosts.map((host, i) => enableVmotion(client, host, `192.168.50.${i + 1}`)));
}

async function enableVmotion(client: VdsimClient, host: string, ip: string): Promise<void> {
  const steps: Array<["vicfg-vswitch" | "vicfg-vmknic", string[]]> = [
    ["vicfg-vswitch", ["-A", "vMotion", "vSwitch0"]],
    ["vicfg-vmknic", ["-a", "-i", ip, "-n", "255.255.255.0", "vMotion"]],
    ["vicfg-vmknic", ["--enable-vmotion", "vMotion"]],
  ];
  for (const [tool, argv] of steps) {
    const reply = await client.hostCli(host, tool, argv);
    if (reply.exitCode !== 0 && !/already exists|already/i.test(reply.stdout)) {
      throw new Error(`setting up vMotion on ${host}: ${tool} ${argv.join(" ")}: ${reply.stdout.trim()}`);
    }
  }
}

/** The vmnics a run may give its switch: vmnic0 backs vSwitch0 on every host. */
const SPARE_VMNICS = ["vmnic1", "vmnic2", "vmnic3"];

/**
 * Adds a host to the run's switch on the first spare vmnic it has free: on an attached cluster,
 * another distributed switch (or a standard switch) may hold vmnic1 already.
 */
async function joinSwitch(client: VdsimClient, vds: string, host: string, wait: { waitMs: number }): Promise<void> {
  let firstRefusal: unknown;
  for (const vmnic of SPARE_VMNICS) {
    try {
      await client.addHostToSwitch(vds, host, [vmnic], wait);
      return;
    } catch (err) {
      const code = err instanceof RemoteError ? err.code : undefined;
      // taken: try the next; absent: the host has no more, and the first refusal says why
      if (code === DomainErrorCode.InUse) firstRefusal ??= err;
      else if (code === DomainErrorCode.NotFound && firstRefusal !== undefined) break;
      else throw err;
    }
  }
  throw new ChaosUsageError(`host "${host}" has no spare vmnic for the run's switch "${vds}": ${(firstRefusal as Error).message}`);
}

/** A run attached to a cluster that ran before finds its switch, its port groups and its hosts' membership there. */
async function tolerateExisting(step: () => Promise<unknown>): Promise<void> {
  try {
    await step();
  } catch (err) {
    if (!(err instanceof RemoteError && err.code === DomainErrorCode.AlreadyExists)) throw err;
  }
}
