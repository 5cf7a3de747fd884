import { describe, expect, it } from "vitest";
import { currentEnvelopeProblem, envelopeProblem, eventDataProblem } from "./event-schemas.js";
import { envelope, type DomainEvent, type EventType } from "./events.js";
import { standardPortGroupChanged, vmkNicAdded } from "./testing/host-events.js";
import { hostAdded, hostJoined, portGroupAdded, switchCreated, vmCreated } from "./testing/given.js";

// The current envelopes are checked by compiled schemas (z.compile): what a reader quarantines
// must stay what the runtime parser rejects. Each valid envelope below is broken one place at a
// time, and the compiled verdict compared with the runtime's (the envelope and the data parsed apart).

const meta = { commandId: "cmd-1", time: "2024-05-01T12:00:00.000Z", causationId: "migration-1" };
const valid: readonly DomainEvent[] = [
  hostAdded("esx-01"),
  switchCreated("dvs-prod"),
  hostJoined("dvs-prod", "esx-01", { uplink1: "vmnic1" }, { uplink1: "4" }),
  portGroupAdded("dvs-prod", "pg-web", { key: 3, vlan: { kind: "trunk", ranges: [[100, 200]] } }),
  { type: "DistributedPortGroupPolicyChanged", data: { vds: "dvs-prod", portgroup: "pg-web", changes: { vlan: { kind: "vlan", id: 7 }, blocked: true } } },
  vmCreated("web-01", "esx-01", [{ vds: "dvs-prod", portgroup: "pg-web", portKey: "0", mac: 0 }]),
  standardPortGroupChanged("esx-01", "vSwitch0", "VM Network", 5),
  vmkNicAdded("esx-01", "vmk1", { kind: "standard", vswitch: "vSwitch0", portgroup: "VM Network" }),
];

const REPLACEMENTS: readonly unknown[] = [null, 0, -1, 1.5, 2 ** 53, NaN, Infinity, "", "x", true, [], [1], {}, { kind: "none" }, new Uint8Array([1]), new Date(0)];

/** Every copy of `value` with one place (the root's fields and everything under them) replaced, removed, or given an extra field. */
function* brokenOnce(value: unknown): Generator<unknown> {
  if (typeof value !== "object" || value === null) return;
  if (!Array.isArray(value)) yield { ...value, extra: 1 };
  const entries = Object.entries(value);
  for (const [key, inner] of entries) {
    const withValue = (v: unknown): unknown => (Array.isArray(value) ? value.map((x, i) => (String(i) === key ? v : x)) : { ...value, [key]: v });
    for (const r of REPLACEMENTS) yield withValue(r);
    if (!Array.isArray(value)) {
      const { [key]: _, ...rest } = value as Record<string, unknown>;
      yield rest;
    }
    for (const broken of brokenOnce(inner)) yield withValue(broken);
  }
}

function runtimeProblem(type: EventType, raw: unknown): string | undefined {
  return envelopeProblem(raw) ?? eventDataProblem(type, (raw as { data: unknown }).data);
}

describe("the compiled current-envelope schemas", () => {
  it.each(valid.map((e) => [e.type, e] as const))("accept and reject what the runtime parser does (%s broken one place at a time)", (_, event) => {
    const env = envelope(event, meta);
    expect(currentEnvelopeProblem(env.type, env)).toBeUndefined();
    let cases = 0;
    for (const broken of brokenOnce(env)) {
      cases++;
      const compiled = currentEnvelopeProblem(env.type, broken);
      const runtime = runtimeProblem(env.type, broken);
      expect(compiled === undefined, JSON.stringify(broken)).toBe(runtime === undefined);
      // with the envelope itself fine, the one problem is in the data, and named the same way
      if (envelopeProblem(broken) === undefined) expect(compiled).toBe(runtime);
    }
    expect(cases).toBeGreaterThan(50);
  });
});
