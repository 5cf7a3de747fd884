import { hostRealizedConfig, summarizePortGroups, summarizeSwitches, type ClusterState } from "@vdsim/model";
import type { DashboardHost, DashboardTopology, HostChanges, TopologyChanges, TopologyHost } from "@vdsim/protocol";
import { topologyHost } from "./topology.js";

/**
 * The topology host by host, rebuilt only for the hosts events concern, and what changed since
 * the last changes(): at 1,000 hosts a VM created on one host sends that host, not 1,000.
 */
export class TopologyCache {
  readonly #hosts = new Map<string, { readonly key: string; readonly host: TopologyHost }>();
  /** hosts whose topology may have changed: rebuilt at the next refresh */
  readonly #dirty = new Set<string>();
  /** hosts rebuilt and different, not yet in a changes() */
  readonly #unsent = new Set<string>();
  readonly #removed = new Set<string>();
  #switches: { key: string; value: DashboardTopology["switches"] } = { key: "", value: [] };
  #portGroups: { key: string; value: DashboardTopology["portGroups"] } = { key: "", value: [] };
  #summariesDirty = true;
  #summariesUnsent = false;

  /** An event folded: these hosts' topology may differ now, and so may the switch and port group summaries. */
  touch(hosts: Iterable<string>): void {
    for (const h of hosts) this.#dirty.add(h);
    this.#summariesDirty = true;
  }

  /** whether changes() may have something to send (a snapshot's refresh leaves what it found unsent) */
  get dirty(): boolean {
    return this.#dirty.size > 0 || this.#summariesDirty || this.#unsent.size > 0 || this.#removed.size > 0 || this.#summariesUnsent;
  }

  /** The whole topology, for a new page. */
  full(state: ClusterState, seq: number): DashboardTopology {
    this.#refresh(state);
    return {
      seq,
      hosts: [...this.#hosts.keys()].sort().map((h) => this.#hosts.get(h)?.host ?? missing(h)),
      switches: this.#switches.value,
      portGroups: this.#portGroups.value,
    };
  }

  /** What changed since the previous call, or null when nothing did. */
  changes(state: ClusterState, seq: number): TopologyChanges | null {
    this.#refresh(state);
    if (this.#unsent.size === 0 && this.#removed.size === 0 && !this.#summariesUnsent) return null;
    const out: TopologyChanges = {
      seq,
      hosts: [...this.#unsent].sort().map((h) => this.#hosts.get(h)?.host ?? missing(h)),
      removed: [...this.#removed].sort(),
      ...(this.#summariesUnsent ? { switches: this.#switches.value, portGroups: this.#portGroups.value } : {}),
    };
    this.#unsent.clear();
    this.#removed.clear();
    this.#summariesUnsent = false;
    return out;
  }

  #refresh(state: ClusterState): void {
    // a host the log added is in no event's concerned list until its HostAdded: include every new name
    for (const h of Object.keys(state.hosts)) if (!this.#hosts.has(h)) this.#dirty.add(h);
    for (const h of this.#hosts.keys()) if (!state.hosts[h]) this.#dirty.add(h);
    for (const h of this.#dirty) {
      if (!state.hosts[h]) {
        if (this.#hosts.delete(h)) {
          this.#removed.add(h);
          this.#unsent.delete(h);
        }
        continue;
      }
      const host = topologyHost(hostRealizedConfig(state, h));
      const key = JSON.stringify(host);
      if (this.#hosts.get(h)?.key === key) continue;
      this.#hosts.set(h, { key, host });
      this.#unsent.add(h);
      this.#removed.delete(h);
    }
    this.#dirty.clear();
    if (!this.#summariesDirty) return;
    this.#summariesDirty = false;
    const switches = summarizeSwitches(state);
    const portGroups = summarizePortGroups(state);
    const sk = JSON.stringify(switches);
    const pk = JSON.stringify(portGroups);
    if (sk !== this.#switches.key || pk !== this.#portGroups.key) this.#summariesUnsent = true;
    this.#switches = { key: sk, value: switches };
    this.#portGroups = { key: pk, value: portGroups };
  }
}

function missing(host: string): never {
  throw new Error(`the topology cache lost host ${host}`);
}

/** The hosts whose status, applied sequence or process changed: their heartbeat clock alone does not count. */
export class HostChangeTracker {
  readonly #keys = new Map<string, string>();

  changes(hosts: readonly DashboardHost[]): HostChanges | null {
    const changed: DashboardHost[] = [];
    const seen = new Set<string>();
    for (const h of hosts) {
      seen.add(h.name);
      const key = `${h.status}:${h.appliedSeq ?? "-"}:${h.pid ?? "-"}`;
      if (this.#keys.get(h.name) === key) continue;
      this.#keys.set(h.name, key);
      changed.push(h);
    }
    const removed = [...this.#keys.keys()].filter((h) => !seen.has(h));
    for (const h of removed) this.#keys.delete(h);
    return changed.length === 0 && removed.length === 0 ? null : { hosts: changed, removed };
  }
}
