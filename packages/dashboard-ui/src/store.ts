import { batch, computed, signal, type Signal } from "@preact/signals";
import type { DashboardEvent, DashboardFeatures, DashboardHost, DashboardMessage, DashboardTopology, Propagation, QuarantineView } from "@vdsim/protocol";
import { applyHostChanges, applyTopologyChanges, countHosts, inHostOrder } from "./host-filter.js";
import { deriveMigrations } from "./migrations.js";
import { NO_FILTER, hostsByName, mergeEvents, shareStructure, upsertPropagations, type EventFilter } from "./view-model.js";

// The page's state: one signal per slice, so a heartbeat re-renders host badges, not the log.

export const topology = signal<DashboardTopology | null>(null);
export const hosts = signal<ReadonlyMap<string, DashboardHost>>(new Map());
export const events: Signal<readonly DashboardEvent[]> = signal<readonly DashboardEvent[]>([]);
export const propagations = signal<readonly Propagation[]>([]);
export const features = signal<DashboardFeatures>({ vmotion: false });
/** the messages of the log every follower skipped */
export const quarantined = signal<QuarantineView>({ count: 0, latest: [] });
export const connection = signal<"connecting" | "live" | "reconnecting">("connecting");

export const eventFilter = signal<EventFilter>(NO_FILTER);
export const selectedEvent: Signal<DashboardEvent | null> = signal<DashboardEvent | null>(null);
/** a VM name to find: its chips are highlighted */
export const vmQuery = signal("");
/** what the host grid shows: a host or VM name, or a status word (host-filter.ts filterHosts) */
export const hostQuery = signal("");
/** ticks every second so "last heartbeat 2.1s ago" moves */
export const now = signal(Date.now());

export const migrations = computed(() => deriveMigrations(events.value));
export const latestPropagation = computed(() => propagations.value.at(-1) ?? null);
export const hostNames = computed(() => topology.value?.hosts.map((h) => h.name) ?? []);
export const hostCounts = computed(() => countHosts(hostNames.value, hosts.value, topology.value?.seq ?? 0));

export function applyMessage(m: DashboardMessage): void {
  batch(() => {
    switch (m.kind) {
      case "snapshot":
        topology.value = shareStructure(topology.value, inHostOrder(m.snapshot.topology));
        hosts.value = hostsByName(m.snapshot.hosts);
        events.value = mergeEvents([], m.snapshot.events);
        propagations.value = upsertPropagations([], m.snapshot.propagations);
        features.value = m.snapshot.features;
        quarantined.value = m.snapshot.quarantined ?? { count: 0, latest: [] };
        break;
      case "quarantined":
        quarantined.value = m.quarantined;
        break;
      case "topologyChanges":
        topology.value = applyTopologyChanges(topology.value, m.changes);
        break;
      case "hostChanges":
        hosts.value = applyHostChanges(hosts.value, m.changes);
        break;
      case "events":
        events.value = mergeEvents(events.value, m.events);
        break;
      case "propagations":
        propagations.value = upsertPropagations(propagations.value, m.propagations);
        break;
    }
  });
}

const KINDS: ReadonlyArray<DashboardMessage["kind"]> = ["snapshot", "topologyChanges", "hostChanges", "events", "propagations", "quarantined"];

/** Opens the live stream; the browser reconnects by itself and each reconnect starts with a snapshot. */
export function connect(): () => void {
  const source = new EventSource("api/stream");
  source.onopen = () => (connection.value = "live");
  source.onerror = () => (connection.value = "reconnecting");
  for (const kind of KINDS) {
    source.addEventListener(kind, (ev: MessageEvent<string>) => applyMessage(JSON.parse(ev.data) as DashboardMessage));
  }
  const clock = setInterval(() => (now.value = Date.now()), 1_000);
  return () => {
    clearInterval(clock);
    source.close();
  };
}
