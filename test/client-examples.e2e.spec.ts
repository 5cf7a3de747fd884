import { writeFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { main as clusterInATest } from "../packages/client/examples/cluster-in-a-test.js";
import { main as scenarioFromCode } from "../packages/client/examples/scenario-from-code.js";

const EXAMPLES = resolve(fileURLToPath(new URL("../examples", import.meta.url)));

/** The client's documented examples compile (tsconfig.test.json) and do what their README says. */
describe("the client's examples", () => {
  it("cluster-in-a-test.ts: applies, watches, refuses, pauses", async () => {
    const r = await clusterInATest();
    expect(r).toEqual({ vlan: 20, refused: expect.stringContaining("vSwitch1"), recorded: 0 });
  });

  it("scenario-from-code.ts: runs a scenario file; a bad file comes back as issues with lines", async () => {
    const report = await scenarioFromCode(join(EXAMPLES, "vss-drift.scenario.yaml"));
    expect(report).toMatchObject({ ok: true, scenario: "standard-switch drift" });
    const dir = mkdtempSync(join(tmpdir(), "vdsim-example-"));
    try {
      writeFileSync(join(dir, "bad.yaml"), "name: x\nhosts: 0\ntopology: {}\nsteps: []\n");
      expect(await scenarioFromCode(join(dir, "bad.yaml"))).toBe(
        `${dir}/bad.yaml:2: hosts: Too small: expected number to be >=1\n${dir}/bad.yaml:4: steps: a scenario needs at least one step`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
