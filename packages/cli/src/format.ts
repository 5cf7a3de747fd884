import Table from "cli-table3";
import { formatVlan, type EventEnvelope, type PortGroupPolicy } from "@vdsim/model";
import type { CommandResult } from "@vdsim/protocol";

/** A table in esxcli's style: a header, a dashed rule, columns two spaces apart. */
export function table(head: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number>>): string {
  const t = new Table({
    chars: {
      top: "", "top-mid": "", "top-left": "", "top-right": "",
      bottom: "", "bottom-mid": "", "bottom-left": "", "bottom-right": "",
      left: "", "left-mid": "", mid: "", "mid-mid": "", right: "", "right-mid": "", middle: "  ",
    },
    style: { head: [], border: [], "padding-left": 0, "padding-right": 0 },
  });
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i] ?? "").length)));
  t.push([...head], widths.map((w) => "-".repeat(w)), ...rows.map((r) => r.map(String)));
  return t.toString().split("\n").map((l) => l.trimEnd()).join("\n");
}

export function ago(iso: string | null, now = Date.now()): string {
  if (iso === null) return "never";
  const s = (now - Date.parse(iso)) / 1000;
  return s < 60 ? `${s.toFixed(1)}s ago` : `${Math.round(s / 60)}m ago`;
}

export const onOff = (b: boolean): string => (b ? "true" : "false");

export function describePolicy(p: PortGroupPolicy): Record<string, string> {
  const shaping = (s: PortGroupPolicy["ingressShaping"]): string =>
    s.enabled ? `avg ${s.averageKbps} kbit/s, peak ${s.peakKbps} kbit/s, burst ${s.burstKB} KB` : "off";
  return {
    VLAN: formatVlan(p.vlan),
    Promiscuous: onOff(p.security.allowPromiscuous),
    "MAC changes": onOff(p.security.allowMacChanges),
    "Forged transmits": onOff(p.security.allowForgedTransmits),
    "Ingress shaping": shaping(p.ingressShaping),
    "Egress shaping": shaping(p.egressShaping),
    "Load balancing": p.teaming.loadBalancing,
    "Active uplinks": p.teaming.activeUplinks.join(",") || "(none)",
    "Standby uplinks": p.teaming.standbyUplinks.join(",") || "(none)",
    "Notify switches": onOff(p.teaming.notifySwitches),
    Failback: onOff(p.teaming.failback),
    Blocked: onOff(p.blocked),
  };
}

/** One line per event for `vdsim events tail`. */
export function describeEvent(seq: number, env: EventEnvelope): string {
  return `${String(seq).padStart(6)}  ${env.time}  ${env.type.padEnd(34)} ${describeData(env)}`;
}

/** A message every follower skips, in its place in the log: marked, with its subject and why. */
export function describeQuarantined(seq: number, subject: string, reason: string): string {
  return `${String(seq).padStart(6)}  ${"QUARANTINED".padEnd(24)}  ${subject}: ${reason}`;
}

function describeData(env: EventEnvelope): string {
  switch (env.type) {
    case "HostAdded":
      return `host ${env.data.host} (${env.data.pnics.join(", ")})`;
    case "DistributedSwitchCreated":
      return `${env.data.vds}: ${env.data.uplinks.length} uplinks, MTU ${env.data.mtu}, max ports ${env.data.maxPorts}`;
    case "DistributedSwitchReconfigured":
      return `${env.data.vds}: MTU ${env.data.mtu}`;
    case "HostAddedToDistributedSwitch":
      return `${env.data.vds} + ${env.data.host} ${JSON.stringify(env.data.uplinks)}`;
    case "HostRemovedFromDistributedSwitch":
      return `${env.data.vds} - ${env.data.host}`;
    case "DistributedPortGroupAdded":
      return `${env.data.vds}/${env.data.portgroup} ${env.data.key}, ${env.data.portKeys.length} ports, VLAN ${formatVlan(env.data.policy.vlan)}`;
    case "DistributedPortGroupPolicyChanged": {
      const { changes } = env.data;
      return `${env.data.vds}/${env.data.portgroup} changed ${Object.keys(changes).join(", ")}${changes.vlan ? `; VLAN ${formatVlan(changes.vlan)}` : ""}`;
    }
    case "VmCreated":
      return `${env.data.vm} on ${env.data.host}: ${env.data.nics.map((n) => `${n.mac} ${n.portgroup}[${n.portKey}]`).join(", ")}`;
    default: {
      const data: Readonly<Record<string, unknown>> = env.data;
      const { host, ...rest } = data;
      const detail = JSON.stringify(rest);
      return `${host === undefined ? "" : `${String(host)} `}${detail.length > 110 ? `${detail.slice(0, 107)}...` : detail}`;
    }
  }
}

/** Up to this many hosts, a --wait reply names each one. */
const LISTED_HOSTS = 16;

/** "applied on 3 hosts in 12 ms (esx-01 5 ms, ...)" for a --wait reply; past 16 hosts the median and the slowest three. */
export function describeApplied(r: CommandResult): string {
  const applied = r.applied ?? [];
  if (applied.length === 0 && (r.pending ?? []).length === 0) return "no host realizes this change yet";
  const slowest = Math.max(0, ...applied.map((a) => a.ms));
  const head = `applied on ${applied.length} host${applied.length === 1 ? "" : "s"} in ${slowest} ms`;
  if (applied.length > LISTED_HOSTS) {
    // a rack-sized cluster: the median and the slowest few, not a line of a thousand hosts
    const byMs = [...applied].sort((x, y) => x.ms - y.ms);
    const median = byMs[Math.floor((byMs.length - 1) / 2)]?.ms ?? 0;
    return `${head} (median ${median} ms; slowest ${byMs.slice(-3).reverse().map((a) => `${a.host} ${a.ms} ms`).join(", ")})`;
  }
  const each = applied.map((a) => `${a.host} ${a.ms} ms`).join(", ");
  return `${head}${each ? ` (${each})` : ""}`;
}
