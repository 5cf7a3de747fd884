import { describe, expect, it, vi } from "vitest";
import { NOT_RESPONDING_AFTER_MS, type Heartbeat } from "@vdsim/protocol";
import { HostChangeTracker } from "./changes.js";
import { HeartbeatView } from "./liveness.js";

const beat = (host: string, appliedSeq: number): Heartbeat => ({ host, pid: 100, startedAt: "", appliedSeq, hash: "h", pnics: [] });

describe("HeartbeatView", () => {
  it("shows a host connected while it heartbeats and not responding once it falls silent", () => {
    let now = 1_000;
    const v = new HeartbeatView(() => now);
    expect(v.host("esx-01").status).toBe("unknown");
    v.record(beat("esx-01", 4));
    expect(v.host("esx-01")).toEqual({ name: "esx-01", status: "connected", lastHeartbeat: 1_000, appliedSeq: 4, pid: 100 });
    now += NOT_RESPONDING_AFTER_MS - 1;
    expect(v.host("esx-01").status).toBe("connected");
    now += 1;
    expect(v.host("esx-01").status).toBe("notResponding");
    expect(v.host("esx-02").status).toBe("notResponding");
  });

  it("lists every host the log knows and every host heard from", () => {
    const v = new HeartbeatView(() => 0);
    v.record(beat("esx-03", 1));
    expect(v.hosts(["esx-01", "esx-03"]).map((h) => h.name)).toEqual(["esx-01", "esx-03"]);
  });

  it("sends what a person sees change, not the heartbeat clock", () => {
    let now = 0;
    const v = new HeartbeatView(() => now);
    const changes = new HostChangeTracker();
    v.record(beat("esx-01", 1));
    expect(changes.changes(v.hosts([]))?.hosts.map((h) => h.name)).toEqual(["esx-01"]);
    now = 500;
    v.record(beat("esx-01", 1));
    expect(changes.changes(v.hosts([]))).toBeNull();
    v.record(beat("esx-01", 2));
    expect(changes.changes(v.hosts([]))?.hosts.map((h) => h.appliedSeq)).toEqual([2]);
  });

  it("times silences on the monotonic clock by default: setting the wall clock forward leaves a host connected", () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      const v = new HeartbeatView();
      v.record(beat("esx-01", 1));
      vi.setSystemTime(Date.now() + 60_000);
      expect(v.host("esx-01").status).toBe("connected");
    } finally {
      vi.useRealTimers();
    }
  });
});
