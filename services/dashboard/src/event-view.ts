import type { StoredEvent } from "@vdsim/eventstore";
import { formatVlan, type EventEnvelope, type VlanSpec } from "@vdsim/model";
import type { DashboardEvent, DashboardEventTags, JsonValue } from "@vdsim/protocol";

type Data = Readonly<Record<string, unknown>>;

const str = (v: unknown): string | null => (typeof v === "string" ? v : null);

/** Migration events, when vMotion records them: Migration* and VmMigrated. */
export function isMigrationEvent(type: string): boolean {
  return type.startsWith("Migration") || type === "VmMigrated";
}

/** An event of the log as the dashboard shows it: a one-line summary and the tags its filters use. */
export function toDashboardEvent(e: StoredEvent, concernedHosts: readonly string[] = []): DashboardEvent {
  const env = e.envelope;
  const d: Data = env.data;
  const hosts = new Set(concernedHosts);
  for (const key of ["host", "source", "destination", "from", "to"]) {
    const h = str(d[key]);
    if (h !== null && (key === "host" || isMigrationEvent(env.type))) hosts.add(h);
  }
  const tags: DashboardEventTags = {
    seq: e.seq,
    time: env.time,
    subject: e.subject,
    summary: summarize(env),
    correlationId: env.correlationId,
    hosts: [...hosts].sort(),
    vds: str(d.vds),
    vm: str(d.vm),
    migration: isMigrationEvent(env.type) ? (str(d.migration) ?? env.correlationId) : null,
  };
  // the browser gets the data as JSON carries it: the same shape, with nothing JSON cannot hold
  return { ...tags, type: env.type, data: toJson(env.data) } as DashboardEvent;
}

/** A plain JSON copy: the browser gets exactly what it can show. */
export function toJson(value: unknown): JsonValue {
  const text = JSON.stringify(value ?? null);
  return JSON.parse(text ?? "null") as JsonValue;
}

export function summarize(env: EventEnvelope): string {
  switch (env.type) {
    case "HostAdded":
      return `host ${env.data.host} (${env.data.pnics.join(", ")})`;
    case "DistributedSwitchCreated":
      return `${env.data.vds}: ${env.data.uplinks.length} uplinks, MTU ${env.data.mtu}`;
    case "DistributedSwitchReconfigured":
      return `${env.data.vds}: MTU ${env.data.mtu}`;
    case "DistributedSwitchRemoved":
      return `${env.data.vds} removed`;
    case "HostAddedToDistributedSwitch":
      return `${env.data.host} joined ${env.data.vds}`;
    case "HostRemovedFromDistributedSwitch":
      return `${env.data.host} left ${env.data.vds}`;
    case "DistributedPortGroupAdded":
      return `${env.data.vds}/${env.data.portgroup} added, VLAN ${formatVlan(env.data.policy.vlan)}`;
    case "DistributedPortGroupPolicyChanged": {
      const { changes } = env.data;
      return `${env.data.vds}/${env.data.portgroup} changed ${Object.keys(changes).join(", ")}${vlanText(changes.vlan)}`;
    }
    case "DistributedPortGroupRemoved":
      return `${env.data.vds}/${env.data.portgroup} removed`;
    case "VmCreated":
      return `${env.data.vm} on ${env.data.host}`;
    case "VmRemoved":
      return `${env.data.vm} removed`;
    default:
      return isMigrationEvent(env.type) ? migrationSummary(env.type, env.data) : genericSummary(env.data);
  }
}

function vlanText(vlan: VlanSpec | undefined): string {
  return vlan ? `; VLAN ${formatVlan(vlan)}` : "";
}

function migrationSummary(type: string, d: Data): string {
  const route = str(d.source) && str(d.destination) ? ` ${String(d.source)} -> ${String(d.destination)}` : "";
  const phase = str(d.phase) ? ` (${String(d.phase)})` : "";
  return `${str(d.vm) ?? type}${route}${phase}`;
}

function genericSummary(d: Data): string {
  const { host, ...rest } = d;
  const detail = JSON.stringify(rest);
  const text = `${host === undefined ? "" : `${String(host)} `}${detail}`;
  return text.length > 100 ? `${text.slice(0, 97)}...` : text;
}
