import { describe, expect, it } from "vitest";
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
