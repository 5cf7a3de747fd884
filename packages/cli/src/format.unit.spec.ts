import { describe, expect, it } from "vitest";
import type { CommandResult } from "@vdsim/client";
import { describeApplied } from "./format.js";

const result = (ms: number[]): CommandResult =>
  ({ seq: 9, events: ["DistributedPortGroupPolicyChanged"], applied: ms.map((m, i) => ({ host: `esx-${String(i + 1).padStart(2, "0")}`, ms: m })), pending: [] }) as unknown as CommandResult;

describe("a --wait reply", () => {
  it("names each host of a small cluster", () => {
    expect(describeApplied(result([5, 12, 3]))).toBe("applied on 3 hosts in 12 ms (esx-01 5 ms, esx-02 12 ms, esx-03 3 ms)");
  });

  it("gives the median and the slowest three past 16 hosts", () => {
    const ms = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(describeApplied(result(ms))).toBe("applied on 100 hosts in 100 ms (median 50 ms; slowest esx-100 100 ms, esx-99 99 ms, esx-98 98 ms)");
  });
});
