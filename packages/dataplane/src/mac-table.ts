import type { Mac } from "./frame.js";
import { VLAN_IDS } from "./vlan.js";

/** What the table needs of a port: its id, for listing. */
export interface LearningPort {
  readonly id: string;
}

/** Where a switch last saw a MAC: one of its ports, or (port null) behind its uplinks. */
interface MacEntry<P> {
  port: P | null;
  lastSeen: number;
}

export interface MacTableEntry {
  readonly vlan: number;
  readonly mac: Mac;
  /** null: learned from an uplink, the MAC is on the physical network */
  readonly portId: string | null;
  readonly ageMs: number;
}

/** A switch's learned MACs, keyed by (VLAN, MAC): one Map per VLAN in use, so no key is built per frame. */
export class MacTable<P extends LearningPort = LearningPort> {
  private readonly byVlan: Array<Map<Mac, MacEntry<P>> | undefined> = new Array<Map<Mac, MacEntry<P>> | undefined>(VLAN_IDS).fill(undefined);
  private readonly vlansInUse: number[] = [];
  private nextSweepAt = Number.NEGATIVE_INFINITY;

  constructor(public agingMs: number) {}

  /** Records that `mac` sent from `port` (null: from an uplink) at `now`. A live local entry is not taken over by an uplink. */
  learn(vlan: number, mac: Mac, port: P | null, now: number): void {
    let table = this.byVlan[vlan];
    if (table === undefined) {
      table = new Map();
      this.byVlan[vlan] = table;
      this.vlansInUse.push(vlan);
    }
    const entry = table.get(mac);
    if (entry === undefined) {
      table.set(mac, { port, lastSeen: now });
      if (now >= this.nextSweepAt) this.sweep(now);
      return;
    }
    if (port === null && entry.port !== null && now - entry.lastSeen <= this.agingMs) return;
    entry.port = port;
    entry.lastSeen = now;
  }

  /** The port that owns `mac` in `vlan`, null when it is behind the uplinks, undefined when unknown or aged out. */
  lookup(vlan: number, mac: Mac, now: number): P | null | undefined {
    const table = this.byVlan[vlan];
    if (table === undefined) return undefined;
    const entry = table.get(mac);
    if (entry === undefined) return undefined;
    if (now - entry.lastSeen > this.agingMs) {
      table.delete(mac);
      return undefined;
    }
    return entry.port;
  }

  /** Removes aged-out entries, at most once per aging time, so MACs never looked up again do not pile up. */
  private sweep(now: number): void {
    this.nextSweepAt = now + this.agingMs;
    for (const vlan of this.vlansInUse) {
      const table = this.byVlan[vlan];
      if (table === undefined) continue;
      for (const [mac, entry] of table) if (now - entry.lastSeen > this.agingMs) table.delete(mac);
    }
  }

  /** How many entries the table holds, aged-out ones included until they are swept. */
  get size(): number {
    let n = 0;
    for (const vlan of this.vlansInUse) n += this.byVlan[vlan]?.size ?? 0;
    return n;
  }

  /** Forgets every MAC learned on `port`. */
  forgetPort(port: P): void {
    for (const vlan of this.vlansInUse) {
      const table = this.byVlan[vlan];
      if (table === undefined) continue;
      for (const [mac, entry] of table) if (entry.port === port) table.delete(mac);
    }
  }

  /** The live entries at `now`, sorted by VLAN then MAC; aged-out entries are removed. */
  entries(now: number): MacTableEntry[] {
    const result: MacTableEntry[] = [];
    for (const vlan of [...this.vlansInUse].sort((a, b) => a - b)) {
      const table = this.byVlan[vlan];
      if (table === undefined) continue;
      for (const [mac, entry] of table) {
        const ageMs = now - entry.lastSeen;
        if (ageMs > this.agingMs) table.delete(mac);
        else result.push({ vlan, mac, portId: entry.port?.id ?? null, ageMs });
      }
    }
    return result.sort((a, b) => a.vlan - b.vlan || (a.mac < b.mac ? -1 : a.mac > b.mac ? 1 : 0));
  }
}
