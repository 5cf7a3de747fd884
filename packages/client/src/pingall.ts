import { expectedReachability, guestIp, type ReachabilityEnd, type Unreachable } from "@vdsim/dataplane";
import type { HostRealizedConfig } from "@vdsim/model";
import type { ClusterCalls } from "./types.js";

/** One vNIC taking part in pingall. */
export interface PingallNic {
  readonly vm: string;
  readonly nic: number;
  readonly host: string;
  readonly ip: string;
  readonly end: ReachabilityEnd;
}

export interface PingallPair {
  readonly from: string;
  readonly to: string;
  readonly expected: { readonly reachable: true } | { readonly reachable: false; readonly reason: Unreachable };
  readonly reached: boolean;
  readonly ok: boolean;
}

export interface PingallReport {
  readonly nics: ReadonlyArray<{ readonly label: string; readonly host: string; readonly ip: string }>;
  readonly pairs: readonly PingallPair[];
  /** pairs whose outcome differs from what the configuration says */
  readonly unexpected: number;
}

const label = (n: { vm: string; nic: number }): string => (n.nic === 0 ? n.vm : `${n.vm}#${n.nic}`);

/** The vNICs of a host's VMs with where their ports sit and what their policy says. */
export function pingallNics(config: HostRealizedConfig): PingallNic[] {
  const uplinked = new Set<string>();
  for (const sw of config.proxySwitches) if (Object.values(sw.uplinks).some((v) => v !== null)) uplinked.add(`dvs:${sw.vds}`);
  for (const sw of config.standardSwitches) if (sw.uplinks.length > 0) uplinked.add(sw.name);
  const nics: PingallNic[] = [];
  for (const p of config.dvPorts) {
    const sw = `dvs:${p.vds}`;
    nics.push({ vm: p.vm, nic: p.nic, host: config.host, ip: guestIp(p.mac), end: { host: config.host, switch: sw, vlan: p.policy.vlan, blocked: p.policy.blocked, uplinkUp: uplinked.has(sw) } });
  }
  for (const p of config.standardPorts) {
    const vlan = p.vlan === 0 ? ({ kind: "none" } as const) : ({ kind: "vlan", id: p.vlan } as const);
    nics.push({ vm: p.vm, nic: p.nic, host: config.host, ip: guestIp(p.mac), end: { host: config.host, switch: p.vswitch, vlan, blocked: false, uplinkUp: uplinked.has(p.vswitch) } });
  }
  return nics;
}

/**
 * As Mininet's pingall: every vNIC pings every other once. Pairs the configuration connects
 * must answer; pairs it isolates (VLAN, blocked port, no uplink) must not.
 */
export async function pingall(client: ClusterCalls, options: { timeoutMs?: number } = {}): Promise<PingallReport> {
  const status = await client.status();
  const hosts = [...new Set(status.vms.map((v) => v.host))].sort();
  const configs = await Promise.all(hosts.map((h) => client.hostState(h)));
  const nics = configs.flatMap((r) => pingallNics(r.config)).sort((a, b) => label(a).localeCompare(label(b)));
  const timeoutMs = options.timeoutMs ?? 800;
  const rows = await Promise.all(
    nics.map(async (from) => {
      const pairs: PingallPair[] = [];
      for (const to of nics) {
        if (to === from) continue;
        const r = expectedReachability(from.end, to.end);
        const expected = r.reachable ? ({ reachable: true } as const) : ({ reachable: false, reason: r.reason } as const);
        const reply = await client
          .pingFromVm({ vm: from.vm, nic: from.nic, target: to.ip, count: 1, timeoutMs: r.reachable ? timeoutMs * 2 : timeoutMs })
          .catch(() => undefined);
        const reached = (reply?.received ?? 0) > 0;
        pairs.push({ from: label(from), to: label(to), expected, reached, ok: reached === expected.reachable });
      }
      return pairs;
    }),
  );
  const pairs = rows.flat();
  return {
    nics: nics.map((n) => ({ label: label(n), host: n.host, ip: n.ip })),
    pairs,
    unexpected: pairs.filter((p) => !p.ok).length,
  };
}

