import { describe, expect, it, vi } from "vitest";
import type { Heartbeat } from "@vdsim/protocol";
import { HostLiveness } from "./liveness.js";

const beat = (appliedSeq: number, hash: string): Heartbeat => ({ host: "esx-01", pid: 7, startedAt: "", appliedSeq, hash, pnics: [] });

describe("HostLiveness.status: does a host's state hash agree with the management service's", () => {
  it("compares when the host reports management's sequence, and only then asks for the hash", () => {
    const live = new HostLiveness(() => 0);
    let asked = 0;
    const expected = (): string => (asked++, "h-10");
    expect(live.status("esx-01", [], 10, expected).hashMatches).toBeNull();
    live.record(beat(9, "h-9"));
    expect(live.status("esx-01", [], 10, expected).hashMatches).toBeNull();
    expect(asked).toBe(0);
    live.record(beat(10, "h-10"));
    expect(live.status("esx-01", [], 10, expected).hashMatches).toBe(true);
    live.record(beat(10, "other"));
    expect(live.status("esx-01", [], 10, expected).hashMatches).toBe(false);
    expect(asked).toBe(2);
    expect(live.status("esx-01", [], 10).hashMatches).toBeNull();
  });
});

describe("HostLiveness: not responding", () => {
  it("after 3.5 s without a heartbeat, timed on the clock it is given", () => {
    let now = 1_000;
    const live = new HostLiveness(() => now);
    expect(live.isResponding("esx-01")).toBe(false);
    live.record(beat(1, "h"));
    now += 3_499;
    expect(live.isResponding("esx-01")).toBe(true);
    now += 1;
    expect(live.isResponding("esx-01")).toBe(false);
  });

  it("by default times the silence on the monotonic clock: setting the wall clock forward does not make a host silent", () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      const live = new HostLiveness();
      live.record(beat(1, "h"));
      vi.setSystemTime(Date.now() + 60_000);
      expect(live.isResponding("esx-01")).toBe(true);
      expect(live.status("esx-01", [], 1).status).toBe("connected");
    } finally {
      vi.useRealTimers();
    }
  });
});
