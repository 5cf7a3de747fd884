import { describe, expect, it } from "vitest";
import type { DashboardMessage, Heartbeat } from "@vdsim/protocol";
import { DashboardState } from "./dashboard-state.js";
import { threeHostLog } from "./log.spec-support.js";

const beat = (host: string, appliedSeq: number): Heartbeat => ({ host, pid: 7, startedAt: "", appliedSeq, hash: "h", pnics: [] });
const kinds = (messages: DashboardMessage[]): string[] => messages.map((m) => m.kind);

function started(now: () => number) {
  const log = threeHostLog();
  const state = new DashboardState({ vmotion: false }, now);
  for (const e of log.events) state.applyEvent(e, { live: false, keep: e.seq > log.seq - 3 });
  return { log, state };
}

describe("DashboardState", () => {
  it("gives a new page the folded topology, the latest events and no timings for history", () => {
    let now = 0;
    const { log, state } = started(() => now);
    const snap = state.snapshot();
    expect(snap.topology.seq).toBe(log.seq);
    expect(snap.topology.hosts.map((h) => h.name)).toEqual(["esx-01", "esx-02", "esx-03"]);
    expect(snap.events.map((e) => e.seq)).toEqual([log.seq - 2, log.seq - 1, log.seq]);
    expect(snap.propagations).toEqual([]);
    expect(snap.hosts.map((h) => h.status)).toEqual(["unknown", "unknown", "unknown"]);
    now = 10_000;
    expect(state.snapshot().hosts.map((h) => h.status)).toEqual(["notResponding", "notResponding", "notResponding"]);
  });

  it("pushes a live change, then each host's apply time as its heartbeat reports it", () => {
    let now = 0;
    const { log, state } = started(() => now);
    for (const h of ["esx-01", "esx-02", "esx-03"]) state.heartbeat(beat(h, log.seq));
    expect(kinds(state.drain({ topology: true }))).toEqual(["topologyChanges", "hostChanges"]);
    expect(state.drain({ topology: true })).toEqual([]);

    const e = log.run({ type: "SetDistributedPortGroupPolicy", vds: "dvs1", portgroup: "web", patch: { vlan: { kind: "vlan", id: 20 } } });
    now = log.time + 7;
    state.heartbeat(beat("esx-02", e.seq));
    state.applyEvent(e, { live: true });
    now = log.time + 15;
    state.heartbeat(beat("esx-01", e.seq));
    const out = state.drain({ topology: false });
    expect(kinds(out)).toEqual(["hostChanges", "events", "propagations"]);
    const prop = out.find((m) => m.kind === "propagations");
    expect(prop?.kind === "propagations" && prop.propagations).toEqual([
      {
        seq: e.seq,
        type: "DistributedPortGroupPolicyChanged",
        time: e.envelope.time,
        summary: "dvs1/web changed vlan; VLAN 20",
        hosts: [
          { host: "esx-01", ms: 15 },
          { host: "esx-02", ms: 7 },
          { host: "esx-03", ms: null },
        ],
        totalMs: null,
      },
    ]);
    expect(state.topologyDirty).toBe(true);
    expect(kinds(state.drain({ topology: true }))).toEqual(["topologyChanges"]);
    now = log.time + 40;
    state.heartbeat(beat("esx-03", e.seq + 1));
    const done = state.drain({ topology: true }).find((m) => m.kind === "propagations");
    expect(done?.kind === "propagations" && done.propagations[0]?.totalMs).toBe(40);
  });

  it("refuses to fold an event that does not apply (the follower quarantines it), shows what was quarantined, and keeps going", () => {
    const { log, state } = started(() => 0);
    state.drain({ topology: true });
    const ghost = log.record({ type: "HostRemovedFromDistributedSwitch", data: { vds: "ghost", host: "esx-01" } });
    expect(() => state.applyEvent(ghost, { live: true })).toThrow(/unknown distributed switch "ghost"/);
    state.quarantine({ seq: ghost.seq, subject: ghost.subject, reason: "does not apply" });
    expect(state.seq).toBe(ghost.seq);
    expect(state.drain({ topology: false }).find((m) => m.kind === "quarantined")).toEqual({
      kind: "quarantined",
      quarantined: { count: 1, latest: [{ seq: ghost.seq, subject: ghost.subject, reason: "does not apply" }] },
    });
    expect(state.snapshot().quarantined.count).toBe(1);
    const next = log.run({ type: "CreateVm", vm: "web-03", host: "esx-03", networks: ["web"] });
    state.applyEvent(next, { live: true });
    expect(state.snapshot().topology.hosts[2]?.vms).toEqual(["web-03"]);
  });
});
