import { join } from "node:path";
import type { EventStore } from "@vdsim/eventstore";
import { UsageError, connectNats, onShutdown, type Logger } from "@vdsim/runtime";
import { HostAgent, openHostLog, type HostAgentOptions } from "./agent.js";
import { hostAgentConfig, type HostAgentConfig } from "./config.js";

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

/** The agent's event log and realization, given the opened log: the test-only entry wraps them to plant bugs. */
export type AgentParts = (store: EventStore) => Pick<HostAgentOptions, "store" | "topologyOf">;

/** Connects, starts the host agent on the event log and stops it on SIGTERM. */
export async function runHostAgent(config: HostAgentConfig, log: Logger, parts: AgentParts = (store) => ({ store })): Promise<void> {
  const { host } = config;
  const nc = await connectNats({ ...config.nats, name: `vdsim-host-${host}`, waitOnFirstConnect: true });
  const agent = await HostAgent.start(
    nc,
    { host, pnics: config.pnics, ...(config.dataDir ? { snapshotFile: join(config.dataDir, "snapshot.json") } : {}), ...parts(await openHostLog(nc)) },
    log.child({ component: "agent" }),
  );
  log.info({ server: nc.getServer() }, "host agent ready");
  onShutdown(async () => {
    await agent[Symbol.asyncDispose]();
    await nc.drain();
  });
}
