import { describe, expect, it } from "vitest";
import { ChaosUsageError, NEMESES, parseChaosOptions, parseDuration, parseNemeses } from "./options.js";
import { Prng } from "./prng.js";
import { generateSchedule, type ScheduleInput } from "./schedule.js";

const HOSTS = ["esx-01", "esx-02", "esx-03", "esx-04"];
const NODES = ["vdsim-nats-1", "vdsim-nats-2", "vdsim-nats-3"];
const input = (seed: string, over: Partial<ScheduleInput> = {}): ScheduleInput => ({
  seed,
  durationMs: 30_000,
  nemeses: NEMESES,
  rate: 2,
  hosts: HOSTS,
  natsNodes: NODES,
  ...over,
});

describe("the chaos schedule", () => {
  it("is the same for the same seed", () => {
    expect(generateSchedule(input("s1"))).toEqual(generateSchedule(input("s1")));
  });

  it("differs between seeds, in both the workload and the nemeses", () => {
    const a = generateSchedule(input("s1"));
    const b = generateSchedule(input("s2"));
    expect(b.ops).not.toEqual(a.ops);
    expect(b.faults).not.toEqual(a.faults);
  });

  it("puts every requested nemesis in a 30 s run, one fault at a time, each healed before the end", () => {
    for (const seed of ["a", "b", "c", "d", "e", "f", "g", "h"]) {
      const { faults } = generateSchedule(input(seed));
      expect(new Set(faults.map((f) => f.kind))).toEqual(new Set(NEMESES));
      for (const [i, f] of faults.entries()) {
        expect(f.durationMs).toBeGreaterThanOrEqual(1_000);
        expect(f.atMs + f.durationMs).toBeLessThanOrEqual(28_000);
        if (i > 0) expect(f.atMs).toBeGreaterThanOrEqual(faults[i - 1]!.atMs + faults[i - 1]!.durationMs);
      }
    }
  });

  it("names targets that exist: hosts for host faults, the management service, NATS nodes", () => {
    const { faults } = generateSchedule(input("targets", { durationMs: 120_000 }));
    for (const f of faults) {
      if (f.kind === "mgmt-kill") expect(f.target).toBe("management");
      else if (f.kind === "nats-kill") expect(NODES).toContain(f.target);
      else expect(HOSTS).toContain(f.target);
    }
  });

  it("keeps the workload when only the nemeses change (the probe flows follow the faults)", () => {
    const workload = (s: ReturnType<typeof generateSchedule>) => s.ops.filter((o) => !(o.kind.startsWith("traffic") && "flow" in o && o.flow.startsWith("probe-")));
    const all = generateSchedule(input("w"));
    const some = generateSchedule(input("w", { nemeses: ["kill"] }));
    expect(workload(some)).toEqual(workload(all));
    expect(some.faults.every((f) => f.kind === "kill")).toBe(true);
  });

  it("plans about rate x duration operations, in time order, of every kind", () => {
    const { ops } = generateSchedule(input("rate", { durationMs: 60_000, rate: 5 }));
    expect(ops.length).toBeGreaterThan(240);
    expect(ops.length).toBeLessThan(360);
    expect(ops.map((o) => o.atMs)).toEqual([...ops.map((o) => o.atMs)].sort((x, y) => x - y));
    const kinds = new Set(ops.map((o) => o.kind));
    for (const k of ["vm-create", "vm-remove", "migrate", "evacuate", "portgroup-set", "host-local", "traffic-start", "traffic-stop"]) expect(kinds).toContain(k);
  });

  it("never removes the VMs the traffic flows run between, nor migrates the probe pair", () => {
    const s = generateSchedule(input("anchors", { durationMs: 120_000, rate: 10 }));
    const anchors = new Set(s.setup.vms.map((v) => v.vm));
    expect(s.setup.flows.length).toBe(2);
    for (const op of s.ops) {
      if (op.kind === "vm-remove") expect(anchors.has(op.vm)).toBe(false);
      if (op.kind === "migrate") expect(s.setup.probes).not.toContain(op.vm);
    }
  });

  it("runs a probe flow across each fault window and stops it before the next fault", () => {
    const s = generateSchedule(input("probes"));
    s.faults.forEach((f, i) => {
      const name = `probe-${String(i + 1).padStart(2, "0")}-${f.kind}`;
      const start = s.ops.find((o) => o.kind === "traffic-start" && o.flow === name)!;
      const stop = s.ops.find((o) => o.kind === "traffic-stop" && o.flow === name)!;
      expect(start.atMs).toBeLessThan(f.atMs);
      expect(stop.atMs).toBeGreaterThan(f.atMs + f.durationMs);
      expect(stop.atMs).toBeLessThan(s.faults[i + 1]?.atMs ?? s.durationMs);
    });
  });

  it("puts a prefix before every name it makes, and changes nothing else", () => {
    const plain = generateSchedule(input("p"));
    const tagged = generateSchedule(input("p", { prefix: "x1-" }));
    expect(tagged.setup.vms.map((v) => v.vm)).toEqual(plain.setup.vms.map((v) => `x1-${v.vm}`));
    expect(tagged.faults).toEqual(plain.faults);
    expect(tagged.ops.map((o) => o.atMs)).toEqual(plain.ops.map((o) => o.atMs));
    for (const op of tagged.ops) {
      if ("vm" in op) expect(op.vm).toMatch(/^x1-/);
      if ("flow" in op) expect(op.flow).toMatch(/^x1-/);
    }
  });

  it("has no nemesis with --nemesis none, and refuses nats-kill without a NATS cluster", () => {
    expect(generateSchedule(input("n", { nemeses: [] })).faults).toEqual([]);
    expect(() => generateSchedule(input("n", { natsNodes: [] }))).toThrow(/nats-kill needs a NATS cluster/);
    expect(() => generateSchedule(input("n", { hosts: ["esx-01"] }))).toThrow(/at least 2 hosts/);
  });
});

describe("the seeded generator", () => {
  it("repeats for a seed and stays in range", () => {
    const a = new Prng("x");
    const b = new Prng("x");
    const xs = Array.from({ length: 1_000 }, () => a.next());
    expect(xs).toEqual(Array.from({ length: 1_000 }, () => b.next()));
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(new Prng("y").next()).not.toBe(xs[0]);
  });
});

describe("chaos run options", () => {
  const seed = () => "random";
  it("parses durations and nemesis lists", () => {
    expect(parseDuration("30s")).toBe(30_000);
    expect(parseDuration("2m")).toBe(120_000);
    expect(parseDuration("7500ms")).toBe(7_500);
    expect(parseDuration("45")).toBe(45_000);
    expect(parseNemeses("pause, kill")).toEqual(["kill", "pause"]);
    expect(parseNemeses("none")).toEqual([]);
    expect(parseChaosOptions({}, seed)).toMatchObject({ hosts: 4, durationMs: 60_000, seed: "random", rate: 2, nemeses: ["kill", "pause", "partition", "mgmt-kill"] });
  });

  it("runs racks of two for rack-kill unless told, and one host per process otherwise", () => {
    expect(parseChaosOptions({}, seed).hostsPerProcess).toBe(1);
    expect(parseChaosOptions({ nemesis: "rack-kill" }, seed).hostsPerProcess).toBe(2);
    expect(parseChaosOptions({ nemesis: "kill", hostsPerProcess: "4" }, seed).hostsPerProcess).toBe(4);
    expect(parseChaosOptions({ nemesis: "rack-kill", attach: "/s" }, seed).hostsPerProcess).toBe(1);
  });

  it("refuses bad input naming the flag and the value", () => {
    const bad: Array<[Record<string, string>, RegExp]> = [
      [{ nemesis: "kill,flood" }, /unknown nemesis "flood"/],
      [{ duration: "soon" }, /invalid --duration soon/],
      [{ duration: "1s" }, /invalid --duration 1s: expected 5s to 1h/],
      [{ hosts: "1" }, /invalid --hosts 1: expected 2-16/],
      [{ hosts: "two" }, /invalid --hosts two/],
      [{ rate: "0" }, /invalid --rate 0/],
      [{ seed: "a b" }, /invalid --seed "a b"/],
      [{ hostsPerProcess: "0" }, /invalid --hosts-per-process 0: expected 1-4/],
      [{ hostsPerProcess: "1", nemesis: "rack-kill" }, /rack-kill kills a process of several hosts/],
      [{ hostsPerProcess: "2", attach: "/s" }, /--hosts-per-process shapes a cluster the run starts/],
    ];
    for (const [raw, message] of bad) {
      expect(() => parseChaosOptions(raw, seed)).toThrow(ChaosUsageError);
      expect(() => parseChaosOptions(raw, seed)).toThrow(message);
    }
  });
});
