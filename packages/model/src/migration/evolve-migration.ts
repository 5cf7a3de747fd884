import type { ClusterState } from "../state.js";
import type { MigrationEvent } from "./events.js";

export function evolveMigration(state: ClusterState, event: MigrationEvent): ClusterState {
  const migrations = state.migrations;
  switch (event.type) {
    case "MigrationRequested": {
      const d = event.data;
      migrations[d.migration] = {
        id: d.migration,
        vm: d.vm,
        source: d.source,
        destination: d.destination,
        memoryMB: d.memoryMB,
        dirtyRateMBps: d.dirtyRateMBps,
        phase: "queued",
        progress: 0,
        reservation: null,
        committed: false,
        result: null,
        outcome: null,
        snapshot: null,
      };
      return state;
    }
    case "MigrationDestinationReserved": {
      const m = migrations[event.data.migration];
      if (m) m.reservation = event.data.ports;
      return state;
    }
    case "MigrationProgressed": {
      const m = migrations[event.data.migration];
      if (m) {
        m.phase = event.data.phase;
        m.progress = event.data.progress;
        m.snapshot = event.data.snapshot;
      }
      return state;
    }
    case "VmMigrated": {
      const m = migrations[event.data.migration];
      const vm = state.vms[event.data.vm];
      if (m) m.committed = true;
      if (vm) {
        vm.host = event.data.destination;
        vm.nics = event.data.nics.map((n) => ({ ...n }));
      }
      return state;
    }
    case "MigrationEnded": {
      const m = migrations[event.data.migration];
      if (m) {
        m.result = event.data.result;
        m.outcome = event.data.outcome;
        m.phase = event.data.result;
        m.progress = event.data.result === "completed" ? 100 : m.progress;
      }
      return state;
    }
  }
}
