import { describe, expect, it } from "vitest";
import { PropagationTracker, TRACKED_CHANGES } from "./propagation.js";

const T0 = Date.parse("2026-01-01T00:00:00.000Z");
const change = (seq: number, hosts: string[], at = T0) => ({ seq, type: "DistributedPortGroupPolicyChanged", time: new Date(at).toISOString(), summary: "dvs1/web changed vlan", hosts });
const nothingYet = () => null;

describe("PropagationTracker", () => {
  it("times each host from the event's time to the first heartbeat at or past its sequence", () => {
    const t = new PropagationTracker();
    const started = t.track(change(9, ["esx-01", "esx-02"]), nothingYet);
    expect(started.hosts).toEqual([
      { host: "esx-01", ms: null },
      { host: "esx-02", ms: null },
    ]);
    expect(started.totalMs).toBeNull();
    expect(t.heartbeat("esx-01", 8, T0 + 5)).toEqual([]);
    expect(t.heartbeat("esx-01", 9, T0 + 12)).toEqual([9]);
    expect(t.view(9)?.hosts).toEqual([
      { host: "esx-01", ms: 12 },
      { host: "esx-02", ms: null },
    ]);
    expect(t.heartbeat("esx-01", 10, T0 + 900)).toEqual([]);
    expect(t.heartbeat("esx-02", 11, T0 + 30)).toEqual([9]);
    expect(t.view(9)).toMatchObject({ seq: 9, totalMs: 30, hosts: [{ host: "esx-01", ms: 12 }, { host: "esx-02", ms: 30 }] });
  });

  it("counts a host that reported the sequence before the dashboard read the event", () => {
    const t = new PropagationTracker();
    const p = t.track(change(5, ["esx-01", "esx-02"]), (h) => (h === "esx-01" ? { appliedSeq: 5, at: T0 + 4 } : { appliedSeq: 4, at: T0 + 3 }));
    expect(p.hosts).toEqual([
      { host: "esx-01", ms: 4 },
      { host: "esx-02", ms: null },
    ]);
  });

  it("ignores heartbeats of hosts a change does not concern and keeps only the latest changes", () => {
    const t = new PropagationTracker();
    t.track(change(1, ["esx-01"]), nothingYet);
    expect(t.heartbeat("esx-09", 100, T0 + 1)).toEqual([]);
    for (let seq = 2; seq <= TRACKED_CHANGES + 5; seq++) t.track(change(seq, ["esx-01"]), nothingYet);
    const recent = t.recent();
    expect(recent).toHaveLength(TRACKED_CHANGES);
    expect(recent[0]?.seq).toBe(6);
    expect(t.heartbeat("esx-01", TRACKED_CHANGES + 5, T0 + 7)).toHaveLength(TRACKED_CHANGES);
  });

  it("never reports a negative time when clocks disagree", () => {
    const t = new PropagationTracker();
    t.track(change(3, ["esx-01"], T0 + 50), nothingYet);
    t.heartbeat("esx-01", 3, T0 + 40);
    expect(t.view(3)?.hosts[0]?.ms).toBe(0);
  });
});
