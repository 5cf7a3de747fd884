import { existsSync } from "node:fs";
import { join } from "node:path";
import type { NatsConnection } from "@nats-io/transport-node";
import { SNAPSHOT_LOAD_MS, loadNearestSnapshot, type EventStore, type SnapshotRejected } from "@vdsim/eventstore";
import { UsageError, connectNats, onShutdown, withDeadline, type Logger } from "@vdsim/runtime";
import { HostAgent, openHostLog, type HostAgentOptions } from "./agent.js";
import { hostAgentConfig, type HostAgentConfig } from "./config.js";
import { SharedLog } from "./shared-log.js";
import type { HostSnapshot } from "./snapshot.js";

/** The agent's settings from its command line and environment; a bad command line prints its usage and exits 2. */
export function configOrExit(argv: readonly string[], env: NodeJS.ProcessEnv): HostAgentConfig {
  try {
    return hostAgentConfig(argv, env);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    console.error(err.message);
    process.exit(2);
  }
}

/** One host's event log and realization, given the log its process opened: the test-only entry wraps them to plant bugs. */
export type AgentParts = (store: EventStore, host: string) => Pick<HostAgentOptions, "store" | "topologyOf">;

/** What the process is called in its NATS connection and its logs: the host, or the rack's first and last host. */
export function processName(config: HostAgentConfig): string {
  const names = config.hosts.map((h) => h.host);
  return names.length === 1 ? `vdsim-host-${names[0]}` : `vdsim-rack-${names[0]}..${names.at(-1)}`;
}

/**
 * Connects once, starts a host agent per host of the config on that connection and one shared
 * read of the event log, and stops them all on SIGTERM. Each host keeps its own state, snapshot,
 * subjects, heartbeats and data plane; losing the process loses them all (a rack losing power).
 */
export async function runHostAgent(config: HostAgentConfig, log: Logger, parts: AgentParts = (store) => ({ store })): Promise<void> {
  const nc = await connectNats({ ...config.nats, name: processName(config), waitOnFirstConnect: true });
  const shared = new SharedLog(await openHostLog(nc));
  const snapshotFile = (dataDir: string | undefined): string | undefined => (dataDir ? join(dataDir, "snapshot.json") : undefined);
  // read once for every host of the process that has no snapshot of its own
  const needSeed = config.hosts.some(({ dataDir }) => !existsSync(snapshotFile(dataDir) ?? ""));
  let seed = needSeed ? await clusterSnapshot(nc, log) : undefined;
  // the rack's first host keeps the state; the others' snapshots point to it
  const stateIn = config.hosts.length > 1 ? snapshotFile(config.hosts[0]!.dataDir) : undefined;
  const agents = await Promise.all(
    config.hosts.map(({ host, dataDir }, i) =>
      HostAgent.start(
        nc,
        {
          host,
          pnics: config.pnics,
          ...(dataDir ? { snapshotFile: snapshotFile(dataDir)! } : {}),
          ...(stateIn && i > 0 ? { stateIn } : {}),
          seed: () => (seed ? { seq: seed.seq, state: structuredClone(seed.state), subjectSeqs: seed.subjectSeqs } : undefined),
          ...parts(shared, host),
        },
        log.child({ component: "agent", host }),
      ),
    ),
  );
  seed = undefined; // every agent took its copy: the process keeps none
  log.info({ server: nc.getServer(), hosts: agents.length }, agents.length === 1 ? "host agent ready" : `rack of ${agents.length} host agents ready`);
  onShutdown(async () => {
    await Promise.all(agents.map((a) => a[Symbol.asyncDispose]()));
    await shared.stop();
    await nc.drain();
  });
}

/** The management service's newest snapshot that checks out; none when there is none, or snapshots cannot be read. */
async function clusterSnapshot(nc: NatsConnection, log: Logger): Promise<HostSnapshot | undefined> {
  try {
    const onRejected = (err: SnapshotRejected): void => log.warn({ seq: err.seq, reason: err.reason }, err.message);
    const loaded = await withDeadline("the cluster's newest snapshot", SNAPSHOT_LOAD_MS, loadNearestSnapshot(nc, { onRejected }));
    return loaded ? { seq: loaded.content.seq, state: loaded.content.state, subjectSeqs: loaded.content.subjectSeqs } : undefined;
  } catch (err) {
    log.warn({ err }, "the cluster's snapshots could not be read: hosts without a snapshot of their own follow the log from sequence 1");
    return undefined;
  }
}
