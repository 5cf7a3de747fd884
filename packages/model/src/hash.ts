import { createHash } from "node:crypto";
import { configure } from "safe-stable-stringify";
import { hostRealizedConfig } from "./host-view.js";
import type { ClusterState } from "./state.js";

const canonical = configure({ deterministic: true, circularValue: Error, bigint: false });

/** sha256 of the canonical (key-sorted) JSON of a value. */
export function canonicalHash(value: unknown): string {
  return createHash("sha256").update(canonical(value) ?? "null").digest("hex");
}

export function clusterStateHash(state: ClusterState): string {
  return canonicalHash(state);
}

export function hostStateHash(state: ClusterState, host: string): string {
  return canonicalHash(hostRealizedConfig(state, host));
}
