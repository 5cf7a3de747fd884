import { canonicalHash, defaultStandardPolicy, type ClusterState, type StandardPortGroup, type StandardSwitch } from "@vdsim/model";
import { stringify } from "yaml";
import { policySpec } from "./policy.js";
import type { DistributedSwitchTopology, HostTopology, Topology, VmkNicTopology } from "./schema.js";

const byName = <T>(entries: Array<[string, T]>): Record<string, T> => Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

/**
 * The cluster's configuration as a topology file says it: every host's standard switches and
 * VMkernel NICs, every distributed switch with its members and port groups, every VM.
 * Applying it to a fresh cluster of the same hosts gives the same topology.
 */
export function exportTopology(state: ClusterState): Topology {
  const hosts = byName(Object.values(state.hosts).map((h): [string, HostTopology] => {
    const standardSwitches = byName(
      Object.values(h.standardSwitches).map((sw) => [
        sw.name,
        {
          ports: sw.numPorts,
          mtu: sw.mtu,
          uplinks: [...sw.uplinks],
          ...switchPolicySpec(sw),
          portGroups: byName(Object.values(h.standardPortGroups).filter((pg) => pg.vswitch === sw.name).map((pg) => [pg.name, standardPortGroupSpec(pg)])),
        },
      ]),
    );
    const vmknics = byName(
      Object.values(h.vmknics).flatMap((n): Array<[string, VmkNicTopology]> => {
        const c = n.connection;
        const where = c.kind === "standard" ? { portGroup: c.portgroup } : { portGroup: state.switches[c.vds]?.ports[c.portKey]?.portgroup ?? "", distributedSwitch: c.vds };
        return [
          [
            n.name,
            {
              ...where,
              ...(n.ipv4 ? { ip: n.ipv4.address, netmask: n.ipv4.netmask } : {}),
              mtu: n.mtu,
              enabled: n.enabled,
              vmotion: n.services.vmotion,
              management: n.services.management,
            },
          ],
        ];
      }),
    );
    return [h.name, { standardSwitches, vmknics }];
  }));
  const distributedSwitches = byName(
    Object.values(state.switches).map((sw): [string, DistributedSwitchTopology] => [
      sw.name,
      {
        uplinks: sw.uplinks.length,
        mtu: sw.mtu,
        maxPorts: sw.maxPorts,
        hosts: byName(Object.values(sw.members).map((m) => [m.host, backing(sw.uplinks, m.uplinks)])),
        portGroups: byName(
          Object.values(state.portGroups)
            .filter((pg) => pg.vds === sw.name)
            .map((pg) => [pg.name, { ports: pg.portKeys.length, ...policySpec(pg.policy, sw.uplinks) }]),
        ),
      },
    ]),
  );
  const vms = byName(
    Object.values(state.vms).map((vm) => [
      vm.name,
      {
        host: vm.host,
        networks: vm.nics.map((n) => n.portgroup),
        ...(vm.memoryMB === undefined ? {} : { memoryMB: vm.memoryMB }),
        ...(vm.dirtyRateMBps === undefined ? {} : { dirtyRateMBps: vm.dirtyRateMBps }),
      },
    ]),
  );
  return { hosts, distributedSwitches, vms };
}

/** The vmnic behind each uplink in order, null where none; trailing nulls dropped. */
function backing(uplinks: readonly string[], byUplink: Readonly<Record<string, string>>): Array<string | null> {
  const list = uplinks.map((u) => byUplink[u] ?? null);
  while (list.length > 0 && list[list.length - 1] === null) list.pop();
  return list;
}

const SECTIONS = ["security", "shaping", "teaming"] as const;

/** A standard switch's policy as a file writes it: the fields that differ from a new switch's, per section. */
function switchPolicySpec(sw: StandardSwitch): Partial<Record<(typeof SECTIONS)[number], Record<string, unknown>>> {
  const base = defaultStandardPolicy(sw.uplinks);
  const out: Partial<Record<(typeof SECTIONS)[number], Record<string, unknown>>> = {};
  for (const section of SECTIONS) {
    const now = sw.policy[section] as unknown as Record<string, unknown>;
    const was = base[section] as unknown as Record<string, unknown>;
    const diff = Object.fromEntries(Object.entries(now).filter(([k, v]) => JSON.stringify(v) !== JSON.stringify(was[k])));
    if (Object.keys(diff).length > 0) out[section] = diff;
  }
  return out;
}

/** A standard port group: its VLAN and each section it overrides, whole. */
function standardPortGroupSpec(pg: StandardPortGroup): Record<string, unknown> {
  return { vlan: pg.vlan, ...Object.fromEntries(SECTIONS.flatMap((s) => (pg.overrides[s] === null ? [] : [[s, { ...pg.overrides[s] }]]))) };
}

/**
 * The state hash of what a topology file can say: equal on two clusters exactly when exporting
 * either gives the same file. (The full cluster state hash also covers MAC addresses, dvPort
 * keys, migrations and the order hosts registered in, which no file reproduces.)
 */
export function topologyHash(state: ClusterState): string {
  return canonicalHash(exportTopology(state));
}

/** A topology as YAML, with a header saying where it came from. */
export function renderTopology(topology: Topology, header?: string): string {
  const body = stringify(topology, { lineWidth: 0 });
  return header === undefined ? body : `${header.split("\n").map((l) => `# ${l}`).join("\n")}\n${body}`;
}
