/** What the scheduler needs to know of a migration. */
export interface ScheduledMigration {
  readonly id: string;
  readonly source: string;
  readonly destination: string;
}

/** vSphere's concurrent vMotions per host, by the speed of the vMotion network. */
export const VMOTION_LIMITS = { "1GbE": 4, "10GbE": 8 } as const;

export function concurrentVmotionLimit(linkSpeedMbps: number): number {
  return linkSpeedMbps >= 10_000 ? VMOTION_LIMITS["10GbE"] : VMOTION_LIMITS["1GbE"];
}

export interface HostLimits {
  /** concurrent migrations a host takes part in, as source or destination */
  readonly defaultLimit: number;
  /** per-host exceptions, e.g. a host whose vMotion vmknic is on 10GbE */
  readonly perHost?: Readonly<Record<string, number>>;
}

/**
 * Admits migrations when both their source and destination have a free slot, first come first
 * served. A queued migration holds on to the free slots it can already use, so later arrivals
 * cannot take them and starve it; migrations between other hosts go ahead meanwhile. Pure and
 * deterministic: the same calls always admit the same migrations in the same order.
 */
export class MigrationScheduler {
  readonly #limits: HostLimits;
  readonly #queue: ScheduledMigration[] = [];
  readonly #running = new Map<string, ScheduledMigration>();

  constructor(limits: HostLimits = { defaultLimit: VMOTION_LIMITS["1GbE"] }) {
    if (!(limits.defaultLimit >= 1)) throw new RangeError("A host must allow at least one concurrent migration");
    this.#limits = limits;
  }

  limitOf(host: string): number {
    return this.#limits.perHost?.[host] ?? this.#limits.defaultLimit;
  }

  /** Queues a migration; returns what this admits (possibly it), in FIFO order. An id already known is ignored. */
  enqueue(migration: ScheduledMigration): readonly ScheduledMigration[] {
    if (this.#running.has(migration.id) || this.#queue.some((m) => m.id === migration.id)) return [];
    this.#queue.push(migration);
    return this.#admit();
  }

  /** A migration ended (or a queued one was cancelled): frees its slots; returns what that admits. */
  finish(id: string): readonly ScheduledMigration[] {
    const queuedAt = this.#queue.findIndex((m) => m.id === id);
    if (queuedAt >= 0) this.#queue.splice(queuedAt, 1);
    else if (!this.#running.delete(id)) return [];
    return this.#admit();
  }

  queued(): readonly ScheduledMigration[] {
    return [...this.#queue];
  }

  /** In the order they were admitted. */
  running(): readonly ScheduledMigration[] {
    return [...this.#running.values()];
  }

  /** Slots in use on a host. */
  inUse(host: string): number {
    let n = 0;
    for (const m of this.#running.values()) if (hostsOf(m).includes(host)) n++;
    return n;
  }

  #admit(): ScheduledMigration[] {
    const free = new Map<string, number>();
    const admitted: ScheduledMigration[] = [];
    for (const m of [...this.#queue]) {
      const hosts = hostsOf(m);
      for (const h of hosts) if (!free.has(h)) free.set(h, this.limitOf(h) - this.inUse(h));
      const fits = hosts.every((h) => (free.get(h) ?? 0) > 0);
      // Admitted, it uses a slot on each host; still waiting, it holds the ones it could use.
      for (const h of hosts) free.set(h, Math.max(0, (free.get(h) ?? 0) - 1));
      if (fits) {
        admitted.push(m);
        this.#queue.splice(this.#queue.indexOf(m), 1);
        this.#running.set(m.id, m);
      }
    }
    return admitted;
  }
}

/** The hosts a migration takes a slot on: one each, even in the odd case source = destination. */
function hostsOf(m: ScheduledMigration): readonly string[] {
  return m.source === m.destination ? [m.source] : [m.source, m.destination];
}
