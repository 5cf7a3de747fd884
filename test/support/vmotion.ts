import { expect } from "vitest";
import type { MigrationSummary, VdsimClient } from "@vdsim/client";
import type { MigrationOutcome } from "@vdsim/model";
import { waitFor } from "@vdsim/runtime";

/** Adds port group "vMotion" on vSwitch0 with a vMotion-enabled vmknic, as an administrator would with vicfg-*. */
export async function enableVmotion(client: VdsimClient, host: string, ip: string): Promise<void> {
  expect((await client.hostCli(host, "vicfg-vswitch", ["-A", "vMotion", "vSwitch0"])).exitCode).toBe(0);
  for (const argv of [["-a", "-i", ip, "-n", "255.255.255.0", "vMotion"], ["--enable-vmotion", "vMotion"]]) {
    expect((await client.hostCli(host, "vicfg-vmknic", argv)).exitCode).toBe(0);
  }
}

export async function migrateAndWait(client: VdsimClient, vm: string, to: string, params: { memoryMB?: number } = {}): Promise<MigrationSummary> {
  const { migration, seq } = await client.migrate(vm, to, params);
  return client.waitForMigration(migration, seq);
}

/** Polls the management service's listing until the migration has a result (it may be resuming after a restart). */
export function migrationEnded(client: VdsimClient, migration: string): Promise<MigrationSummary> {
  return waitFor(
    `migration ${migration} to end`,
    async () => {
      const m = (await client.migrations()).find((x) => x.id === migration);
      return m?.result ? m : undefined;
    },
    60_000,
    200,
  );
}

/** The precheck's reasons a migration was refused for (empty when it was not refused by its precheck). */
export function reasonsOf(outcome: MigrationOutcome | null): readonly string[] {
  const r = outcome?.rollbackReason;
  return r?.kind === "precheckFailed" ? r.reasons : [];
}
