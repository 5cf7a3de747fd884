import { createHash } from "node:crypto";

/**
 * Numbers handed out in the order names are first seen (the log's order, so every follower of the
 * same log numbers alike): vm-N, network-N. A name keeps its number for the process's life.
 */
export class IdRegistry {
  readonly #ids = new Map<string, number>();
  #next: number;

  constructor(first: number) {
    this.#next = first;
  }

  id(name: string): number {
    let id = this.#ids.get(name);
    if (id === undefined) {
      id = this.#next++;
      this.#ids.set(name, id);
    }
    return id;
  }
}

function digest(seed: string): Buffer {
  return createHash("sha256").update(seed).digest();
}

/** A VDS uuid as vCenter writes one: 16 hex bytes, space separated, a dash in the middle. */
export function dvsUuid(seed: string): string {
  const hex = [...digest(`dvs:${seed}`).subarray(0, 16)].map((b) => b.toString(16).padStart(2, "0"));
  return `${hex.slice(0, 8).join(" ")}-${hex.slice(8).join(" ")}`;
}

/** An RFC 4122-shaped uuid derived from a seed (a VM's config.uuid, the instance uuid). */
export function stableUuid(seed: string): string {
  const h = digest(seed).toString("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The number in a key such as "dvportgroup-12". */
export function keyNumber(key: string): number | undefined {
  const m = /-(\d+)$/.exec(key);
  return m ? Number(m[1]) : undefined;
}
