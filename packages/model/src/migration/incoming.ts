import type { ClusterState } from "../state.js";
import type { MigrationRecord } from "./state.js";

/** Migrations to this host that reserved their ports and have not switched over or ended, in id order. */
export function incomingMigrations(state: ClusterState, host: string): MigrationRecord[] {
  return Object.values(state.migrations)
    .filter((m) => m.destination === host && m.result === null && !m.committed && m.reservation !== null)
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
