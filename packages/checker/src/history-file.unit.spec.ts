import { mkdtempSync, rmSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { History } from "./history.js";
import { parseHistory, readHistory, serializeHistory, writeHistory } from "./history-file.js";

const sample: History = {
  seed: "42",
  startedAt: 1_000,
  endedAt: 9_000,
  entries: [
    { type: "op", id: 1, kind: "migrate", args: { vm: "web-01", to: "esx-02" }, invokedAt: 1_100, completedAt: 2_000, outcome: "ok", seq: 12, migrations: ["migration-1"] },
    { type: "fault", kind: "kill", target: "esx-02", startedAt: 3_000, healedAt: 4_000 },
    { type: "flow", name: "f", from: "a", to: "b", pps: 100, startedAt: 1_000, stoppedAt: 8_000, sent: 700, received: 690, lost: 10, longestGapMs: 900, migrated: false, samples: [{ at: 3_000, sent: 200, received: 200 }] },
    { type: "convergence", host: "esx-02", healedAt: 4_000, convergedAt: 4_300 },
  ],
};

describe("history.jsonl", () => {
  it("given a history, when written and read back, then it is the same, one header line then one line per entry", () => {
    const dir = mkdtempSync(join(tmpdir(), "vdsim-history-"));
    try {
      const file = join(dir, "history.jsonl");
      writeHistory(file, sample);
      const lines = readFileSync(file, "utf8").trimEnd().split("\n");
      expect(lines).toHaveLength(5);
      expect(JSON.parse(lines[0]!)).toEqual({ type: "header", seed: "42", startedAt: 1_000, endedAt: 9_000 });
      expect(readHistory(file)).toEqual(sample);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("given a runner appending entries, when the header comes last, then it still parses (the header may be written at the end)", () => {
    const [header, ...rest] = serializeHistory(sample).trimEnd().split("\n");
    expect(parseHistory([...rest, "", header].join("\n"))).toEqual(sample);
  });

  it("given bad lines, when parsed, then the error names the file and line", () => {
    expect(() => parseHistory('{"type":"header","seed":"1","startedAt":0,"endedAt":1}\nnot json', "h.jsonl")).toThrow(/^h\.jsonl:2: not JSON/);
    expect(() => parseHistory('{"type":"header","seed":"1","startedAt":0,"endedAt":1}\n{"type":"oops"}', "h.jsonl")).toThrow('h.jsonl:2: unknown entry type "oops"');
    expect(() => parseHistory('{"type":"fault"}', "h.jsonl")).toThrow("h.jsonl: no header line");
  });
});
