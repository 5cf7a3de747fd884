import { describe, expect, it } from "vitest";
import { formatReport } from "./format.js";
import type { CheckReport } from "./types.js";

describe("formatReport", () => {
  it("given a failure, when formatted, then each invariant has its mark, the failure its events, then the figures and the verdict", () => {
    const report: CheckReport = {
      ok: false,
      invariants: [
        { name: "vm-placement", ok: false, evaluated: true, detail: "VM a runs on esx-01 and esx-02", events: [{ seq: 7, type: "VmMigrated", summary: "vm=a" }] },
        { name: "log-has-no-gap", ok: true, evaluated: true, detail: "sequences 1-9 without a gap" },
        { name: "hosts-converged", ok: true, evaluated: false, detail: "not evaluated (no history)" },
      ],
      figures: { events: 9, "migrations tried": 1 },
    };
    expect(formatReport(report)).toBe(
      [
        "FAIL  vm-placement: VM a runs on esx-01 and esx-02",
        "      events that led to it:",
        "        #7 VmMigrated vm=a",
        "PASS  log-has-no-gap: sequences 1-9 without a gap",
        "SKIP  hosts-converged: not evaluated (no history)",
        "",
        "events            9",
        "migrations tried  1",
        "",
        "INCONSISTENT: 1 invariant violated (vm-placement)",
      ].join("\n"),
    );
  });
});
