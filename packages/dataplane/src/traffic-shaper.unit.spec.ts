import type { ShapingPolicy } from "@vdsim/model";
import { describe, expect, it } from "vitest";
import { HostDataPlane } from "./data-plane.js";
import { BROADCAST } from "./frame.js";
import { ethernet, mac, port, proxySwitch, toPorts } from "./testing/fixtures.js";
import { TrafficShaper } from "./traffic-shaper.js";

const MAX_FRAME = 1522;
const shaping = (averageKbps: number, peakKbps: number, burstKB: number): ShapingPolicy => ({ enabled: true, averageKbps, peakKbps, burstKB });

/** Offers `bytes`-sized frames at `fps` from `from` to `to` (ms); returns the bytes that passed. */
function offer(shaper: TrafficShaper, bytes: number, fps: number, from: number, to: number): number {
  let passed = 0;
  for (let i = 0; from + (i * 1000) / fps < to; i++) if (shaper.admit(bytes, from + (i * 1000) / fps)) passed += bytes;
  return passed;
}

describe("TrafficShaper", () => {
  it("lets a stream at 10x the average bandwidth through at about the average", () => {
    const shaper = new TrafficShaper(shaping(1_000, 2_000, 10), MAX_FRAME);
    const seconds = 5;
    const offeredFps = (10 * 1_000_000) / 8 / 1000;
    const passed = offer(shaper, 1000, offeredFps, 0, seconds * 1000);
    const kbps = (passed * 8) / seconds / 1000;
    expect(kbps).toBeGreaterThan(1_000 * 0.85);
    expect(kbps).toBeLessThan(1_000 * 1.15);
  });

  it("passes a burst up to the burst size at once, then nothing until tokens come back", () => {
    const shaper = new TrafficShaper(shaping(1_000, 100_000, 32), MAX_FRAME);
    let passed = 0;
    for (let i = 0; i < 40; i++) if (shaper.admit(1024, 0)) passed++;
    expect(passed).toBe(32);
    expect(shaper.admit(1024, 8)).toBe(false);
    expect(shaper.admit(1024, 8.2)).toBe(true);
  });

  it("holds a burst to the peak bandwidth", () => {
    const shaper = new TrafficShaper(shaping(1_000, 2_000, 100), MAX_FRAME);
    expect([shaper.admit(1000, 0), shaper.admit(1000, 0), shaper.admit(1000, 0)]).toEqual([true, true, false]);
    const passed = offer(shaper, 1000, 2_000, 1, 201);
    expect(passed).toBeGreaterThanOrEqual(49_000);
    expect(passed).toBeLessThanOrEqual(51_000);
  });

  it("lets one max-size frame through even when 10 ms at the peak is less", () => {
    const shaper = new TrafficShaper(shaping(100, 100, 100), MAX_FRAME);
    expect(shaper.admit(MAX_FRAME, 0)).toBe(true);
  });

  it("passes everything when disabled", () => {
    const shaper = new TrafficShaper({ ...shaping(1, 1, 1), enabled: false }, MAX_FRAME);
    expect(offer(shaper, 1500, 100_000, 0, 100)).toBe(1500 * 10_000);
  });

  it("keeps its spent tokens across a policy change, clamped to the new burst size", () => {
    const shaper = new TrafficShaper(shaping(1_000, 100_000, 32), MAX_FRAME);
    for (let i = 0; i < 32; i++) shaper.admit(1024, 0);
    shaper.configure(shaping(1_000, 100_000, 64), MAX_FRAME);
    expect(shaper.admit(1024, 0)).toBe(false);
  });

  it("refills nothing when time goes backwards", () => {
    const shaper = new TrafficShaper(shaping(1_000, 100_000, 1), MAX_FRAME);
    expect(shaper.admit(1024, 1_000)).toBe(true);
    expect(shaper.admit(1024, 0)).toBe(false);
  });
});

describe("traffic shaping on ports", () => {
  function host(): HostDataPlane {
    const dp = new HostDataPlane();
    dp.configure({
      switches: [proxySwitch("dvs1")],
      ports: [
        port("shaped-in", "dvs1", mac(1), { ingressShaping: shaping(1_000, 10_000, 2) }),
        port("shaped-out", "dvs1", mac(2), { egressShaping: shaping(1_000, 10_000, 2) }),
        port("plain", "dvs1", mac(3)),
      ],
    });
    return dp;
  }

  it("ingress shapes what the port's endpoint sends, and counts what it drops", () => {
    const dp = host();
    const results = [0, 1, 2].map(() => dp.transmit("shaped-in", ethernet(mac(1), BROADCAST, { length: 1000 }), 0).length);
    expect(results).toEqual([3, 3, 0]);
    expect(dp.portStats("shaped-in")).toMatchObject({ packetsIn: 2, bytesIn: 2000, dropped: { shaping: 1 } });
    expect(dp.lastDrop).toMatchObject({ reason: "shaping", portId: "shaped-in" });
  });

  it("egress shapes what is delivered to the port", () => {
    const dp = host();
    const reached = [0, 1, 2].map(() => toPorts(dp.transmit("plain", ethernet(mac(3), BROADCAST, { length: 1000 }), 0)));
    expect(reached).toEqual([
      ["shaped-in", "shaped-out"],
      ["shaped-in", "shaped-out"],
      ["shaped-in"],
    ]);
    expect(dp.portStats("shaped-out")).toMatchObject({ packetsOut: 2, dropped: { shaping: 1 } });
  });
});
