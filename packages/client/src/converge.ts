import { waitFor } from "@vdsim/runtime";
import type { ClusterStatus } from "@vdsim/protocol";
import type { ClusterCalls } from "./types.js";

export interface ConvergeOptions {
  readonly timeoutMs?: number;
  /** hosts that must be connected too; other hosts that do not respond are not waited for */
  readonly hosts?: readonly string[];
}

/** Where the cluster stood once it converged. */
export interface Converged {
  readonly seq: number;
  readonly hosts: readonly string[];
}

/**
 * Waits until the management service and every responding host agent (and each host in
 * `hosts`, which must be connected) have applied the log up to its last sequence when the wait began.
 */
export async function waitConverged(client: ClusterCalls, options: ConvergeOptions = {}): Promise<Converged> {
  const target = await (await client.eventStore()).lastSeq();
  const required = new Set(options.hosts ?? []);
  let last: ClusterStatus | undefined;
  try {
    return await waitFor(
      `the cluster to apply the log through sequence ${target}`,
      async () => {
        const status = await client.status();
        last = status;
        if (status.seq < target) return undefined;
        for (const name of required) if (!status.hosts.some((h) => h.name === name && h.status === "connected")) return undefined;
        const live = status.hosts.filter((h) => h.status === "connected");
        if (live.some((h) => (h.appliedSeq ?? 0) < target)) return undefined;
        return { seq: target, hosts: live.map((h) => h.name) };
      },
      options.timeoutMs ?? 30_000,
      50,
    );
  } catch (err) {
    const behind = (last?.hosts ?? [])
      .filter((h) => (required.has(h.name) && h.status !== "connected") || (h.status === "connected" && (h.appliedSeq ?? 0) < target))
      .map((h) => `${h.name} (${h.status === "connected" ? `applied ${h.appliedSeq ?? 0}` : "not responding"})`);
    throw new Error(`${err instanceof Error ? err.message : String(err)}${behind.length ? `; behind: ${behind.join(", ")}` : ""}`);
  }
}
