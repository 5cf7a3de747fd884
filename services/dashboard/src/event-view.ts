import type { StoredEvent } from "@vdsim/eventstore";
import { formatVlan, type PortGroupPolicy, type VlanSpec } from "@vdsim/model";
import type { DashboardEvent, JsonValue } from "@vdsim/protocol";

type Data = Readonly<Record<string, unknown>>;

const str = (v: unknown): string | null => (typeof v === "string" ? v : null);

/** Migration events, when vMotion records them: Migration* and VmMigrated. */
export function isMigrationEvent(type: string): boolean {
  return type.startsWith("Migration") || type === "VmMigrated";
}

/** An event of the log as the dashboard shows it: a one-line summary and the tags its filters use. */
export function toDashboardEvent(e: StoredEvent, concernedHosts: readonly string[] = []): DashboardEvent {
  const env = e.envelope;
  const d = (typeof env.data === "object" && env.data !== null ? env.data : {}) as Data;
  const hosts = new Set(concernedHosts);
  for (const key of ["host", "source", "destination", "from", "to"]) {
    const h = str(d[key]);
    if (h !== null && (key === "host" || isMigrationEvent(env.type))) hosts.add(h);
  }
  return {
    seq: e.seq,
    type: env.type,
    time: env.time,
    subject: e.subject,
    summary: summarize(env.type, d),
    correlationId: env.correlationId,
    hosts: [...hosts].sort(),
    vds: str(d.vds),
    vm: str(d.vm),
    migration: isMigrationEvent(env.type) ? (str(d.migration) ?? env.correlationId) : null,
    data: toJson(env.data),
  };
}

/** A plain JSON copy: the browser gets exactly what it can show. */
export function toJson(value: unknown): JsonValue {
  const text = JSON.stringify(value ?? null);
  return JSON.parse(text ?? "null") as JsonValue;
}

export function summarize(type: string, d: Data): string {
  const list = (v: unknown): string => (Array.isArray(v) ? v.map(String).join(", ") : "");
  switch (type) {
    case "HostAdded":
      return `host ${String(d.host)} (${list(d.pnics)})`;
    case "DistributedSwitchCreated":
      return `${String(d.vds)}: ${Array.isArray(d.uplinks) ? d.uplinks.length : 0} uplinks, MTU ${String(d.mtu)}`;
    case "DistributedSwitchReconfigured":
      return `${String(d.vds)}: MTU ${String(d.mtu)}`;
    case "DistributedSwitchRemoved":
      return `${String(d.vds)} removed`;
    case "HostAddedToDistributedSwitch":
      return `${String(d.host)} joined ${String(d.vds)}`;
    case "HostRemovedFromDistributedSwitch":
      return `${String(d.host)} left ${String(d.vds)}`;
    case "DistributedPortGroupAdded": {
      const policy = d.policy as PortGroupPolicy | undefined;
      return `${String(d.vds)}/${String(d.portgroup)} added${policy ? `, VLAN ${formatVlan(policy.vlan)}` : ""}`;
    }
    case "DistributedPortGroupPolicyChanged": {
      const changes = (d.changes ?? {}) as Partial<PortGroupPolicy>;
      return `${String(d.vds)}/${String(d.portgroup)} changed ${Object.keys(changes).join(", ")}${vlanText(changes.vlan)}`;
    }
    case "DistributedPortGroupRemoved":
      return `${String(d.vds)}/${String(d.portgroup)} removed`;
    case "VmCreated":
      return `${String(d.vm)} on ${String(d.host)}`;
    case "VmRemoved":
      return `${String(d.vm)} removed`;
    default:
      return isMigrationEvent(type) ? migrationSummary(type, d) : genericSummary(d);
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
