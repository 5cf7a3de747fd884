import type { EventStore } from "@vdsim/eventstore";
import { UsageError, connectNats, onShutdown, type Logger } from "@vdsim/runtime";
import { managementConfig, type ManagementConfig } from "./config.js";
import { ManagementService, openEventLog } from "./service.js";

/** The service's settings from its command line and environment; a bad command line prints its usage and exits 2. */
export function configOrExit(argv: readonly string[], env: NodeJS.ProcessEnv): ManagementConfig {
  try {
    return managementConfig(argv, env);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    console.error(err.message);
    process.exit(2);
  }
}

/**
 * Connects, starts the service on the event log and stops it on SIGTERM. `wrapLog` is how the
 * test-only entry plants bugs in the store; the service's own entry leaves the store as it opens.
 */
export async function runManagement(config: ManagementConfig, log: Logger, wrapLog: (store: EventStore) => EventStore = (store) => store): Promise<void> {
  const replicas = config.replicas === undefined ? {} : { replicas: config.replicas };
  const nc = await connectNats({ ...config.nats, name: "vdsim-management", waitOnFirstConnect: true });
  const store = wrapLog(await openEventLog(nc, replicas));
  const service = await ManagementService.start(nc, log.child({ component: "management" }), {
    store,
    ...replicas,
    ...(config.snapshotEvery === undefined ? {} : { snapshotEvery: config.snapshotEvery }),
  });
  log.info({ server: nc.getServer(), ...replicas }, "management service ready");
  onShutdown(async () => {
    await service[Symbol.asyncDispose]();
    await nc.drain();
  });
}
