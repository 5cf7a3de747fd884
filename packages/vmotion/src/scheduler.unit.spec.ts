import { describe, expect, it } from "vitest";
import { concurrentVmotionLimit, MigrationScheduler, type ScheduledMigration } from "./scheduler.js";

const m = (id: string, source: string, destination: string): ScheduledMigration => ({ id, source, destination });
const ids = (ms: readonly ScheduledMigration[]) => ms.map((x) => x.id);

describe("MigrationScheduler", () => {
  it("admits up to the per-host limit and queues the rest", () => {
    const s = new MigrationScheduler({ defaultLimit: 2 });
    expect(ids(s.enqueue(m("1", "esx-01", "esx-02")))).toEqual(["1"]);
    expect(ids(s.enqueue(m("2", "esx-01", "esx-02")))).toEqual(["2"]);
    expect(ids(s.enqueue(m("3", "esx-01", "esx-02")))).toEqual([]);
    expect(ids(s.running())).toEqual(["1", "2"]);
    expect(ids(s.queued())).toEqual(["3"]);
    expect([s.inUse("esx-01"), s.inUse("esx-02"), s.inUse("esx-03")]).toEqual([2, 2, 0]);
  });

  it("counts a host's slots whether it is the source or the destination", () => {
    const s = new MigrationScheduler({ defaultLimit: 2 });
    s.enqueue(m("1", "esx-01", "esx-02"));
    s.enqueue(m("2", "esx-03", "esx-01"));
    expect(ids(s.enqueue(m("3", "esx-01", "esx-04")))).toEqual([]);
    expect(s.inUse("esx-01")).toBe(2);
  });

  it("frees the slots of a finished migration and admits the queued ones first come first served", () => {
    const s = new MigrationScheduler({ defaultLimit: 1 });
    s.enqueue(m("1", "esx-01", "esx-02"));
    s.enqueue(m("2", "esx-01", "esx-02"));
    s.enqueue(m("3", "esx-02", "esx-01"));
    expect(ids(s.finish("1"))).toEqual(["2"]);
    expect(ids(s.queued())).toEqual(["3"]);
    expect(ids(s.finish("2"))).toEqual(["3"]);
    expect(ids(s.finish("3"))).toEqual([]);
    expect(s.running()).toEqual([]);
  });

  it("needs a free slot on both hosts; migrations between other hosts go ahead", () => {
    const s = new MigrationScheduler({ defaultLimit: 1 });
    s.enqueue(m("1", "esx-01", "esx-02"));
    expect(ids(s.enqueue(m("2", "esx-03", "esx-02")))).toEqual([]);
    expect(ids(s.enqueue(m("3", "esx-04", "esx-05")))).toEqual(["3"]);
    expect(ids(s.finish("1"))).toEqual(["2"]);
  });

  it("lets no later arrival take a slot a queued migration is waiting to use", () => {
    const s = new MigrationScheduler({ defaultLimit: 1 });
    s.enqueue(m("1", "esx-01", "esx-02"));
    s.enqueue(m("2", "esx-03", "esx-02")); // waits for esx-02, holds esx-03
    expect(ids(s.enqueue(m("3", "esx-03", "esx-04")))).toEqual([]);
    expect(ids(s.finish("1"))).toEqual(["2"]);
    expect(ids(s.finish("2"))).toEqual(["3"]);
  });

  it("a waiting migration holds one slot per host, no more", () => {
    const s = new MigrationScheduler({ defaultLimit: 2 });
    s.enqueue(m("1", "esx-01", "esx-02"));
    s.enqueue(m("2", "esx-01", "esx-02"));
    s.enqueue(m("3", "esx-03", "esx-02")); // waits, holds one of esx-03's two slots
    expect(ids(s.enqueue(m("4", "esx-03", "esx-04")))).toEqual(["4"]);
    expect(ids(s.enqueue(m("5", "esx-03", "esx-04")))).toEqual([]);
  });

  it("takes per-host limits, e.g. 8 on a 10GbE vMotion network", () => {
    const s = new MigrationScheduler({
      defaultLimit: concurrentVmotionLimit(1_000),
      perHost: { "esx-10g": concurrentVmotionLimit(10_000) },
    });
    expect([s.limitOf("esx-01"), s.limitOf("esx-10g")]).toEqual([4, 8]);
    const admitted = Array.from({ length: 10 }, (_, i) => s.enqueue(m(`m${i}`, "esx-10g", `esx-${i % 3}`)).length);
    expect(admitted.reduce((a, b) => a + b, 0)).toBe(8);
    expect(s.inUse("esx-10g")).toBe(8);
  });

  it("drops a queued migration that is finished (cancelled) before it ran", () => {
    const s = new MigrationScheduler({ defaultLimit: 1 });
    s.enqueue(m("1", "esx-01", "esx-02"));
    s.enqueue(m("2", "esx-03", "esx-02"));
    s.enqueue(m("3", "esx-03", "esx-04"));
    expect(ids(s.finish("2"))).toEqual(["3"]);
    expect(s.queued()).toEqual([]);
  });

  it("ignores an id it already knows and a finish it does not", () => {
    const s = new MigrationScheduler({ defaultLimit: 1 });
    s.enqueue(m("1", "esx-01", "esx-02"));
    expect(s.enqueue(m("1", "esx-01", "esx-02"))).toEqual([]);
    s.enqueue(m("2", "esx-01", "esx-02"));
    expect(s.enqueue(m("2", "esx-01", "esx-02"))).toEqual([]);
    expect(ids(s.queued())).toEqual(["2"]);
    expect(s.finish("nope")).toEqual([]);
  });

  it("is deterministic: the same calls admit the same migrations in the same order", () => {
    const run = () => {
      const s = new MigrationScheduler({ defaultLimit: 2 });
      const log: string[][] = [];
      for (let i = 0; i < 12; i++) log.push(ids(s.enqueue(m(`m${i}`, `esx-${i % 4}`, `esx-${(i + 1) % 4}`))));
      for (let i = 0; i < 12; i += 3) log.push(ids(s.finish(`m${i}`)));
      return log;
    };
    expect(run()).toEqual(run());
  });

  it("defaults to vSphere's 4 per host on 1GbE and refuses a limit below 1", () => {
    expect(new MigrationScheduler().limitOf("esx-01")).toBe(4);
    expect(() => new MigrationScheduler({ defaultLimit: 0 })).toThrow(RangeError);
  });
});
