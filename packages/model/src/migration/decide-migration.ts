import { DomainError, DomainErrorCode, invalid, notFound } from "../errors.js";
import type { DomainEvent } from "../events.js";
import { requireHost, requireVm } from "../decide/guards.js";
import type { ClusterState, VNic } from "../state.js";
import type { MigrationOutcome } from "./outcome.js";
import { planDestination } from "./precheck.js";
import { VM_DEFAULTS, type MigrationRecord, type MigrationResult, type PortDriftItem } from "./state.js";

/** Commands of the vMotion orchestrator (the management service). */
export type MigrationCommand =
  | {
      readonly type: "RequestMigration";
      readonly migration: string;
      readonly vm: string;
      readonly destination: string;
      readonly memoryMB?: number;
      readonly dirtyRateMBps?: number;
    }
  | { readonly type: "ReserveMigrationDestination"; readonly migration: string }
  | { readonly type: "RecordMigrationProgress"; readonly migration: string; readonly phase: string; readonly progress: number; readonly snapshot: unknown }
  | { readonly type: "CommitMigration"; readonly migration: string; readonly drift: readonly PortDriftItem[] }
  | { readonly type: "EndMigration"; readonly migration: string; readonly result: MigrationResult; readonly outcome: MigrationOutcome };

export function activeMigrationOf(state: ClusterState, vm: string): MigrationRecord | undefined {
  return Object.values(state.migrations).find((m) => m.vm === vm && m.result === null);
}

function requireMigration(state: ClusterState, id: string): MigrationRecord {
  const m = state.migrations[id];
  if (!m) throw notFound("Migration", id);
  return m;
}

function requireOpen(m: MigrationRecord): void {
  if (m.result !== null) throw invalid(`Migration "${m.id}" of "${m.vm}" has already ended (${m.result})`);
}

export function decideMigration(command: MigrationCommand, state: ClusterState): DomainEvent[] {
  switch (command.type) {
    case "RequestMigration": {
      if (state.migrations[command.migration]) return [];
      const vm = requireVm(state, command.vm);
      requireHost(state, command.destination);
      if (vm.host === command.destination) throw invalid(`Virtual machine "${vm.name}" already runs on host "${command.destination}"`);
      const busy = activeMigrationOf(state, vm.name);
      if (busy) throw new DomainError(DomainErrorCode.InUse, `Virtual machine "${vm.name}" is already migrating (migration ${busy.id} to ${busy.destination})`);
      for (const [field, value] of [["memory", command.memoryMB], ["dirty rate", command.dirtyRateMBps]] as const) {
        if (value !== undefined && !(Number.isFinite(value) && value > 0)) throw invalid(`Invalid ${field} ${value}: expected a positive number`);
      }
      const memoryMB = command.memoryMB ?? vm.memoryMB ?? VM_DEFAULTS.memoryMB;
      const dirtyRateMBps = command.dirtyRateMBps ?? vm.dirtyRateMBps ?? VM_DEFAULTS.dirtyRateMBps;
      const data = { migration: command.migration, vm: vm.name, source: vm.host, destination: command.destination, memoryMB, dirtyRateMBps };
      return [{ type: "MigrationRequested", data }];
    }
    case "ReserveMigrationDestination": {
      const m = requireMigration(state, command.migration);
      requireOpen(m);
      if (m.reservation !== null) return [];
      const plan = planDestination(state, m.vm, m.destination);
      if (plan.reasons.length > 0) throw invalid(`Cannot reserve ports on "${m.destination}" for "${m.vm}": ${plan.reasons.join("; ")}`);
      return [{ type: "MigrationDestinationReserved", data: { migration: m.id, destination: m.destination, ports: plan.ports } }];
    }
    case "RecordMigrationProgress": {
      const m = requireMigration(state, command.migration);
      requireOpen(m);
      const { migration, phase, progress, snapshot } = command;
      return [{ type: "MigrationProgressed", data: { migration, phase, progress, snapshot } }];
    }
    case "CommitMigration": {
      const m = requireMigration(state, command.migration);
      requireOpen(m);
      if (m.committed) return [];
      if (m.reservation === null) throw invalid(`Migration "${m.id}" has no reserved destination ports to switch over to`);
      const vm = requireVm(state, m.vm);
      const nics: VNic[] = vm.nics.map((nic) => {
        const r = m.reservation?.find((p) => p.nic === nic.index);
        if (!r || r.vswitch === undefined) return nic;
        return { index: nic.index, mac: nic.mac, portgroup: nic.portgroup, vswitch: r.vswitch };
      });
      return [{ type: "VmMigrated", data: { migration: m.id, vm: m.vm, source: m.source, destination: m.destination, nics, drift: command.drift } }];
    }
    case "EndMigration": {
      const m = requireMigration(state, command.migration);
      if (m.result !== null) return [];
      if (command.result === "rolledBack" && m.committed) throw invalid(`Migration "${m.id}" passed its switchover: it can only complete`);
      return [{ type: "MigrationEnded", data: { migration: m.id, result: command.result, outcome: command.outcome } }];
    }
  }
}
