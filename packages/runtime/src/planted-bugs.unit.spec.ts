import { describe, expect, it } from "vitest";
import { formatPlantedBug, parsePlantedBugs, plantBugArgs, plantedBugsOf, takePlantBugArgs } from "./planted-bugs.js";

const SPEC = "skip-source-release@esx-01,drop-applied-event:VmCreated, ack-without-append:VmRemoved";

describe("planted bugs (tests only)", () => {
  it("given specs, when parsed, then each bug is read and formats back to its spec", () => {
    const bugs = parsePlantedBugs([SPEC, "record-twice:VmRemoved"]);
    expect(bugs).toEqual([
      { kind: "skip-source-release", host: "esx-01" },
      { kind: "drop-applied-event", event: "VmCreated" },
      { kind: "ack-without-append", event: "VmRemoved" },
      { kind: "record-twice", event: "VmRemoved" },
    ]);
    expect(bugs.map(formatPlantedBug)).toEqual(["skip-source-release@esx-01", "drop-applied-event:VmCreated", "ack-without-append:VmRemoved", "record-twice:VmRemoved"]);
    expect(parsePlantedBugs([])).toEqual([]);
  });

  it("given bugs, when split by process, then a host gets its own and the unlimited ones, management the rest", () => {
    const bugs = parsePlantedBugs([SPEC, "drop-applied-event:VmMigrated@esx-02"]);
    expect(plantedBugsOf(bugs, { host: "esx-01" }).map(formatPlantedBug)).toEqual(["skip-source-release@esx-01", "drop-applied-event:VmCreated"]);
    expect(plantedBugsOf(bugs, { host: "esx-02" }).map(formatPlantedBug)).toEqual(["drop-applied-event:VmCreated", "drop-applied-event:VmMigrated@esx-02"]);
    expect(plantedBugsOf(bugs, "management").map(formatPlantedBug)).toEqual(["ack-without-append:VmRemoved"]);
  });

  it("given an unknown bug, a misplaced host or an unknown event type, when parsed, then it is refused by name", () => {
    expect(() => parsePlantedBugs(["lose-everything"])).toThrow(/unknown planted bug "lose-everything"/);
    expect(() => parsePlantedBugs(["ack-without-append:VmRemoved@esx-01"])).toThrow(/unknown planted bug/);
    expect(() => parsePlantedBugs(["drop-applied-event"])).toThrow(/unknown planted bug/);
    expect(() => parsePlantedBugs(["record-twice:VmRemovd"], ["VmRemoved"])).toThrow(/"VmRemovd" is not one/);
  });

  it("given bugs, when handed on as arguments, then the entry takes them back out of its command line", () => {
    const bugs = parsePlantedBugs(["record-twice:VmRemoved,skip-source-release"]);
    const argv = ["--nats", "nats://x", ...plantBugArgs(bugs), "--plant-bug=drop-applied-event:VmCreated"];
    const { specs, rest } = takePlantBugArgs(argv);
    expect(rest).toEqual(["--nats", "nats://x"]);
    expect(parsePlantedBugs(specs).map(formatPlantedBug)).toEqual(["record-twice:VmRemoved", "skip-source-release", "drop-applied-event:VmCreated"]);
  });
});
