// A cluster of real processes, driven from code: typed calls, typed events, typed errors.
import { DomainErrorCode, RemoteError, type Topology } from "@vdsim/client";
import { startCluster } from "@vdsim/cluster";

export async function main(): Promise<{ vlan: number | null; refused: string; recorded: number }> {
  // nats-server, the management service and two host agents, stopped when `cluster` goes out of scope
  await using cluster = await startCluster({ hosts: 2 });
  const { client } = cluster;

  // a topology as a value: the same shape as a YAML file for `vdsim apply`
  const topology: Topology = {
    distributedSwitches: {
      dvs1: { hosts: { "esx-01": ["vmnic1"], "esx-02": ["vmnic1"] }, portGroups: { web: { vlan: 10 } } },
    },
    vms: { "web-01": { host: "esx-01", networks: ["web"] }, "web-02": { host: "esx-02", networks: ["web"] } },
  };
  await client.apply(topology, { waitMs: 10_000 });
  const again = await client.apply(topology); // converged already: records nothing

  // the live event stream, typed by `type`; subscribed once `watch()` resolves
  const events = await client.watch();
  await client.setPortGroupPolicy("dvs1", "web", { vlan: { kind: "vlan", id: 20 } }, { waitMs: 10_000 });
  let vlan: number | null = null;
  for await (const e of events) {
    if (e.type === "DistributedPortGroupPolicyChanged") {
      vlan = e.data.changes.vlan?.kind === "vlan" ? e.data.changes.vlan.id : null;
      break; // leaving the loop stops the subscription
    }
  }

  // a host's own configuration, typed, decided by its agent
  await client.hostCommand("esx-01", { type: "AddStandardSwitch", vswitch: "vSwitch1" });

  // refusals are RemoteErrors carrying the decider's code and message
  let refused = "";
  try {
    await client.hostCommand("esx-01", { type: "AddStandardSwitch", vswitch: "vSwitch1" });
  } catch (err) {
    if (err instanceof RemoteError && err.code === DomainErrorCode.AlreadyExists) refused = err.message;
    else throw err;
  }

  // process control: a paused agent stops heartbeating; the management service notices
  cluster.pauseHost("esx-02");
  cluster.resumeHost("esx-02");
  await client.waitConverged({ hosts: ["esx-01", "esx-02"] });
  return { vlan, refused, recorded: again.recorded };
}
