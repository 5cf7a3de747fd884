import type { StoredEvent } from "@vdsim/eventstore";
import type { Fault } from "../history.js";

/** A span of time, epoch ms. */
export interface Span {
  readonly from: number;
  readonly to: number;
}

export const meets = (a: Span, b: Span): boolean => a.from < b.to && a.to > b.from;

/** After a fault is healed, this long still belongs to its window (reconnects, heartbeats, MAC re-learning). */
export const SETTLE_MS = 2_000;

/** Where each VM ran and when it was migrating, as the log says: what a flow's frames depended on. */
export class VmTimeline {
  readonly #hosts = new Map<string, Array<{ at: number; host: string }>>();
  readonly #migrating = new Map<string, Span[]>();

  constructor(events: readonly StoredEvent[]) {
    const started = new Map<string, { vm: string; at: number }>();
    for (const e of events) {
      const at = Date.parse(e.envelope.time);
      const env = e.envelope;
      if (env.type === "VmCreated") this.#push(this.#hosts, env.data.vm, { at, host: env.data.host });
      if (env.type === "VmMigrated") this.#push(this.#hosts, env.data.vm, { at, host: env.data.destination });
      if (env.type === "MigrationRequested") started.set(env.data.migration, { vm: env.data.vm, at });
      if (env.type === "MigrationEnded") {
        const s = started.get(env.data.migration);
        if (s) this.#push(this.#migrating, s.vm, { from: s.at, to: at });
        started.delete(env.data.migration);
      }
    }
    for (const s of started.values()) this.#push(this.#migrating, s.vm, { from: s.at, to: Infinity });
  }

  #push<T>(map: Map<string, T[]>, key: string, value: T): void {
    (map.get(key) ?? map.set(key, []).get(key)!).push(value);
  }

  /** The hosts a VM ran on during a span; undefined when the log does not know the VM (an IP address). */
  hostsDuring(vm: string, span: Span): Set<string> | undefined {
    const placements = this.#hosts.get(vm);
    if (!placements) return undefined;
    const out = new Set<string>();
    for (let i = 0; i < placements.length; i++) {
      const until = placements[i + 1]?.at ?? Infinity;
      if (placements[i]!.at < span.to && until > span.from) out.add(placements[i]!.host);
    }
    return out;
  }

  migratingDuring(vm: string, span: Span): boolean {
    return (this.#migrating.get(vm) ?? []).some((m) => meets(m, span));
  }
}

/**
 * Whether a fault can touch frames between two VMs on `hosts` (undefined: not known, so any
 * fault can): a kill, pause or partition of one of those hosts, any NATS node's death. A
 * management outage cannot: the data plane does not depend on the management service.
 */
export function touches(f: Fault, hosts: ReadonlySet<string> | undefined): boolean {
  if (f.kind === "mgmt-kill") return false;
  if (f.kind === "nats-kill") return true;
  return hosts === undefined || faultHosts(f).some((h) => hosts.has(h));
}

/** The hosts a host fault took down: its target, and the rest of its rack. */
export function faultHosts(f: Fault): readonly string[] {
  return f.hosts ?? [f.target];
}

/** Whether a fault killed the agent of one of `hosts` (undefined: any host), restarting its counters from zero. */
export function killsAnyOf(f: Fault, hosts: ReadonlySet<string> | undefined): boolean {
  return (f.kind === "kill" || f.kind === "rack-kill") && (hosts === undefined || faultHosts(f).some((h) => hosts.has(h)));
}

/** A fault's window, stretched by the settling time after its heal. */
export const windowOf = (f: Fault): Span => ({ from: f.startedAt, to: f.healedAt + SETTLE_MS });
