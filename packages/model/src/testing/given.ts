// Test support only: nothing exports this file. given(events).when(command).then(events).
import { expect } from "vitest";
import type { DecisionContext, ManagementCommand } from "../commands.js";
import { decide } from "../decide/decide.js";
import type { HostCommand } from "../host/commands.js";
import { decideHost } from "../host/decide-host.js";
import { DomainError, type DomainErrorCode } from "../errors.js";
import type { DomainEvent } from "../events.js";
import { evolve, fold } from "../evolve.js";
import { clusterStateHash } from "../hash.js";
import { vcenterMac } from "../mac.js";
import { defaultDistributedPolicy, type VlanSpec } from "../policy.js";
import { initialState, type ClusterState } from "../state.js";

export const everyHostResponding: DecisionContext = { isHostResponding: () => true };

/** A context in which the named hosts do not answer and every other host does. */
export function notResponding(hosts: Iterable<string>): DecisionContext {
  const down = new Set(hosts);
  return { isHostResponding: (host) => !down.has(host) };
}

export interface Outcome {
  /** Asserts the decided events; returns the state after folding them. */
  then(expected: readonly DomainEvent[]): ClusterState;
  /** Asserts the command is already in effect: no events. */
  thenNothing(): void;
  /** Asserts a DomainError with this code whose message matches (a string must be contained). */
  thenThrows(code: DomainErrorCode, messageMatch: RegExp | string): DomainError;
}

/** `ctx` is a DecisionContext, or the names of the hosts that are not responding. */
export function given(events: readonly DomainEvent[]): {
  when(command: ManagementCommand, ctx?: DecisionContext | Iterable<string>): Outcome;
  /** Decides host commands as the named host's agent does. */
  onHost(host: string): { when(command: HostCommand): Outcome };
} {
  return {
    when(command, ctx = everyHostResponding) {
      const context = isContext(ctx) ? ctx : notResponding(ctx);
      return outcome(events, command.type, (state) => decide(command, state, context));
    },
    onHost(host) {
      return { when: (command) => outcome(events, command.type, (state) => decideHost(command, state, host)) };
    },
  };
}

function outcome(events: readonly DomainEvent[], label: string, decideOn: (state: ClusterState) => DomainEvent[]): Outcome {
  const state = fold(events, initialState());
  const before = clusterStateHash(state);
  let decided: DomainEvent[] | undefined;
  let error: unknown;
  try {
    decided = decideOn(state);
  } catch (err) {
    error = err;
  }
  expect(clusterStateHash(state), "decide must not mutate the state").toBe(before);
  const decidedEvents = (): DomainEvent[] => {
    if (decided === undefined) throw new Error(`expected events, but ${label} threw: ${String(error)}`, { cause: error });
    return decided;
  };
  return {
    then(expected) {
      const actual = decidedEvents();
      expect(actual).toEqual(expected);
      return fold(actual, state);
    },
    thenNothing() {
      expect(decidedEvents()).toEqual([]);
    },
    thenThrows(code, messageMatch) {
      if (decided !== undefined) throw new Error(`expected ${code}, but ${label} decided ${JSON.stringify(decided)}`);
      expect(error).toBeInstanceOf(DomainError);
      const err = error as DomainError;
      expect({ code: err.code, message: err.message }).toEqual({
        code,
        message: typeof messageMatch === "string" ? expect.stringContaining(messageMatch) : expect.stringMatching(messageMatch),
      });
      return err;
    },
  };
}

/** Decides and folds commands in order, returning every event; for building long histories. */
export function history(commands: readonly ManagementCommand[], ctx: DecisionContext = everyHostResponding): DomainEvent[] {
  const state = initialState();
  const all: DomainEvent[] = [];
  for (const command of commands) {
    for (const event of decide(command, state, ctx)) {
      evolve(state, event);
      all.push(event);
    }
  }
  return all;
}

function isContext(ctx: DecisionContext | Iterable<string>): ctx is DecisionContext {
  return typeof (ctx as Partial<DecisionContext>).isHostResponding === "function";
}

// Event builders: the facts tests start from, spelled out as the log holds them.

export const uplinkNames = (count: number): string[] => Array.from({ length: count }, (_, i) => `uplink${i + 1}`);

export const hostAdded = (host: string, pnics: readonly string[] = ["vmnic0", "vmnic1", "vmnic2", "vmnic3"]): DomainEvent => ({
  type: "HostAdded",
  data: { host, pnics },
});

/** A switch; its uplink port group is dvportgroup-`uplinkPortGroupKey`, or when that is not given, one recorded before v2. */
export const switchCreated = (vds: string, opts: { uplinks?: number; mtu?: number; maxPorts?: number; uplinkPortGroupKey?: number } = {}): DomainEvent => ({
  type: "DistributedSwitchCreated",
  data: {
    vds,
    uplinks: uplinkNames(opts.uplinks ?? 2),
    mtu: opts.mtu ?? 1500,
    maxPorts: opts.maxPorts ?? 8192,
    uplinkPortGroup:
      opts.uplinkPortGroupKey === undefined
        ? { portgroup: `${vds}-DVUplinks`, key: "N/A" }
        : { portgroup: `${vds}-DVUplinks-${opts.uplinkPortGroupKey}`, key: `dvportgroup-${opts.uplinkPortGroupKey}` },
  },
});

export const hostJoined = (
  vds: string,
  host: string,
  uplinks: Readonly<Record<string, string>> = { uplink1: "vmnic1", uplink2: "vmnic2" },
  uplinkPorts: Readonly<Record<string, string>> = {},
): DomainEvent => ({ type: "HostAddedToDistributedSwitch", data: { vds, host, uplinks, uplinkPorts } });

/** A port group with key dvportgroup-`key` and ports firstPort..firstPort+ports-1 on a switch with `uplinks` uplinks. */
export const portGroupAdded = (
  vds: string,
  portgroup: string,
  opts: { key: number; firstPort?: number; ports?: number; vlan?: VlanSpec; uplinks?: number },
): DomainEvent => ({
  type: "DistributedPortGroupAdded",
  data: {
    vds,
    portgroup,
    key: `dvportgroup-${opts.key}`,
    portKeys: Array.from({ length: opts.ports ?? 8 }, (_, i) => String((opts.firstPort ?? 0) + i)),
    policy: defaultDistributedPolicy(uplinkNames(opts.uplinks ?? 2), opts.vlan ?? { kind: "none" }),
  },
});

/** A VM whose vNICs are given in order; `mac` is the vCenter MAC counter value. */
export const vmCreated = (
  vm: string,
  host: string,
  nics: ReadonlyArray<{ vds: string; portgroup: string; portKey: string; mac: number } | { vswitch: string; portgroup: string; mac: number }>,
): DomainEvent => ({
  type: "VmCreated",
  data: {
    vm,
    host,
    nics: nics.map((n, index) =>
      "vswitch" in n
        ? { index, mac: vcenterMac(n.mac), portgroup: n.portgroup, vswitch: n.vswitch }
        : { index, mac: vcenterMac(n.mac), vds: n.vds, portgroup: n.portgroup, portKey: n.portKey },
    ),
  },
});

export const vmRemoved = (vm: string): DomainEvent => ({ type: "VmRemoved", data: { vm } });
