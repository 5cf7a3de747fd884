import { describe, expect, it } from "vitest";
import type { DashboardHost, DashboardTopology, TopologyHost } from "@vdsim/protocol";
import { applyHostChanges, applyTopologyChanges, columnsFor, countHosts, digestPropagation, filterHosts } from "./host-filter.js";

const SEQ = 100;
const name = (i: number): string => `esx-${String(i).padStart(2, "0")}`;
const tile = (i: number, vms: string[] = []): TopologyHost => ({ name: name(i), pnics: ["vmnic0"], switches: [], vms });
const status = (i: number, over: Partial<DashboardHost> = {}): DashboardHost => ({ name: name(i), status: "connected", lastHeartbeat: 1, appliedSeq: SEQ, pid: i, ...over });

/** 1000 hosts, vm-<i> on each; esx-13 not responding, esx-14 behind the log, esx-15 never heard from */
function thousand() {
  const tiles = Array.from({ length: 1_000 }, (_, k) => tile(k + 1, [`vm-${k + 1}`]));
  const hosts = new Map(tiles.map((t, k) => [t.name, status(k + 1)]));
  hosts.set("esx-13", status(13, { status: "notResponding" }));
  hosts.set("esx-14", status(14, { appliedSeq: SEQ - 2 }));
  hosts.delete("esx-15");
  return { tiles, hosts };
}

describe("the host grid's search", () => {
  it("finds a host by name, by a VM's name, and by a status word", () => {
    const { tiles, hosts } = thousand();
    expect(filterHosts(tiles, "esx-777", hosts, SEQ).map((h) => h.name)).toEqual(["esx-777"]);
    expect(filterHosts(tiles, "VM-778", hosts, SEQ).map((h) => h.name)).toEqual(["esx-778"]);
    expect(filterHosts(tiles, "esx-99", hosts, SEQ).map((h) => h.name)).toEqual(["esx-99", "esx-990", "esx-991", "esx-992", "esx-993", "esx-994", "esx-995", "esx-996", "esx-997", "esx-998", "esx-999"]);
    expect(filterHosts(tiles, "disconnected", hosts, SEQ).map((h) => h.name)).toEqual(["esx-13"]);
    expect(filterHosts(tiles, "Not Responding", hosts, SEQ).map((h) => h.name)).toEqual(["esx-13"]);
    expect(filterHosts(tiles, "lagging", hosts, SEQ).map((h) => h.name)).toEqual(["esx-14"]);
    expect(filterHosts(tiles, "waiting", hosts, SEQ).map((h) => h.name)).toEqual(["esx-15"]);
    expect(filterHosts(tiles, "connected", hosts, SEQ)).toHaveLength(998);
    expect(filterHosts(tiles, "  ", hosts, SEQ)).toBe(tiles);
  });

  it("counts connected (lagging included), lagging, disconnected and waiting hosts", () => {
    const { tiles, hosts } = thousand();
    expect(countHosts(tiles.map((t) => t.name), hosts, SEQ)).toEqual({ total: 1_000, connected: 998, lagging: 1, disconnected: 1, waiting: 1 });
  });

  it("lays out as many columns as fit, at least one", () => {
    expect(columnsFor(1_200, 300, 8)).toBe(3);
    expect(columnsFor(1_224, 300, 8)).toBe(4);
    expect(columnsFor(0, 300, 8)).toBe(1);
  });
});

describe("the service's changes applied to the page", () => {
  const topo: DashboardTopology = { seq: 1, hosts: [tile(1), tile(2), tile(3)], switches: [], portGroups: [] };

  it("replaces changed hosts in place, adds new ones in order, drops removed ones, keeps the rest by identity", () => {
    const next = applyTopologyChanges(topo, { seq: 2, hosts: [tile(2, ["vm-a"]), tile(10)], removed: ["esx-03"] });
    expect(next.seq).toBe(2);
    expect(next.hosts.map((h) => h.name)).toEqual(["esx-01", "esx-02", "esx-10"]);
    const more = applyTopologyChanges(next, { seq: 3, hosts: [tile(100), tile(9), tile(1000)], removed: [] });
    expect(more.hosts.map((h) => h.name)).toEqual(["esx-01", "esx-02", "esx-09", "esx-10", "esx-100", "esx-1000"]);
    expect(next.hosts[0]).toBe(topo.hosts[0]);
    expect(next.hosts[1]?.vms).toEqual(["vm-a"]);
    expect(next.switches).toBe(topo.switches);
  });

  it("keeps a host's identity when the service resends it unchanged", () => {
    const next = applyTopologyChanges(topo, { seq: 2, hosts: [tile(1)], removed: [] });
    expect(next.hosts[0]).toBe(topo.hosts[0]);
  });

  it("updates and removes host statuses by name", () => {
    const before = new Map([[name(1), status(1)], [name(2), status(2)]]);
    const after = applyHostChanges(before, { hosts: [status(2, { appliedSeq: SEQ + 1 })], removed: [name(1)] });
    expect([...after.keys()]).toEqual([name(2)]);
    expect(after.get(name(2))?.appliedSeq).toBe(SEQ + 1);
    expect(before.size).toBe(2);
  });
});

describe("a change's progress at scale", () => {
  const change = (times: ReadonlyArray<number | null>) => ({
    seq: 9,
    type: "DistributedPortGroupPolicyChanged",
    time: "",
    summary: "",
    hosts: times.map((ms, k) => ({ host: name(k + 1), ms })),
    totalMs: null,
  });

  it("lists every host of a small change, in its order", () => {
    const d = digestPropagation(change([5, null, 7]));
    expect(d).toEqual({ applied: 2, total: 3, p50: 5, p99: 7, listed: ["esx-01", "esx-02", "esx-03"] });
  });

  it("lists the hosts still applying, then the slowest, for a change to 1000 hosts", () => {
    // given esx-01 .. esx-1000 applied in 1..1000 ms, except esx-500 and esx-07 still applying
    const times = Array.from({ length: 1_000 }, (_, k): number | null => (k + 1 === 500 || k + 1 === 7 ? null : k + 1));
    const d = digestPropagation(change(times), 64, 5);
    expect(d.applied).toBe(998);
    expect(d.total).toBe(1_000);
    expect(d.p50).toBe(501); // the 499th of 998 times (7 and 500 missing)
    expect(d.p99).toBe(991);
    expect(d.listed).toEqual(["esx-07", "esx-500", "esx-1000", "esx-999", "esx-998"]);
  });
});
