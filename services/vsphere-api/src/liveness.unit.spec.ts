import { describe, expect, it, vi } from "vitest";
import { NOT_RESPONDING_AFTER_MS } from "@vdsim/protocol";
import { HostLiveness } from "./liveness.js";

describe("a host's connection state from its heartbeats", () => {
  it("is connected while heard within NOT_RESPONDING_AFTER_MS, notResponding after, connected again at the next beat", () => {
    let now = 0;
    const live = new HostLiveness(() => now);
    live.heard("esx-01");
    now = NOT_RESPONDING_AFTER_MS - 1;
    expect(live.state("esx-01")).toBe("connected");
    now = NOT_RESPONDING_AFTER_MS + 1;
    expect(live.state("esx-01")).toBe("notResponding");
    live.heard("esx-01");
    expect(live.state("esx-01")).toBe("connected");
  });

  it("counts a host never heard from as connected only for NOT_RESPONDING_AFTER_MS after the service started", () => {
    let now = 1_000;
    const live = new HostLiveness(() => now);
    expect(live.state("esx-02")).toBe("connected");
    now += NOT_RESPONDING_AFTER_MS;
    expect(live.state("esx-02")).toBe("notResponding");
  });

  it("times silences on the monotonic clock by default: setting the wall clock forward leaves a host connected", () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      const live = new HostLiveness();
      live.heard("esx-01");
      vi.setSystemTime(Date.now() + 60_000);
      expect(live.state("esx-01")).toBe("connected");
    } finally {
      vi.useRealTimers();
    }
  });
});
