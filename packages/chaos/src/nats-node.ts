import { readFileSync } from "node:fs";
import { join } from "node:path";
import { embeddedNatsUsers, readClusterRecord, stateLayout, writeClusterRecord, type NatsNodeRecord } from "@vdsim/cluster";
import { startNatsServer, stopProcess } from "@vdsim/runtime";

/** The NATS nodes `vdsim up --nats-cluster N` recorded in a state dir (empty for a single server or a joined one). */
export function clusterNodes(stateDir: string): NatsNodeRecord[] {
  const nodes = readClusterRecord(stateDir)?.natsNodes ?? [];
  return nodes.length >= 3 ? [...nodes] : [];
}

function node(stateDir: string, name: string): NatsNodeRecord {
  const found = clusterNodes(stateDir).find((n) => n.name === name);
  if (!found) throw new Error(`no NATS node ${name} recorded in ${stateDir}`);
  return found;
}

/** kill -9 one NATS node of the cluster. */
export async function killNatsNode(stateDir: string, name: string): Promise<void> {
  await stopProcess(node(stateDir, name).pid, "SIGKILL");
}

/**
 * Starts a NATS node again with its own config, JetStream store and client port (so every
 * process's URL list reaches it again), and records its new pid.
 */
export async function restartNatsNode(stateDir: string, name: string): Promise<number> {
  const old = node(stateDir, name);
  const layout = stateLayout(stateDir);
  const config = readFileSync(join(layout.nats, `${name}.conf`), "utf8");
  const route = /listen:\s*127\.0\.0\.1:(\d+)/.exec(config);
  const routes = /routes:\s*\[([^\]]*)\]/.exec(config);
  const clusterName = /cluster\s*\{\s*name:\s*"([^"]+)"/.exec(config);
  if (!route || !routes || !clusterName) throw new Error(`${name}.conf in ${layout.nats} is not a clustered node's config`);
  const users = embeddedNatsUsers(readClusterRecord(stateDir) ?? {});
  const server = await startNatsServer({
    ...(users === undefined ? {} : { users }),
    dir: layout.nats,
    name,
    detached: true,
    logFile: layout.log(name),
    port: Number(new URL(old.url).port),
    cluster: { name: clusterName[1]!, port: Number(route[1]), routes: JSON.parse(`[${routes[1]}]`) as string[] },
  });
  const record = readClusterRecord(stateDir);
  if (record) {
    const natsNodes = (record.natsNodes ?? []).map((n) => (n.name === name ? { ...n, pid: server.pid } : n));
    writeClusterRecord(stateDir, { ...record, natsNodes, natsPid: natsNodes[0]?.pid ?? record.natsPid });
  }
  return server.pid;
}
