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
  const d = env.data as Record<string, unknown>;
  let what: string;
  switch (env.type) {
    case "HostAdded":
      what = `host ${d.host} (${(d.pnics as string[]).join(", ")})`;
      break;
    case "DistributedSwitchCreated":
      what = `${d.vds}: ${(d.uplinks as string[]).length} uplinks, MTU ${d.mtu}, max ports ${d.maxPorts}`;
      break;
    case "DistributedSwitchReconfigured":
      what = `${d.vds}: MTU ${d.mtu}`;
      break;
    case "HostAddedToDistributedSwitch":
      what = `${d.vds} + ${d.host} ${JSON.stringify(d.uplinks)}`;
      break;
    case "HostRemovedFromDistributedSwitch":
      what = `${d.vds} - ${d.host}`;
      break;
    case "DistributedPortGroupAdded":
      what = `${d.vds}/${d.portgroup} ${d.key}, ${(d.portKeys as string[]).length} ports, VLAN ${formatVlan((d.policy as PortGroupPolicy).vlan)}`;
      break;
    case "DistributedPortGroupPolicyChanged": {
      const changes = d.changes as Partial<PortGroupPolicy>;
      what = `${d.vds}/${d.portgroup} changed ${Object.keys(changes).join(", ")}${changes.vlan ? `; VLAN ${formatVlan(changes.vlan)}` : ""}`;
      break;
    }
    case "VmCreated":
      what = `${d.vm} on ${d.host}: ${(d.nics as Array<{ mac: string; portgroup: string; portKey: string }>)
        .map((n) => `${n.mac} ${n.portgroup}[${n.portKey}]`)
        .join(", ")}`;
      break;
    default: {
      const { host, ...rest } = d;
      const detail = JSON.stringify(rest);
      what = `${host === undefined ? "" : `${String(host)} `}${detail.length > 110 ? `${detail.slice(0, 107)}...` : detail}`;
    }
  }
  return `${String(seq).padStart(6)}  ${env.time}  ${env.type.padEnd(34)} ${what}`;
}

/** "applied on 3 hosts in 12 ms (esx-01 5 ms, ...)" for a --wait reply. */
export function describeApplied(r: CommandResult): string {
  const applied = r.applied ?? [];
  if (applied.length === 0 && (r.pending ?? []).length === 0) return "no host realizes this change yet";
  const slowest = Math.max(0, ...applied.map((a) => a.ms));
  const each = applied.map((a) => `${a.host} ${a.ms} ms`).join(", ");
  return `applied on ${applied.length} host${applied.length === 1 ? "" : "s"} in ${slowest} ms${each ? ` (${each})` : ""}`;
}
