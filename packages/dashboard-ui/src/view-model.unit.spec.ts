import { describe, expect, it } from "vitest";
import type { DashboardEvent, DashboardEventTags, DashboardHost, Propagation } from "@vdsim/protocol";
import { NO_FILTER, ago, filterChoices, filterEvents, formatMs, hostApplyState, hostsByName, mergeEvents, upsertPropagations } from "./view-model.js";

const ev = (seq: number, extra: Partial<DashboardEventTags> = {}): DashboardEvent => ({
  seq,
  type: "VmCreated",
  time: "2026-01-01T00:00:00.000Z",
  subject: "vdsim.evt.global.vm.x",
  summary: "",
  correlationId: `c${seq}`,
  hosts: [],
  vds: null,
  vm: null,
  migration: null,
  data: { vm: `vm-${seq}`, host: "esx-01", nics: [] },
  ...extra,
});

const prop = (seq: number, hosts: Array<[string, number | null]>): Propagation => ({
  seq,
  type: "DistributedPortGroupPolicyChanged",
  time: "",
  summary: "",
  hosts: hosts.map(([host, ms]) => ({ host, ms })),
  totalMs: hosts.every(([, ms]) => ms !== null) ? Math.max(...hosts.map(([, ms]) => ms ?? 0)) : null,
});

describe("the page's view model", () => {
  it("merges a snapshot and overlapping batches without repeating events, keeping the newest", () => {
    const a = mergeEvents([], [ev(1), ev(2), ev(3)]);
    const b = mergeEvents(a, [ev(3), ev(4)]);
    expect(b.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    expect(mergeEvents(b, [ev(2)])).toBe(b);
    expect(mergeEvents(b, [ev(5), ev(6)], 3).map((e) => e.seq)).toEqual([4, 5, 6]);
  });

  it("replaces a change's timings as hosts apply it", () => {
    const first = upsertPropagations([], [prop(5, [["esx-01", null]]), prop(3, [["esx-01", 2]])]);
    expect(first.map((p) => p.seq)).toEqual([3, 5]);
    const next = upsertPropagations(first, [prop(5, [["esx-01", 9]])]);
    expect(next[1]?.hosts).toEqual([{ host: "esx-01", ms: 9 }]);
  });

  it("filters the log by host, VDS, VM or migration, newest first", () => {
    const events = [
      ev(1, { hosts: ["esx-01"], vds: "dvs1" }),
      ev(2, { hosts: ["esx-02"], vm: "web-01" }),
      ev(3, { hosts: ["esx-01", "esx-02"], vds: "dvs1", migration: "m-1", vm: "web-01" }),
    ];
    expect(filterEvents(events, NO_FILTER).map((e) => e.seq)).toEqual([3, 2, 1]);
    expect(filterEvents(events, { ...NO_FILTER, host: "esx-01" }).map((e) => e.seq)).toEqual([3, 1]);
    expect(filterEvents(events, { ...NO_FILTER, vm: "web-01", host: "esx-02" }).map((e) => e.seq)).toEqual([3, 2]);
    expect(filterEvents(events, { ...NO_FILTER, migration: "m-1" }).map((e) => e.seq)).toEqual([3]);
    expect(filterEvents(events, NO_FILTER, 1).map((e) => e.seq)).toEqual([3]);
    expect(filterChoices(events)).toEqual({ host: ["esx-01", "esx-02"], vds: ["dvs1"], vm: ["web-01"], migration: ["m-1"] });
  });

  it("says whether each host applied a change, is applying it, or is not responding", () => {
    const hosts = hostsByName([
      { name: "esx-01", status: "connected", lastHeartbeat: 0, appliedSeq: 5, pid: 1 },
      { name: "esx-02", status: "connected", lastHeartbeat: 0, appliedSeq: 4, pid: 2 },
      { name: "esx-03", status: "notResponding", lastHeartbeat: 0, appliedSeq: 4, pid: 3 },
    ] satisfies DashboardHost[]);
    const p = prop(5, [["esx-01", 12], ["esx-02", null], ["esx-03", null]]);
    expect(hostApplyState(p, "esx-01", hosts)).toEqual({ state: "applied", ms: 12 });
    expect(hostApplyState(p, "esx-02", hosts)).toEqual({ state: "pending" });
    expect(hostApplyState(p, "esx-03", hosts)).toEqual({ state: "stalled" });
    expect(hostApplyState(p, "esx-09", hosts)).toBeUndefined();
  });

  it("formats durations and ages for people", () => {
    expect(formatMs(12.4)).toBe("12 ms");
    expect(formatMs(1_234)).toBe("1.23 s");
    expect(formatMs(12_345)).toBe("12.3 s");
    expect(ago(null, 0)).toBe("never");
    expect(ago(1_000, 3_100)).toBe("2.1s ago");
    expect(ago(0, 180_000)).toBe("3m ago");
  });
});
