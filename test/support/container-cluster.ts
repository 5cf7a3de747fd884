import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startCluster } from "@vdsim/cluster";
import type { GenericContainer as GenericContainerClass, StartedNetwork, StartedTestContainer } from "testcontainers";
import type { NatsClusterUnderTest } from "./cluster-scenarios.js";
import { ROOT, natsImages, readText } from "./deploy-files.js";

type Testcontainers = typeof import("testcontainers");

/** Whether testcontainers finds a Docker engine (DOCKER_HOST, a socket, ...), and why not. */
export async function dockerAvailability(): Promise<{ available: true } | { available: false; reason: string }> {
  try {
    const { getContainerRuntimeClient } = await import("testcontainers");
    await getContainerRuntimeClient();
    return { available: true };
  } catch (err) {
    return { available: false, reason: err instanceof Error ? err.message : String(err) };
  }
}

const NODES = ["nats-1", "nats-2", "nats-3"] as const;
/** The pinned NATS image of docker-compose.yml, so the containers run what compose runs. */
const NATS_IMAGE = `nats:${natsImages(readText("docker-compose.yml"))[0]}`;

/**
 * The compose topology in containers: three NATS nodes configured by deploy/nats/cluster.conf on
 * a network of their own, accepting the users `node deploy/nats-users.mjs` writes; vdsim's
 * services as local processes (all as admin: `up --nats` hands every process one credentials
 * file), or, given `vdsimImage`, as containers of that image, each with its own role's seed.
 */
export async function containerNatsCluster(vdsimImage?: string): Promise<NatsClusterUnderTest> {
  const tc: Testcontainers = await import("testcontainers");
  const secrets = mkdtempSync(join(tmpdir(), "vdsim-nats-users-"));
  execFileSync(process.execPath, [join(ROOT, "deploy", "nats-users.mjs"), "--hosts", "8", secrets]);
  const network = await new tc.Network().start();
  const started: StartedTestContainer[] = [];
  try {
    const nodes = await Promise.all(NODES.map((name) => natsNode(tc, network, name, join(secrets, "users.conf"))));
    started.push(...nodes);
    const urls = nodes.map((c) => `nats://${c.getHost()}:${c.getMappedPort(4222)}`);
    const services: StartedTestContainer[] = [];
    const cluster: NatsClusterUnderTest = {
      urls,
      credsFile: join(secrets, "client.nk"),
      async kill(node) {
        const i = NODES.indexOf(node as (typeof NODES)[number]);
        if (i < 0) throw new Error(`no NATS node named ${node}`);
        const client = await tc.getContainerRuntimeClient();
        await client.container.getById(nodes[i]!.getId()).kill({ signal: "SIGKILL" });
      },
      async startVdsim(hosts) {
        if (!vdsimImage) return startCluster({ hosts, nats: urls.join(","), natsCreds: join(secrets, "admin.nk"), replicas: 3 });
        const inside = NODES.map((n) => `nats://${n}:4222`).join(",");
        const vdsim = (command: string[], seed: string, env: Record<string, string>, ready: RegExp): GenericContainerClass =>
          new tc.GenericContainer(vdsimImage)
            .withNetwork(network)
            .withCopyFilesToContainer([{ source: join(secrets, seed), target: "/tmp/nats.nk", mode: 0o644 }])
            .withEnvironment({ NATS_URL: inside, NATS_CREDS: "/tmp/nats.nk", ...env })
            .withCommand(command)
            .withWaitStrategy(tc.Wait.forLogMessage(ready));
        services.push(await vdsim(["management"], "management.nk", { VDSIM_REPLICAS: "3" }, /management service ready/).start());
        const names = Array.from({ length: hosts }, (_, i) => `esx-${String(i + 1).padStart(2, "0")}`);
        services.push(...(await Promise.all(names.map((h) => vdsim(["host-agent", h], join("hosts", `${h}.nk`), {}, /host agent ready/).start()))));
        return { [Symbol.asyncDispose]: async () => void (await Promise.all(services.map((s) => s.stop()))) };
      },
      async [Symbol.asyncDispose]() {
        await Promise.all(started.map((c) => c.stop().catch(() => undefined)));
        await network.stop();
        rmSync(secrets, { recursive: true, force: true });
      },
    };
    return cluster;
  } catch (err) {
    await Promise.all(started.map((c) => c.stop().catch(() => undefined)));
    await network.stop();
    rmSync(secrets, { recursive: true, force: true });
    throw err;
  }
}

function natsNode(tc: Testcontainers, network: StartedNetwork, name: string, users: string): Promise<StartedTestContainer> {
  return new tc.GenericContainer(NATS_IMAGE)
    .withNetwork(network)
    .withNetworkAliases(name)
    .withEnvironment({ SERVER_NAME: name })
    .withCopyFilesToContainer([
      { source: join(ROOT, "deploy", "nats", "cluster.conf"), target: "/etc/nats/cluster.conf" },
      { source: users, target: "/etc/nats/users.conf" },
    ])
    .withCommand(["--config", "/etc/nats/cluster.conf"])
    .withExposedPorts(4222)
    .withWaitStrategy(tc.Wait.forLogMessage(/Server is ready/))
    .start();
}
