import type { VdsimClient } from "@vdsim/client";

/** When a migration ran, by the log: from its request to its end (open-ended if it has not ended). */
export interface MigrationWindow {
  readonly migration: string;
  readonly vm: string;
  readonly from: number;
  readonly to: number;
}

/** The windows of the given migrations, read from the log from sequence `fromSeq`. */
export async function migrationWindows(client: VdsimClient, ids: ReadonlySet<string>, fromSeq = 1): Promise<MigrationWindow[]> {
  const started = new Map<string, { vm: string; from: number }>();
  const ended = new Map<string, number>();
  for await (const e of client.events({ from: fromSeq })) {
    const data = e.envelope.data as { migration?: string; vm?: string };
    if (data.migration === undefined || !ids.has(data.migration)) continue;
    if (e.envelope.type === "MigrationRequested") started.set(data.migration, { vm: String(data.vm), from: Date.parse(e.envelope.time) });
    if (e.envelope.type === "MigrationEnded") ended.set(data.migration, Date.parse(e.envelope.time));
  }
  return [...started].map(([migration, s]) => ({ migration, vm: s.vm, from: s.from, to: ended.get(migration) ?? Number.POSITIVE_INFINITY }));
}

/** true when one of the VMs was migrating at some moment in [from, to] */
export function migratedDuring(windows: readonly MigrationWindow[], vms: readonly string[], from: number, to: number): boolean {
  return windows.some((w) => vms.includes(w.vm) && w.from <= to && w.to >= from);
}
