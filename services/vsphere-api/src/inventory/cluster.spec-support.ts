import { decide, envelope, type ManagementCommand } from "@vdsim/model";
import { FoldedCluster } from "./folded-cluster.js";

/** A cluster folded from the events the management side decides for these commands, as the log would hold them. */
export function foldCommands(commands: readonly ManagementCommand[]): FoldedCluster {
  const cluster = new FoldedCluster();
  let seq = 0;
  for (const [i, command] of commands.entries()) {
    const events = decide(command, cluster.state, { isHostResponding: () => true });
    for (const [j, event] of events.entries()) {
      const env = envelope(event, { commandId: `c${i}`, time: "2026-12-03T08:00:00.000Z" }, j);
      cluster.apply({ seq: ++seq, subject: `vdsim.evt.global.test.${i}`, envelope: env });
    }
  }
  return cluster;
}

/** Two hosts, a VDS on both with port group "web" (VLAN 10), VM "a" on esx-01 on it and VM "b" on esx-02's "VM Network". */
export const SAMPLE: readonly ManagementCommand[] = [
  { type: "RegisterHost", host: "esx-01", pnics: ["vmnic0", "vmnic1"] },
  { type: "RegisterHost", host: "esx-02", pnics: ["vmnic0", "vmnic1"] },
  { type: "CreateDistributedSwitch", vds: "dvs1" },
  { type: "AddHostToDistributedSwitch", vds: "dvs1", host: "esx-01", pnics: ["vmnic1"] },
  { type: "AddHostToDistributedSwitch", vds: "dvs1", host: "esx-02", pnics: ["vmnic1"] },
  { type: "AddDistributedPortGroup", vds: "dvs1", portgroup: "web", vlan: { kind: "vlan", id: 10 } },
  { type: "CreateVm", vm: "a", host: "esx-01", networks: ["web"] },
  { type: "CreateVm", vm: "b", host: "esx-02", networks: ["VM Network"] },
];
