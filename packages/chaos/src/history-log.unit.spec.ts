import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readHistory, type Fault } from "@vdsim/checker";
import { HistoryLog } from "./history-log.js";

const fault = (startedAt: number): Fault => ({ type: "fault", kind: "kill", target: "esx-01", startedAt, healedAt: startedAt + 5 });

describe("HistoryLog", () => {
  const dir = mkdtempSync(join(tmpdir(), "vdsim-history-log-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("has every entry on disk the moment it is recorded, readable as a history before the run ends", () => {
    const file = join(dir, "history.jsonl");
    const log = new HistoryLog(file, "seed-1", 1_000);
    expect(readHistory(file)).toEqual({ seed: "seed-1", startedAt: 1_000, endedAt: 1_000, entries: [] });
    log.record(fault(1_100));
    log.record(fault(1_200));
    expect(readFileSync(file, "utf8").trim().split("\n")).toHaveLength(3);
    expect(readHistory(file).entries).toEqual([fault(1_100), fault(1_200)]);
    log.close();
  });

  it("finish writes the end time into the header and keeps every entry", () => {
    const file = join(dir, "finished.jsonl");
    const log = new HistoryLog(file, "seed-2", 1_000);
    log.record(fault(1_100));
    const history = log.finish(9_000);
    expect(history.endedAt).toBe(9_000);
    expect(readHistory(file)).toEqual(history);
    log.record(fault(1_300));
    expect(readHistory(file).entries).toHaveLength(1);
  });
});
