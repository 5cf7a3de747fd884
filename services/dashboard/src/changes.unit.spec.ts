import { describe, expect, it } from "vitest";
import type { DashboardMessage, Heartbeat, TopologyChanges } from "@vdsim/protocol";
import { DashboardState } from "./dashboard-state.js";
import { manyHostLog } from "./log.spec-support.js";

const beat = (host: string, appliedSeq: number): Heartbeat => ({ host, pid: 7, startedAt: "", appliedSeq, hash: "h", pnics: [] });
const topologyOf = (out: DashboardMessage[]): TopologyChanges | undefined => {
  const m = out.find((x) => x.kind === "topologyChanges");
  return m?.kind === "topologyChanges" ? m.changes : undefined;
};

function thousandHosts() {
  const log = manyHostLog(1_000);
  const state = new DashboardState({ vmotion: false }, () => 0);
  for (const e of log.events) state.applyEvent(e, { live: false });
  const names = Object.keys(log.state.hosts);
  return { log, state, names };
}

describe("what the dashboard pushes at 1,000 hosts", () => {
  it("sends the whole topology once, then only the host a VM was created on", () => {
    // given a page that has the snapshot and the first drain
    const { log, state } = thousandHosts();
    expect(state.snapshot().topology.hosts).toHaveLength(1_000);
    expect(topologyOf(state.drain({ topology: true }))?.hosts).toHaveLength(1_000);
    // when a VM is created on esx-777
    state.applyEvent(log.run({ type: "CreateVm", vm: "vm-1", host: "esx-777", networks: ["web"] }), { live: true });
    // then the next push carries that host alone, and the port groups whose use changed
    const changes = topologyOf(state.drain({ topology: true }));
    expect(changes?.hosts.map((h) => h.name)).toEqual(["esx-777"]);
    expect(changes?.hosts[0]?.vms).toEqual(["vm-1"]);
    expect(changes?.removed).toEqual([]);
    expect(changes?.portGroups?.find((p) => p.name === "web")?.portsInUse).toBe(1);
    expect(state.drain({ topology: true })).toEqual([]);
  });

  it("sends every member host on a port-group change, and a new page's snapshot holds it too", () => {
    const { log, state } = thousandHosts();
    state.drain({ topology: true });
    state.applyEvent(log.run({ type: "SetDistributedPortGroupPolicy", vds: "dvs1", portgroup: "web", patch: { vlan: { kind: "vlan", id: 20 } } }), { live: true });
    // a page opening in between takes the snapshot; pages already open still get the change
    expect(state.snapshot().topology.hosts[0]?.switches.find((s) => s.name === "dvs1")?.portGroups[0]?.vlan).toBe("20");
    expect(state.topologyDirty).toBe(true);
    const changes = topologyOf(state.drain({ topology: true }));
    expect(changes?.hosts).toHaveLength(1_000);
    expect(changes?.portGroups?.find((p) => p.name === "web")?.vlan).toBe("20");
  });

  it("sends the hosts whose heartbeat moved their applied sequence, not all 1000 on every beat", () => {
    // given every host heard from at the log's sequence
    const { log, state, names } = thousandHosts();
    for (const h of names) state.heartbeat(beat(h, log.seq));
    state.drain({ topology: true });
    // when all beat again, three of them at a later sequence
    for (const h of names) state.heartbeat(beat(h, ["esx-01", "esx-500", "esx-1000"].includes(h) ? log.seq + 1 : log.seq));
    // then only those three are sent
    const out = state.drain({ topology: true });
    const hosts = out.find((m) => m.kind === "hostChanges");
    expect(hosts?.kind === "hostChanges" && hosts.changes.hosts.map((h) => h.name)).toEqual(["esx-01", "esx-1000", "esx-500"]);
    expect(out.map((m) => m.kind)).toEqual(["hostChanges"]);
  });
});
