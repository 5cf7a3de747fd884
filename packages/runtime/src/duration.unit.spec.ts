import { describe, expect, it } from "vitest";
import { parseDurationMs } from "./duration.js";

describe("parseDurationMs", () => {
  it("given a duration with or without a unit, then milliseconds", () => {
    expect(["500ms", "30s", "2m", "1h", "1.5", " 10s "].map(parseDurationMs)).toEqual([500, 30_000, 120_000, 3_600_000, 1_500, 10_000]);
  });

  it("given text that is no duration, then undefined", () => {
    expect(["", "5x", "s", "-1s", "1d"].map(parseDurationMs)).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });
});
