import { describe } from "vitest";
import { natsClusterScenarios } from "./support/cluster-scenarios.js";
import { containerNatsCluster, dockerAvailability } from "./support/container-cluster.js";
import { localNatsCluster } from "./support/local-nats-cluster.js";

// The deployment beyond one machine, three ways. Where testcontainers reaches a Docker engine,
// NATS runs in containers of the pinned image with deploy/nats/cluster.conf, and (given
// VDSIM_IMAGE, e.g. after `docker build -f deploy/Dockerfile -t vdsim:0.1.0 .`) so do the
// management service and the host agents. Where it does not, those suites are skipped by name,
// and the same scenarios run against local nats-server processes.
const docker = await dockerAvailability();
const vdsimImage = process.env.VDSIM_IMAGE;
const skipped = docker.available ? "" : ` [SKIPPED: no Docker engine reachable: ${docker.reason}]`;
if (!docker.available) console.warn(`testcontainers suites skipped: no Docker engine reachable (${docker.reason}); the scenarios run on local nats-server processes`);

describe.skipIf(!docker.available)(`testcontainers: a three-node NATS cluster in containers (${docker.available ? "nats from deploy/nats/cluster.conf" : "needs Docker"})${skipped}`, () => {
  natsClusterScenarios(() => containerNatsCluster());
});

describe.skipIf(!docker.available || !vdsimImage)(
  `testcontainers: management and host agents from the vdsim image ${vdsimImage ?? "(set VDSIM_IMAGE)"}${skipped || (vdsimImage ? "" : " [SKIPPED: VDSIM_IMAGE not set]")}`,
  () => {
    natsClusterScenarios(() => containerNatsCluster(vdsimImage));
  },
);

describe("local nats-server processes: a three-node cluster on loopback, vdsim joining it with --nats and replicas 3", () => {
  natsClusterScenarios(localNatsCluster);
});
