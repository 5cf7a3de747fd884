import { describe, expect, it } from "vitest";
import type { Convergence, Fault, Flow } from "../history.js";
import { history, row } from "../testing/rows.js";
import { T0, twoHostsWithVms } from "../testing/scenario.js";
import { CONVERGENCE, quantile } from "./convergence.js";
import { DATA_PLANE_ALONE, NO_LOSS, receivedBetween } from "./traffic.js";

const outage: Fault = { type: "fault", kind: "mgmt-kill", target: "management", startedAt: T0 + 10_000, healedAt: T0 + 12_000 };
const flow = (fields: Partial<Flow>): Flow => ({
  type: "flow",
  name: "f1",
  from: "a",
  to: "b",
  pps: 100,
  startedAt: T0 + 5_000,
  stoppedAt: T0 + 20_000,
  sent: 1_500,
  received: 1_500,
  lost: 0,
  longestGapMs: 20,
  migrated: false,
  ...fields,
});
const o = twoHostsWithVms().observe();

describe("traffic-flows-without-management", () => {
  it("given a history without a management outage, when checked, then it is not evaluated", () => {
    expect(row(o, DATA_PLANE_ALONE, history([flow({})]))).toMatchObject({ evaluated: false, detail: "not evaluated (no management outage in the history)" });
  });

  it("given a flow that kept receiving through the outage, when checked, then it holds (by samples or by its longest gap)", () => {
    const samples = [
      { at: T0 + 9_600, sent: 400, received: 400 },
      { at: T0 + 12_300, sent: 750, received: 750 },
    ];
    expect(row(o, DATA_PLANE_ALONE, history([outage, flow({ samples })]))).toMatchObject({ ok: true, evaluated: true });
    expect(row(o, DATA_PLANE_ALONE, history([outage, flow({})]))).toMatchObject({ ok: true, evaluated: true });
  });

  it("given a flow that received nothing while the management service was down, when checked, then it fails naming the flow and the outage", () => {
    const samples = [
      { at: T0 + 9_600, sent: 400, received: 400 },
      { at: T0 + 12_300, sent: 750, received: 400 },
    ];
    const bySamples = row(o, DATA_PLANE_ALONE, history([outage, flow({ samples })]));
    expect(bySamples.ok).toBe(false);
    expect(bySamples.detail).toBe("flow f1 (a -> b) received nothing during the management outage of 2000 ms from 2026-11-30T09:00:10.000Z");
    const byGap = row(o, DATA_PLANE_ALONE, history([outage, flow({ longestGapMs: 2_400 })]));
    expect(byGap.detail).toContain("went 2400 ms without a frame");
  });

  it("given only flows that migrated or whose hosts met another fault during the outage, when checked, then it is not evaluated", () => {
    const kill: Fault = { type: "fault", kind: "kill", target: "esx-02", startedAt: T0 + 11_000, healedAt: T0 + 11_500 };
    expect(row(o, DATA_PLANE_ALONE, history([outage, kill, flow({ name: "f2", migrated: true }), flow({})])).evaluated).toBe(false);
  });

  it("given faults on other hosts during the outage or on the flow's hosts outside it, when checked, then the flow is still judged", () => {
    const elsewhere: Fault = { type: "fault", kind: "partition", target: "esx-03", startedAt: T0 + 11_000, healedAt: T0 + 11_500 };
    const later: Fault = { type: "fault", kind: "kill", target: "esx-02", startedAt: T0 + 15_000, healedAt: T0 + 16_000 };
    const r = row(o, DATA_PLANE_ALONE, history([outage, elsewhere, later, flow({ longestGapMs: 2_400 })]));
    expect(r).toMatchObject({ ok: false, evaluated: true });
  });

  it("given a kill of one of the flow's hosts before the outage, when checked, then the outage is not judged by its counters (they restarted)", () => {
    const kill: Fault = { type: "fault", kind: "kill", target: "esx-02", startedAt: T0 + 6_000, healedAt: T0 + 7_000 };
    // the highest figures kept: the restarted receiver counts from zero, below them, through the outage
    const samples = [
      { at: T0 + 9_600, sent: 400, received: 300 },
      { at: T0 + 12_300, sent: 750, received: 300 },
    ];
    expect(row(o, DATA_PLANE_ALONE, history([kill, outage, flow({ samples })])).evaluated).toBe(false);
    const elsewhere: Fault = { ...kill, target: "esx-03" };
    expect(row(o, DATA_PLANE_ALONE, history([elsewhere, outage, flow({ samples })]))).toMatchObject({ ok: false, evaluated: true });
  });

  it("samples: frames received between the last sample before and the first after a window, when they are close to it", () => {
    const s = [
      { at: 1_000, sent: 0, received: 0 },
      { at: 5_000, sent: 10, received: 9 },
      { at: 9_000, sent: 20, received: 15 },
    ];
    expect(receivedBetween(s, 5_200, 8_800)).toBe(6);
    expect(receivedBetween(s, 500, 8_800)).toBeUndefined();
    expect(receivedBetween(s, 6_000, 7_000)).toBeUndefined();
  });
});

describe("no-loss-outside-nemesis", () => {
  it("given flows that lost nothing (or only frames in flight) outside the windows touching them, when checked, then it holds", () => {
    const kill: Fault = { type: "fault", kind: "kill", target: "esx-01", startedAt: T0 + 10_000, healedAt: T0 + 12_000 };
    const r = row(o, NO_LOSS, history([outage, kill, flow({ startedAt: T0 + 14_500, lost: 5 }), flow({ name: "through-kill", lost: 300 })]));
    expect(r).toMatchObject({ ok: true, evaluated: true, detail: "1 undisturbed stretches of traffic (5.5 s) lost nothing" });
  });

  it("given a flow that lost frames through a management outage or another host's fault only, when checked, then it fails naming it", () => {
    const elsewhere: Fault = { type: "fault", kind: "pause", target: "esx-03", startedAt: T0 + 6_000, healedAt: T0 + 7_000 };
    const r = row(o, NO_LOSS, history([outage, elsewhere, flow({ lost: 40, received: 1_460 })]));
    expect(r.ok).toBe(false);
    expect(r.detail).toBe(
      "flow f1 (a -> b) lost 40 frames from 2026-11-30T09:00:05.000Z to 2026-11-30T09:00:20.000Z, with neither VM migrating and no fault touching it (1 undisturbed stretches of traffic (15.0 s) judged)",
    );
  });

  it("given a flow to an address the log cannot place, when a fault on any host overlaps it, then it is not judged", () => {
    const elsewhere: Fault = { type: "fault", kind: "pause", target: "esx-03", startedAt: T0 + 6_000, healedAt: T0 + 7_000 };
    expect(row(o, NO_LOSS, history([elsewhere, flow({ to: "10.9.9.9", lost: 40 })])).evaluated).toBe(false);
  });
});

describe("no-loss-outside-nemesis, judged between samples", () => {
  const sample = (ms: number, sent: number, received: number) => ({ at: T0 + ms, sent, received });
  const migratedAt8s = (): ReturnType<typeof twoHostsWithVms> => {
    const s = twoHostsWithVms();
    s.wait(8_000).migrate("m-1", "a", "esx-02");
    return s;
  };
  const samples = [sample(5_000, 0, 0), sample(7_000, 200, 200), sample(8_000, 300, 300), sample(9_500, 450, 440), sample(12_000, 700, 690), sample(15_000, 1_000, 950), sample(20_000, 1_500, 1_440)];

  it("given a flow whose VM migrated, when frames were lost outside the migration, then the stretch after it fails", () => {
    const r = row(migratedAt8s().observe(), NO_LOSS, history([flow({ migrated: true, samples })]));
    expect(r.ok).toBe(false);
    expect(r.detail).toBe(
      "flow f1 (a -> b) lost 50 frames from 2026-11-30T09:00:09.500Z to 2026-11-30T09:00:20.000Z, with neither VM migrating and no fault touching it (2 undisturbed stretches of traffic (13.5 s) judged)",
    );
    expect(r.events?.map((e) => e.type)).toEqual(["MigrationRequested", "MigrationDestinationReserved", "VmMigrated", "MigrationEnded"]);
  });

  it("given a kill of one of the flow's hosts, when judged, then nothing after the kill counts (its counters restart)", () => {
    const kill: Fault = { type: "fault", kind: "kill", target: "esx-02", startedAt: T0 + 13_000, healedAt: T0 + 14_000 };
    const r = row(migratedAt8s().observe(), NO_LOSS, history([kill, flow({ migrated: true, samples })]));
    expect(r).toMatchObject({ ok: true, evaluated: true, detail: "2 undisturbed stretches of traffic (5.5 s) lost nothing" });
  });

  it("given a flow whose every interval was disturbed, when checked, then it is not evaluated", () => {
    const partition: Fault = { type: "fault", kind: "partition", target: "esx-02", startedAt: T0 + 4_000, healedAt: T0 + 19_000 };
    expect(row(migratedAt8s().observe(), NO_LOSS, history([partition, flow({ migrated: true, samples })])).evaluated).toBe(false);
  });
});

describe("hosts-converged", () => {
  const converged = (host: string, ms?: number): Convergence => ({ type: "convergence", host, healedAt: T0, ...(ms === undefined ? {} : { convergedAt: T0 + ms }) });

  it("given hosts that converged within the bound, when checked, then it holds with p50 and p99", () => {
    const r = row(o, CONVERGENCE, history([converged("esx-01", 120), converged("esx-02", 300)]), 1_000);
    expect(r).toMatchObject({ ok: true, detail: "2 convergences after heals, each within the bound: p50 120 ms, p99 300 ms, bound 1000 ms" });
  });

  it("given a host over the bound and one that never converged, when checked, then it fails naming both", () => {
    const r = row(o, CONVERGENCE, history([converged("esx-01", 1_500), converged("esx-02")]), 1_000);
    expect(r.ok).toBe(false);
    expect(r.detail).toBe("host esx-01 took 1500 ms to converge, over the bound of 1000 ms; host esx-02 had not converged when the run gave up (p50 1500 ms, p99 1500 ms, bound 1000 ms)");
  });

  it("given no convergence entries, when checked, then it is not evaluated", () => {
    expect(row(o, CONVERGENCE, history([])).evaluated).toBe(false);
  });

  it("quantile: nearest rank", () => {
    expect(quantile([5, 1, 4, 2, 3], 0.5)).toBe(3);
    expect(quantile([5, 1, 4, 2, 3], 0.99)).toBe(5);
    expect(quantile([], 0.5)).toBeUndefined();
  });
});
