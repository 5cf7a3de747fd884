import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startCluster } from "@vdsim/cluster";
import { startNatsCluster, stopProcess } from "@vdsim/runtime";
import type { NatsClusterUnderTest } from "./cluster-scenarios.js";

/** Three nats-server processes clustered on loopback; vdsim's services as local processes joining them. */
export async function localNatsCluster(): Promise<NatsClusterUnderTest> {
  const dir = mkdtempSync(join(tmpdir(), "vdsim-local-cluster-"));
  const nats = await startNatsCluster({ dir, nodes: 3 });
  return {
    urls: nats.urls,
    async kill(node) {
      const server = nats.nodes.find((n) => n.name === node);
      if (!server) throw new Error(`no NATS node named ${node}`);
      await stopProcess(server.pid, "SIGKILL");
    },
    startVdsim: (hosts) => startCluster({ hosts, nats: nats.urls.join(","), replicas: 3 }),
    async [Symbol.asyncDispose]() {
      await nats.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
