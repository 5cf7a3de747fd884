// Test support only: two simulated hosts realizing what a log decided, joined by an in-memory wire.
import { decide, decideHost, evolve, hostRealizedConfig, initialState, type DomainEvent, type HostCommand, type ManagementCommand, type VNic } from "@vdsim/model";
import { HostNetwork, type NetworkLog } from "../host-network.js";
import { hostTopology } from "../topology.js";
import { ManualClock } from "./manual-clock.js";
import { MemoryWire } from "./memory-wire.js";

export const HOSTS = ["esx-01", "esx-02"] as const;
export type HostName = (typeof HOSTS)[number];

export class TwoHosts {
  readonly state = initialState();
  readonly clock = new ManualClock();
  readonly wire: MemoryWire;
  readonly logged: Array<{ host: string; fields: Record<string, unknown>; message: string }> = [];
  readonly hosts: Record<HostName, HostNetwork>;

  constructor(latencyMs = 0) {
    this.wire = new MemoryWire(this.clock, latencyMs);
    const network = (host: HostName): HostNetwork => {
      const log: NetworkLog = { info: (fields, message) => void this.logged.push({ host, fields, message }) };
      const n = new HostNetwork(host, { clock: this.clock, log });
      this.wire.connect(n);
      return n;
    };
    this.hosts = { "esx-01": network("esx-01"), "esx-02": network("esx-02") };
  }

  /** Decides a management command, applies its events, and lets both hosts realize the result. */
  run(command: ManagementCommand): this {
    for (const e of decide(command, this.state, { isHostResponding: () => true })) evolve(this.state, e);
    return this.realize();
  }

  runOn(host: HostName, command: HostCommand): this {
    for (const e of decideHost(command, this.state, host)) evolve(this.state, e);
    return this.realize();
  }

  record(event: DomainEvent): this {
    evolve(this.state, event);
    return this.realize();
  }

  realize(): this {
    for (const host of HOSTS) this.hosts[host].apply(hostTopology(hostRealizedConfig(this.state, host)));
    return this;
  }

  /** The log's side of a vMotion up to the switchover: the destination holds the VM's ports, blocked. */
  reserve(migration: string, vm: string, destination: HostName): this {
    const v = this.state.vms[vm];
    if (!v) throw new Error(`no VM ${vm}`);
    this.record({ type: "MigrationRequested", data: { migration, vm, source: v.host, destination, memoryMB: 1024, dirtyRateMBps: 64 } });
    const ports = v.nics.map((n) => ({ nic: n.index, portgroup: n.portgroup, ...(n.vds !== undefined && n.portKey !== undefined ? { vds: n.vds, portKey: n.portKey } : {}) }));
    return this.record({ type: "MigrationDestinationReserved", data: { migration, destination, ports } });
  }

  /** The switchover commits: the VM runs on the destination, its ports move there. */
  commit(migration: string, vm: string, destination: HostName): this {
    const v = this.state.vms[vm];
    if (!v) throw new Error(`no VM ${vm}`);
    const nics: VNic[] = v.nics.map((n) => ({ ...n }));
    return this.record({ type: "VmMigrated", data: { migration, vm, source: v.host, destination, nics, drift: [] } });
  }

  /** The first vNIC's address of a VM, as its host's stack has it. */
  ipOf(vm: string): string {
    for (const host of HOSTS) {
      const ep = this.hosts[host].endpointOf(vm);
      if (ep) return ep.spec.ip;
    }
    throw new Error(`${vm} has no stack on either host`);
  }
}

/**
 * esx-01 and esx-02: vSwitch0 on vmnic0 with vmk0 (192.168.0.10 and .11), and dvs1 on vmnic1
 * with port group web (VLAN 10); VM a on esx-01, b on esx-02, both on web.
 */
export function twoHostsWithVms(latencyMs = 0): TwoHosts {
  return new TwoHosts(latencyMs)
    .run({ type: "RegisterHost", host: "esx-01", pnics: ["vmnic0", "vmnic1"] })
    .run({ type: "RegisterHost", host: "esx-02", pnics: ["vmnic0", "vmnic1"] })
    .run({ type: "CreateDistributedSwitch", vds: "dvs1" })
    .run({ type: "AddHostToDistributedSwitch", vds: "dvs1", host: "esx-01", pnics: ["vmnic1"] })
    .run({ type: "AddHostToDistributedSwitch", vds: "dvs1", host: "esx-02", pnics: ["vmnic1"] })
    .run({ type: "AddDistributedPortGroup", vds: "dvs1", portgroup: "web", vlan: { kind: "vlan", id: 10 } })
    .run({ type: "CreateVm", vm: "a", host: "esx-01", networks: ["web"] })
    .run({ type: "CreateVm", vm: "b", host: "esx-02", networks: ["web"] });
}
