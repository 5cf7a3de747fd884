// Test support only: nothing exports this file. A log built from real decisions, and honest observations of it.
import type { StoredEvent } from "@vdsim/eventstore";
import {
  canonicalHash,
  clusterStateHash,
  decide,
  decideHost,
  envelope,
  eventSubject,
  evolve,
  hostRealizedConfig,
  initialState,
  toDomainEvent,
  type ClusterState,
  type DomainEvent,
  type HostCommand,
  type ManagementCommand,
  type MigrationOutcome,
  type VNic,
} from "@vdsim/model";
import type { DataPlanePort, HostStateReport } from "@vdsim/protocol";
import { dataPlanePorts, hostTopology } from "@vdsim/esx";
import type { ClusterObservation } from "../observation.js";

export const T0 = Date.parse("2026-11-30T09:00:00.000Z");

/** A log grown one decided command (or migration event) at a time; its clock ticks 10 ms per event. */
export class Scenario {
  readonly events: StoredEvent[] = [];
  readonly state: ClusterState = initialState();
  #n = 0;
  #offset = 0;

  /** Moves the scenario's clock on: later events are recorded `ms` later. */
  wait(ms: number): this {
    this.#offset += ms;
    return this;
  }

  /** Decides a management command (it must decide one event) and records it under `commandId`. */
  command(command: ManagementCommand, commandId = `cmd-${this.#n + 1}`): StoredEvent {
    const decided = decide(command, this.state, { isHostResponding: () => true });
    if (decided.length !== 1) throw new Error(`${command.type} decided ${decided.length} events`);
    return this.record(decided[0]!, commandId);
  }

  /** Decides a host command as the host's agent does and records it under a random-looking id. */
  hostCommand(host: string, command: HostCommand, commandId = `host-cmd-${this.#n + 1}`): StoredEvent {
    const decided = decideHost(command, this.state, host);
    if (decided.length !== 1) throw new Error(`${command.type} decided ${decided.length} events`);
    return this.record(decided[0]!, commandId);
  }

  /** When the next event will be recorded (ms since the epoch). */
  get nextTime(): number {
    return T0 + this.#offset + 10 * (this.#n + 1);
  }

  record(event: DomainEvent, correlationId: string): StoredEvent {
    const time = new Date(T0 + this.#offset + 10 * ++this.#n).toISOString();
    const stored: StoredEvent = { seq: this.events.length + 1, subject: eventSubject(event), envelope: envelope(event, { commandId: correlationId, time }) };
    this.events.push(stored);
    evolve(this.state, event);
    return stored;
  }

  get lastSeq(): number {
    return this.events.length;
  }

  /** A migration through to its end (or stuck before it, with `result` null). */
  migrate(migration: string, vm: string, destination: string, result: "completed" | "rolledBack" | "failed" | null = "completed"): void {
    const v = this.state.vms[vm]!;
    const source = v.host;
    const nics: VNic[] = v.nics.map((n) => ({ ...n }));
    this.record({ type: "MigrationRequested", data: { migration, vm, source, destination, memoryMB: 1024, dirtyRateMBps: 64 } }, `${migration}:request`);
    const ports = nics.map((n) => ({ nic: n.index, portgroup: n.portgroup, ...(n.vds ? { vds: n.vds, portKey: n.portKey! } : {}) }));
    this.record({ type: "MigrationDestinationReserved", data: { migration, destination, ports } }, `${migration}:reserve`);
    if (result === "completed") this.record({ type: "VmMigrated", data: { migration, vm, source, destination, nics, drift: [] } }, `${migration}:commit`);
    if (result === null) return;
    const outcome: MigrationOutcome = {
      ...{ migrationId: migration, vm, source, destination, result, startedAt: 0, endedAt: 0, totalMs: 0, timeline: [], precopyIterations: 1, precopiedMB: 1024 },
      ...{ precopyStoppedBecause: "converged", stunMs: null, rarpSent: false, committedAt: null, drift: [], rollbackReason: null, cleanupErrors: [] },
      ...{ sourceCleanupPending: false, destinationCleanupPending: false },
    };
    this.record({ type: "MigrationEnded", data: { migration, result, outcome } }, `${migration}:end`);
  }

  /** A host's honest report: the log's realized configuration at `seq` (default: the end), its data plane to match. */
  hostReport(host: string, seq = this.lastSeq): HostStateReport {
    const state = initialState();
    for (const e of this.events) if (e.seq <= seq) evolve(state, toDomainEvent(e.envelope));
    const config = hostRealizedConfig(state, host);
    // the ports the host agent's own realization of that configuration holds
    return { host, appliedSeq: seq, hash: canonicalHash(config), config, dataPlane: dataPlanePorts(hostTopology(config)) };
  }

  /** Every process honest and caught up. */
  observe(): ClusterObservation {
    return {
      events: [...this.events],
      management: { seq: this.lastSeq, hash: clusterStateHash(this.state) },
      hosts: Object.keys(this.state.hosts).map((host) => ({ host, report: this.hostReport(host) })),
    };
  }
}

/** The standard setup: esx-01 and esx-02 on dvs1, port group web (VLAN 10), VMs a (esx-01) and b (esx-02). */
export function twoHostsWithVms(): Scenario {
  const s = new Scenario();
  s.command({ type: "RegisterHost", host: "esx-01", pnics: ["vmnic0", "vmnic1"] }, "register-esx-01-1");
  s.command({ type: "RegisterHost", host: "esx-02", pnics: ["vmnic0", "vmnic1"] }, "register-esx-02-1");
  s.command({ type: "CreateDistributedSwitch", vds: "dvs1" });
  s.command({ type: "AddHostToDistributedSwitch", vds: "dvs1", host: "esx-01", pnics: ["vmnic1"] });
  s.command({ type: "AddHostToDistributedSwitch", vds: "dvs1", host: "esx-02", pnics: ["vmnic1"] });
  s.command({ type: "AddDistributedPortGroup", vds: "dvs1", portgroup: "web", vlan: { kind: "vlan", id: 10 } });
  s.command({ type: "CreateVm", vm: "a", host: "esx-01", networks: ["web"] });
  s.command({ type: "CreateVm", vm: "b", host: "esx-02", networks: ["web"] });
  return s;
}

/** Replaces one host's observation. */
export function withHost(o: ClusterObservation, host: string, report: HostStateReport | null): ClusterObservation {
  return { ...o, hosts: o.hosts.map((h) => (h.host === host ? (report ? { host, report } : { host, report: null, problem: "timeout" }) : h)) };
}

/** A host's report with extra ports in its data plane. */
export function withPorts(report: HostStateReport, ...ports: DataPlanePort[]): HostStateReport {
  return { ...report, dataPlane: [...report.dataPlane, ...ports] };
}
