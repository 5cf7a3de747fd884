import type { StoredEvent } from "@vdsim/eventstore";
import type { PortGroupPolicy } from "@vdsim/model";
import type { InventoryContext } from "../inventory/context.js";
import { REFS, hostRef, portGroupRef, switchRef } from "../inventory/refs.js";
import { data, int, str } from "../soap/values.js";
import { portSetting } from "../inventory/port-setting.js";
import { renderEvent, type EntityName, type EventDraft, type RenderedEvent } from "./event-args.js";
import { hostEventDraft } from "./host-drafts.js";
import { migrationFault } from "./migration-fault.js";

/** One vSphere event: its header and what it says; rendered (references resolved) when first read. */
export interface VsphereEvent {
  /** its place in the order events happened (the collectors' cursors count by it) */
  readonly ordinal: number;
  readonly key: number;
  readonly chainId: number;
  readonly type: string;
  readonly createdTime: Date;
  readonly userName: string;
  readonly draft: EventDraft;
  rendered?: RenderedEvent;
}

/**
 * Events that are not in the log (a host's connection lost, found from its heartbeats) are keyed
 * from here up: the log's sequence never gets there, so keys stay unique and the log's events keep
 * their seq as key.
 */
export const LIVENESS_KEY_BASE = 1_000_000_000;
/** A host still not heard from this long after its connection was lost: vCenter's reconnection attempt failed. */
export const RECONNECT_FAILED_AFTER_MS = 10_000;

interface MigrationInfo {
  readonly chainId: number;
  readonly vm: string;
  readonly source: string;
  readonly destination: string;
}

interface SwitchInfo {
  readonly ref: EntityName;
  configVersion: number;
}

interface PortGroupInfo {
  readonly ref: EntityName;
  policy: PortGroupPolicy;
  configVersion: number;
}

/**
 * The log folded into the vSphere events users grep for: each event of the log becomes one (or
 * none, for a migration's phases and its successful end, which vCenter does not post), keyed by
 * the log's seq. A migration's events share a chainId: the seq of its MigrationRequested event.
 * Every other event is a chain of its own (chainId = key), as vCenter's standalone events are.
 */
/**
 * How many events the service keeps (vCenter keeps a bounded history too): beyond it the oldest go,
 * a batch at a time; collectors count by ordinal, so dropping from the front does not move them.
 */
export const MAX_EVENTS_KEPT = 50_000;
const DROP_BATCH = 1_000;

export class VsphereEventFold {
  readonly #events: VsphereEvent[] = [];
  readonly #hosts = new Map<string, EntityName>();
  readonly #vms = new Map<string, string>();
  readonly #switches = new Map<string, SwitchInfo>();
  readonly #portGroups = new Map<string, PortGroupInfo>();
  readonly #migrations = new Map<string, MigrationInfo>();
  readonly #liveness = new Map<string, { connected: boolean; lostAt: number; reconnectFailed: boolean }>();
  #ordinal = 0;
  #livenessKey = LIVENESS_KEY_BASE;

  /** @param userName who the log's changes are attributed to (the log records no user; vdsim has one account) */
  constructor(private readonly userName: string) {}

  get size(): number {
    return this.#events.length;
  }

  /** Every event, in the order they happened. */
  all(): readonly VsphereEvent[] {
    return this.#events;
  }

  latest(): VsphereEvent | undefined {
    return this.#events.at(-1);
  }

  /** The chainId of a migration's events (the seq of its MigrationRequested), once it is in the log. */
  migrationChainId(migration: string): number | undefined {
    return this.#migrations.get(migration)?.chainId;
  }

  render(ctx: InventoryContext, e: VsphereEvent): RenderedEvent {
    e.rendered ??= renderEvent(ctx, e, e.draft);
    return e.rendered;
  }

  /** Folds the next event of the log; one it does not know is left out (never a throw: the cluster's fold decides validity). */
  apply(stored: StoredEvent): void {
    const draft = this.#draft(stored);
    if (!draft) return;
    const { seq, envelope } = stored;
    const chainId = "migration" in envelope.data ? (this.#migrations.get(envelope.data.migration)?.chainId ?? seq) : seq;
    this.#push({ key: seq, chainId, createdTime: new Date(envelope.time), userName: this.userName, draft });
  }

  /**
   * Host liveness as the service sees it now: a host that went notResponding gets a
   * HostConnectionLostEvent, one still silent RECONNECT_FAILED_AFTER_MS later a
   * HostReconnectionFailedEvent, one heard again a HostConnectedEvent. These are not in the log:
   * they are keyed from LIVENESS_KEY_BASE up, in the order they happen.
   */
  observeLiveness(connected: (host: string) => boolean, now = new Date()): void {
    for (const [name, host] of this.#hosts) {
      const up = connected(name);
      const was = this.#liveness.get(name) ?? { connected: true, lostAt: 0, reconnectFailed: false };
      let type: string | undefined;
      if (was.connected && !up) {
        type = "HostConnectionLostEvent";
        this.#liveness.set(name, { connected: false, lostAt: now.getTime(), reconnectFailed: false });
      } else if (!was.connected && up) {
        type = "HostConnectedEvent";
        this.#liveness.set(name, { connected: true, lostAt: 0, reconnectFailed: false });
      } else if (!up && !was.reconnectFailed && now.getTime() - was.lostAt >= RECONNECT_FAILED_AFTER_MS) {
        type = "HostReconnectionFailedEvent";
        this.#liveness.set(name, { ...was, reconnectFailed: true });
      }
      if (type) {
        const key = ++this.#livenessKey;
        this.#push({ key, chainId: key, createdTime: now, userName: "", draft: { type, host } });
      }
    }
  }

  #push(e: Omit<VsphereEvent, "ordinal" | "type">): void {
    this.#events.push({ ...e, type: e.draft.type, ordinal: this.#ordinal++ });
    if (this.#events.length > MAX_EVENTS_KEPT + DROP_BATCH) this.#events.splice(0, this.#events.length - MAX_EVENTS_KEPT);
  }

  #host(name: string): EntityName {
    return this.#hosts.get(name) ?? { kind: "host", name, ref: hostRef(this.#hosts.size) };
  }

  /** A switch the fold knows; a valid log creates every switch before naming it, so the fallback only keeps a bad log from throwing. */
  #switch(vds: string): SwitchInfo {
    return this.#switches.get(vds) ?? { ref: { kind: "dvs", name: vds, ref: switchRef(`dvportgroup-${vds}`) }, configVersion: 0 };
  }

  #draft(stored: StoredEvent): EventDraft | undefined {
    const env = stored.envelope;
    switch (env.type) {
      case "HostAdded": {
        const host: EntityName = { kind: "host", name: env.data.host, ref: hostRef(this.#hosts.size) };
        if (!this.#hosts.has(env.data.host)) this.#hosts.set(env.data.host, host);
        return { type: "HostAddedEvent", host: this.#host(env.data.host) };
      }
      case "DistributedSwitchCreated": {
        const d = env.data;
        const info: SwitchInfo = { ref: { kind: "dvs", name: d.vds, ref: switchRef(d.uplinkPortGroup.key) }, configVersion: 0 };
        this.#switches.set(d.vds, info);
        return { type: "DvsCreatedEvent", dvs: info.ref, extra: { parent: { kind: "folder", name: "network", ref: REFS.networkFolder } } };
      }
      case "DistributedSwitchReconfigured": {
        const s = this.#switch(env.data.vds);
        const configSpec = data("VMwareDVSConfigSpec", { configVersion: str(String(s.configVersion)), maxMtu: int(env.data.mtu) });
        s.configVersion++;
        return {
          type: "DvsReconfiguredEvent",
          dvs: s.ref,
          props: { configSpec, configChanges: data("ChangesInfoEventArgument", { modified: str(`config.maxMtu: ${env.data.mtu}`) }) },
        };
      }
      case "DistributedSwitchRemoved": {
        const s = this.#switch(env.data.vds);
        this.#switches.delete(env.data.vds);
        return { type: "DvsDestroyedEvent", dvs: s.ref };
      }
      case "HostAddedToDistributedSwitch": {
        const s = this.#switch(env.data.vds);
        s.configVersion++;
        const host = this.#host(env.data.host);
        return { type: "DvsHostJoinedEvent", dvs: s.ref, host, extra: { hostJoined: host } };
      }
      case "HostRemovedFromDistributedSwitch": {
        const s = this.#switch(env.data.vds);
        s.configVersion++;
        const host = this.#host(env.data.host);
        return { type: "DvsHostLeftEvent", dvs: s.ref, host, extra: { hostLeft: host } };
      }
      case "DistributedPortGroupAdded": {
        const d = env.data;
        const info: PortGroupInfo = { ref: { kind: "portgroup", name: d.portgroup, ref: portGroupRef(d.key) }, policy: d.policy, configVersion: 0 };
        this.#portGroups.set(`${d.vds}/${d.portgroup}`, info);
        return { type: "DVPortgroupCreatedEvent", dvs: this.#switch(d.vds).ref, net: info.ref };
      }
      case "DistributedPortGroupPolicyChanged": {
        const d = env.data;
        const pg = this.#portGroups.get(`${d.vds}/${d.portgroup}`);
        if (!pg) return undefined;
        const configSpec = data("DVPortgroupConfigSpec", { configVersion: str(String(pg.configVersion)), defaultPortConfig: portSetting({ ...pg.policy, ...d.changes }) });
        pg.policy = { ...pg.policy, ...d.changes };
        pg.configVersion++;
        const modified = Object.keys(d.changes).map((k) => `config.defaultPortConfig.${k}`).join("\n");
        return { type: "DVPortgroupReconfiguredEvent", dvs: this.#switch(d.vds).ref, net: pg.ref, props: { configSpec, configChanges: data("ChangesInfoEventArgument", { modified: str(modified) }) } };
      }
      case "DistributedPortGroupRemoved": {
        const key = `${env.data.vds}/${env.data.portgroup}`;
        const pg = this.#portGroups.get(key);
        this.#portGroups.delete(key);
        return pg && { type: "DVPortgroupDestroyedEvent", dvs: this.#switch(env.data.vds).ref, net: pg.ref };
      }
      case "VmCreated":
        this.#vms.set(env.data.vm, env.data.host);
        return { type: "VmCreatedEvent", vm: { kind: "vm", name: env.data.vm }, host: this.#host(env.data.host) };
      case "VmRemoved": {
        const on = this.#vms.get(env.data.vm);
        this.#vms.delete(env.data.vm);
        return { type: "VmRemovedEvent", vm: { kind: "vm", name: env.data.vm }, ...(on === undefined ? {} : { host: this.#host(on) }) };
      }
      case "MigrationRequested": {
        const d = env.data;
        this.#migrations.set(d.migration, { chainId: stored.seq, vm: d.vm, source: d.source, destination: d.destination });
        return { type: "VmBeingHotMigratedEvent", vm: { kind: "vm", name: d.vm }, host: this.#host(d.source), extra: { destHost: this.#host(d.destination) } };
      }
      case "VmMigrated": {
        const d = env.data;
        this.#vms.set(d.vm, d.destination);
        return { type: "VmMigratedEvent", vm: { kind: "vm", name: d.vm }, host: this.#host(d.destination), extra: { sourceHost: this.#host(d.source) } };
      }
      case "MigrationEnded": {
        const m = this.#migrations.get(env.data.migration);
        if (!m || env.data.result === "completed") return undefined;
        return {
          type: "VmFailedMigrateEvent",
          vm: { kind: "vm", name: m.vm },
          host: this.#host(m.source),
          extra: { destHost: this.#host(m.destination) },
          props: { reason: migrationFault(env.data.outcome.rollbackReason, env.data.result) },
        };
      }
      case "MigrationDestinationReserved":
      case "MigrationProgressed":
        return undefined;
      default:
        return hostEventDraft(env, (h) => this.#host(h), (vds) => this.#switch(vds).ref);
    }
  }
}
