import { expect } from "vitest";
import type { MigrationSummary, VdsimClient } from "@vdsim/client";

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
