import { encode } from "@msgpack/msgpack";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { clusterStateHash, envelope, eventSubject, evolve, initialState, toDomainEvent, type ClusterState, type DomainEvent, type EventType } from "@vdsim/model";
import { applyOrQuarantine } from "./quarantine.js";
import { storedEvent } from "./stored.js";

// The event decoder and the skip rule fed random messages: whatever lands in the log, reading
// it never throws past the boundary, and a message that is skipped leaves the state as it was.

const TYPES: readonly EventType[] = ["HostAdded", "DistributedSwitchCreated", "HostAddedToDistributedSwitch", "DistributedPortGroupAdded", "DistributedPortGroupPolicyChanged", "VmCreated", "VmRemoved", "VmMigrated", "MigrationEnded", "StandardSwitchAdded", "VmkNicAdded", "Ipv4RouteAdded"];
const keys = fc.constantFrom("host", "vds", "vm", "portgroup", "vswitch", "vmknic", "pnics", "uplinks", "uplinkPorts", "nics", "policy", "changes", "mtu", "key", "portKeys", "migration");

const value = fc.letrec<{ v: unknown }>((tie) => ({
  v: fc.oneof(
    { depthSize: "small" },
    fc.constant(null),
    fc.boolean(),
    fc.integer(),
    fc.string(),
    fc.constantFrom("esx-01", "dvs1", "web", "vSwitch0", "vmk1"),
    fc.array(tie("v"), { maxLength: 3 }),
    fc.dictionary(fc.oneof(keys, fc.string()), tie("v"), { maxKeys: 4 }),
  ),
})).v;

/** Envelopes that get past the first checks often: a known type, a version near the current one, data of random shape. */
const envelopeLike = fc.record({
  type: fc.oneof(fc.constantFrom(...TYPES), fc.string()),
  v: fc.oneof(fc.constantFrom(1, 2, 3, 99), fc.integer()),
  time: fc.constant("2026-12-03T08:00:00.000Z"),
  id: fc.string(),
  correlationId: fc.string(),
  data: fc.dictionary(keys, value, { maxKeys: 6 }),
});

const message = fc.oneof(
  fc.uint8Array({ maxLength: 64 }),
  value.map((v) => encode(v)),
  envelopeLike.map((e) => encode(e)),
);
const subject = fc.oneof(fc.constantFrom("vdsim.evt.global.vds.dvs1", "vdsim.evt.global.host.esx-01", "vdsim.evt.host.esx-01.vss.vSwitch0"), fc.string());

/** A small cluster to fold random messages into. */
function given(): ClusterState {
  const state = initialState();
  const events: DomainEvent[] = [
    { type: "HostAdded", data: { host: "esx-01", pnics: ["vmnic0", "vmnic1"] } },
    {
      type: "DistributedSwitchCreated",
      data: { vds: "dvs1", uplinks: ["uplink1"], mtu: 1500, maxPorts: 1024, uplinkPortGroup: { portgroup: "dvs1-DVUplinks", key: "dvportgroup-1" } },
    },
  ];
  for (const e of events) evolve(state, e);
  return state;
}

describe("the event decoder and the skip rule, fuzzed", () => {
  it("never throw past the boundary: every message is folded or quarantined with a reason", () => {
    fc.assert(
      fc.property(message, subject, (bytes, subj) => {
        const state = given();
        const before = clusterStateHash(state);
        const stored = storedEvent(7, subj, bytes);
        const skipped = applyOrQuarantine(stored, (e) => evolve(state, toDomainEvent(e.envelope)));
        if (skipped) {
          expect(skipped).toMatchObject({ seq: 7, subject: subj });
          expect(skipped.reason.length).toBeGreaterThan(0);
          // a message skipped leaves the state as it was: the followers and a replay agree
          expect(clusterStateHash(state)).toBe(before);
        } else {
          expect(eventSubject(toDomainEvent(stored.envelope))).toBe(subj);
        }
      }),
      { numRuns: 3_000 },
    );
  });

  it("fold every valid event written by a writer", () => {
    const state = given();
    const e: DomainEvent = { type: "VmCreated", data: { vm: "web-01", host: "esx-01", nics: [] } };
    const stored = storedEvent(3, eventSubject(e), encode(envelope(e, { commandId: "c", time: "2026-12-03T08:00:00.000Z" })));
    expect(applyOrQuarantine(stored, (s) => evolve(state, toDomainEvent(s.envelope)))).toBeUndefined();
    expect(state.vms["web-01"]?.host).toBe("esx-01");
  });
});
