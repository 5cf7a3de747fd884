import type { EventStore, StoredEvent } from "@vdsim/eventstore";
import type { ClusterStatus, HostStateReport, ManagementStateHash } from "@vdsim/protocol";
import type { ClusterObservation, HostObservation } from "./observation.js";

/** What the checker asks of a cluster: the calls of @vdsim/client's VdsimClient it uses (any VdsimClient is one). */
export interface ObservedCluster {
  status(): Promise<ClusterStatus>;
  hostState(host: string): Promise<HostStateReport>;
  managementHash(): Promise<ManagementStateHash>;
  eventStore(): Promise<EventStore>;
}

export interface ObserveOptions {
  /** how long to wait for every host to apply the whole log before observing anyway; default 10 s */
  readonly settleMs?: number;
}

const errorText = (err: unknown): string => (err instanceof Error ? err.message : String(err));

async function hostNames(client: ObservedCluster, events: () => Promise<StoredEvent[]>): Promise<string[]> {
  try {
    return (await client.status()).hosts.map((h) => h.name);
  } catch {
    // the management service is down: the log names the hosts
    const added = (await events()).flatMap(({ envelope: env }) => (env.type === "HostAdded" ? [env.data.host] : []));
    return [...new Set(added)].sort();
  }
}

async function observeHost(client: ObservedCluster, host: string): Promise<HostObservation> {
  try {
    return { host, report: await client.hostState(host) };
  } catch (err) {
    return { host, report: null, problem: `host ${host} did not answer: ${errorText(err)}` };
  }
}

async function readLog(client: ObservedCluster): Promise<StoredEvent[]> {
  const events: StoredEvent[] = [];
  await (await client.eventStore()).scan({}, (e) => events.push(e));
  return events;
}

/**
 * Observes a live cluster: waits (bounded) until every answering host has applied the whole
 * log, then takes the management service's hash, every host's realized state and data plane,
 * and, last, the whole log (so every sequence a process reports is in it).
 */
export async function observeCluster(client: ObservedCluster, options: ObserveOptions = {}): Promise<ClusterObservation> {
  const hosts = await hostNames(client, () => readLog(client));
  const store = await client.eventStore();
  const deadline = Date.now() + (options.settleMs ?? 10_000);
  let observed: HostObservation[] = [];
  for (;;) {
    const last = await store.lastSeq();
    observed = await Promise.all(hosts.map((h) => observeHost(client, h)));
    if (observed.every((h) => !h.report || h.report.appliedSeq >= last) || Date.now() >= deadline) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  let management: ManagementStateHash | null = null;
  try {
    management = await client.managementHash();
  } catch {
    management = null;
  }
  // the hosts again, after the management service: both then sit at or before the log read last
  observed = await Promise.all(hosts.map((h) => observeHost(client, h)));
  return { events: await readLog(client), management, hosts: observed };
}
